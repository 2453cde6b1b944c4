package dev.freshness.acceptance.foundation;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.StatusPage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The explicit calls of the entry point as the original system used them, over the in-memory store. */
class RecordingAndReadingTest {

    private static final Instant MONDAY = Instant.parse("2026-01-05T09:00:00Z");
    private static final Scope BRAND = Scope.tenant("brand-42");

    private final InMemoryFreshnessStore store = new InMemoryFreshnessStore();
    private final SettableClock clock = SettableClock.at(MONDAY);
    private final DatasetFreshness freshness = DatasetFreshness.using(store).withClock(clock).build();

    @Test
    void aRunIsStampedByTheClockFromStartToSuccess() {
        RunId run = RunId.of("scorecard-1");
        freshness.recordStart(BRAND, "scorecard", run, "scorecard");
        assertThat(freshness.status(BRAND, "scorecard").runsInFlight())
                .containsExactly(new DatasetStatus.Start(run, MONDAY));

        clock.advance(Duration.ofMinutes(3));
        freshness.recordSuccess(BRAND, "scorecard", run, 120);

        DatasetStatus status = freshness.status(BRAND, "scorecard");
        assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(run, MONDAY.plus(Duration.ofMinutes(3)), 120));
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(freshness.runHistory(run)).containsExactly(new RunRecord(BRAND, DatasetKey.of("scorecard"), run,
                "scorecard", MONDAY, MONDAY.plus(Duration.ofMinutes(3)), RunRecord.Outcome.SUCCEEDED, 120, null));
    }

    @Test
    void aRunThatReportsBothOutcomesEndsWithTheLastOne() {
        RunId run = RunId.of("meta-sync-7");
        freshness.recordStart(BRAND, "ad_assets", run);
        clock.advance(Duration.ofSeconds(10));
        freshness.recordSuccess(BRAND, "ad_assets", run, 5);
        clock.advance(Duration.ofSeconds(1));
        freshness.recordFailure(BRAND, "ad_assets", run, new IllegalStateException("commit failed"));

        DatasetStatus status = freshness.status(BRAND, "ad_assets");
        assertThat(status.lastSuccess()).isPresent();
        assertThat(status.latestAttemptFailed()).isTrue();
        assertThat(status.lastFailure().orElseThrow().error().shortForm()).isEqualTo("IllegalStateException: commit failed");
        assertThat(freshness.runHistory(run)).singleElement()
                .extracting(RunRecord::outcome).isEqualTo(RunRecord.Outcome.FAILED);
    }

    @Test
    void oneRunRefreshesSeveralDatasetsAndScopes() {
        RunId run = RunId.of("meta-sync-8");
        for (String dataset : List.of("meta_ads_performance", "ad_thumbnails")) {
            freshness.recordStart(BRAND, dataset, run, "meta_sync");
            freshness.recordSuccess(BRAND, dataset, run, 10);
        }
        freshness.recordSuccess(Scope.global(), "ad_thumbnails", run, 30);

        Map<DatasetKey, DatasetStatus> statuses = freshness.statuses(BRAND,
                List.of("ad_thumbnails", "meta_ads_performance", "never_recorded"));

        assertThat(statuses).containsOnlyKeys(DatasetKey.of("ad_thumbnails"), DatasetKey.of("meta_ads_performance"),
                DatasetKey.of("never_recorded"));
        assertThat(statuses.keySet()).extracting(DatasetKey::value)
                .as("in the order asked").containsExactly("ad_thumbnails", "meta_ads_performance", "never_recorded");
        assertThat(statuses.get(DatasetKey.of("never_recorded")).isEmpty()).isTrue();
        assertThat(freshness.runHistory(run)).extracting(record -> record.scope().key() + "/" + record.dataset())
                .containsExactly("*/ad_thumbnails", "brand-42/ad_thumbnails", "brand-42/meta_ads_performance");
    }

    @Test
    void theScopesThatLastSucceededTooLongAgoArePagedThrough() {
        for (String brand : List.of("brand-1", "brand-2", "brand-3", "brand-4")) {
            freshness.recordSuccess(Scope.tenant(brand), "templates_scraped", RunId.random(), 1);
            clock.advance(Duration.ofDays(1));
        }
        freshness.recordFailure(Scope.tenant("brand-5"), "templates_scraped", RunId.random(), new RuntimeException("x"));

        Instant twoDaysAgo = clock.instant().minus(Duration.ofDays(2));
        StatusPage first = freshness.statusesLastSucceededBefore("templates_scraped", twoDaysAgo, 2);
        StatusPage second = freshness.statusesAcrossScopes(
                CrossScopeQuery.of(Set.of(DatasetKey.of("templates_scraped")))
                        .lastSucceededBefore(twoDaysAgo).limit(2).after(first.nextPage().orElseThrow()));

        assertThat(first.statuses()).extracting(status -> status.scope().key()).containsExactly("brand-1", "brand-2");
        assertThat(second.statuses()).extracting(status -> status.scope().key()).containsExactly("brand-5");
        assertThat(second.nextPage()).isEmpty();
    }

    @Test
    void pruningKeepsTheLatestSuccessAndTheStatus() {
        RunId old = RunId.of("old");
        RunId latest = RunId.of("latest");
        freshness.recordSuccess(BRAND, "scorecard", old, 1);
        clock.advance(Duration.ofDays(1));
        freshness.recordSuccess(BRAND, "scorecard", latest, 2);
        clock.advance(Duration.ofDays(1));
        freshness.recordFailure(BRAND, "scorecard", RunId.of("failed"), new RuntimeException("x"));
        DatasetStatus before = freshness.status(BRAND, "scorecard");
        clock.advance(Duration.ofDays(90));

        assertThat(freshness.pruneHistoryOlderThan(Duration.ofDays(30))).isEqualTo(2);

        assertThat(freshness.history(BRAND, "scorecard", 10)).extracting(RunRecord::runId).containsExactly(latest);
        assertThat(freshness.status(BRAND, "scorecard")).isEqualTo(before);
    }
}
