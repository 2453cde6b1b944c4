package dev.freshness.acceptance.wrapper;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A typo in a dataset key ({@code ad_clasifications}) on the reference catalog: by default the run is recorded
 * and one warning names the key meant; under the REJECT policy the job never runs and nothing is written.
 */
class UndeclaredDatasetTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final String TYPO = "ad_clasifications";

    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T06:00:00Z"));
    private DatasetFreshness freshness;
    private CapturedLog log;

    @BeforeEach
    void captureTheWrappersLog() {
        log = CapturedLog.atConfiguredLevel(CapturedLog.TRACKING);
    }

    @AfterEach
    void close() {
        try {
            if (freshness != null) {
                freshness.close();
            }
        } finally {
            log.close();
        }
    }

    private DatasetFreshness withPolicy(UndeclaredDatasetPolicy policy) {
        freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), ReferenceSystem.catalog()).withClock(clock)
                .withUndeclaredDatasetPolicy(policy).build();
        return freshness;
    }

    @Test
    void byDefaultTheRunIsRecordedAndOneWarningNamesTheClosestKey() {
        freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), ReferenceSystem.catalog()).withClock(clock).build();

        long classified = freshness.track(ACME, TYPO).job("ad_classification").recordsFrom(Long::longValue).call(() -> 30L);
        freshness.track(GLOBEX, TYPO).job("ad_classification").call(() -> 12L);

        assertThat(classified).isEqualTo(30);
        assertThat(log.events()).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("'" + TYPO + "'").contains("'ad_classifications'");
        });
        assertThat(freshness.records().status(ACME, TYPO).lastSuccess()).get()
                .satisfies(success -> assertThat(success.recordsAffected()).isEqualTo(30));
        assertThat(freshness.records().status(GLOBEX, TYPO).lastSuccess()).isPresent();
    }

    @Test
    void underRejectTheJobNeverRunsAndTheErrorNamesTheClosestKey() {
        withPolicy(UndeclaredDatasetPolicy.REJECT);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> freshness.track(ACME, TYPO).call(() -> ran.getAndSet(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + TYPO + "'")
                .hasMessageContaining("'ad_classifications'");
        assertThatThrownBy(() -> freshness.records().recordStart(ACME, TYPO, RunId.of("classify#1"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ad_classifications'");

        assertThat(ran).isFalse();
        assertThat(freshness.records().status(ACME, TYPO).isEmpty()).isTrue();
        assertThat(freshness.records().statusesLastSucceededBefore(TYPO, Instant.MAX)).isEmpty();
        assertThat(log.events()).isEmpty();
        assertThat(freshness.track(ACME, "ad_classifications").call(() -> 5)).as("a declared dataset").isEqualTo(5);
    }

    @Test
    void underAllowTheRunIsRecordedQuietly() {
        withPolicy(UndeclaredDatasetPolicy.ALLOW);

        freshness.track(ACME, TYPO).call(() -> 1);

        assertThat(freshness.records().status(ACME, TYPO).lastSuccess()).isPresent();
        assertThat(log.events()).isEmpty();
    }
}
