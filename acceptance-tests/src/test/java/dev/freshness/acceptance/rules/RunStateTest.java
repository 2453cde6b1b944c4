package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.RunState;
import dev.freshness.track.RunHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The run state of a dataset no page needs ({@code ad_thumbnails}, runs take at most an hour), judged from its
 * status and its catalog definition alone, with no page and no made-up age limit.
 */
class RunStateTest {

    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Scope ACME = Scope.tenant("acme");
    private static final String THUMBNAILS = "ad_thumbnails";

    private final Catalog catalog = ReferenceSystem.catalog();
    private final SettableClock clock = SettableClock.at(T0);
    private final DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog)
            .withClock(clock).build();

    @AfterEach
    void close() {
        freshness.close();
    }

    @Test
    void aDatasetThatFailedAfterSucceedingAndHasAnAbandonedRunIsFailingAndAbandoned() {
        DatasetDefinition thumbnails = catalog.dataset(DatasetKey.of(THUMBNAILS)).orElseThrow();
        assertThat(catalog.consumersOf(thumbnails.key())).as("no page needs it").isEmpty();
        assertThat(thumbnails.maxRunDuration()).contains(Duration.ofHours(1));

        freshness.track(ACME, THUMBNAILS).job("meta_sync").recordsFrom(List<?>::size).call(() -> List.of("th1", "th2"));
        clock.advance(Duration.ofHours(6));
        Throwable cdnDown = catchThrowable(() -> freshness.track(ACME, THUMBNAILS).job("meta_sync").run(() -> {
            throw new IOException("CDN timed out");
        }));
        clock.advance(Duration.ofHours(6));
        RunHandle died = freshness.track(ACME, THUMBNAILS).job("meta_sync").runId(RunId.of("meta_sync#103")).start();
        assertThat(died.tracked()).isTrue();    // the process dies here: the handle is never closed

        clock.advance(Duration.ofHours(1));
        RunState stillRunning = RunState.of(status(), thumbnails, clock.instant());
        clock.advance(Duration.ofSeconds(1));
        RunState state = RunState.of(status(), thumbnails, clock.instant());

        assertThat(cdnDown).isInstanceOf(IOException.class);
        assertThat(stillRunning.isRefreshing()).as("for exactly the max run duration").isTrue();
        assertThat(stillRunning.isAbandoned()).isFalse();
        assertThat(state.isFailing()).isTrue();
        assertThat(state.failing()).get().satisfies(failure -> {
            assertThat(failure.at()).isEqualTo(T0.plus(Duration.ofHours(6)));
            assertThat(failure.error().shortForm()).isEqualTo("IOException: CDN timed out");
        });
        assertThat(state.isAbandoned()).isTrue();
        assertThat(state.abandoned()).contains(new DatasetStatus.Start(RunId.of("meta_sync#103"), T0.plus(Duration.ofHours(12))));
        assertThat(state.isRefreshing()).isFalse();
    }

    private DatasetStatus status() {
        return freshness.records().status(ACME, THUMBNAILS);
    }
}
