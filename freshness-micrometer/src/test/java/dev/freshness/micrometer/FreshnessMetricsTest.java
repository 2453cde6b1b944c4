package dev.freshness.micrometer;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.UndeclaredDatasetPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.freshness.micrometer.FreshnessMetrics.PAGE_SCOPES;
import static dev.freshness.micrometer.FreshnessMetrics.LAST_SUCCESS_AGE;
import static dev.freshness.micrometer.FreshnessMetrics.RUNS;
import static dev.freshness.micrometer.FreshnessMetrics.RUN_DURATION;
import static dev.freshness.micrometer.FreshnessMetrics.RUN_RECORDS;
import static dev.freshness.micrometer.FreshnessMetrics.STORE_FAILURES;
import static dev.freshness.micrometer.FreshnessMetrics.UNTRACKED_RUNS;
import static dev.freshness.micrometer.ReferenceCatalog.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The run meters: what each tracked run, untracked run and store failure adds, and the tenant tag's cap. */
class FreshnessMetricsTest {

    private static final Scope ACME = Scope.tenant("acme");

    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-09T09:00:00Z"));
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private DatasetFreshness freshness(FreshnessMetrics metrics) {
        return DatasetFreshness.using(store, CATALOG).withClock(clock).withTrackingListener(metrics)
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW).build();
    }

    private FreshnessMetrics bound(FreshnessMetrics.Builder builder) {
        FreshnessMetrics metrics = builder.withClock(clock).build();
        metrics.bindTo(registry);
        return metrics;
    }

    @Test
    void theCatalogsMetersExistBeforeTheFirstRunWithoutReadingTheStore() {
        bound(FreshnessMetrics.builder(store, CATALOG));

        assertThat(registry.get(RUNS).tags("dataset", "ad_classifications", "job", "ad_classification", "outcome", "success")
                .counter().count()).isZero();
        assertThat(registry.get(RUNS).tags("dataset", "scorecard", "outcome", "failure").counter().count()).isZero();
        assertThat(registry.get(RUN_DURATION).tags("dataset", "templates_scraped", "job", "template_scrape").timers()).hasSize(2);
        assertThat(registry.get(RUN_RECORDS).tags("dataset", "scorecard", "job", "scorecard").summary().count()).isZero();
        assertThat(registry.get(UNTRACKED_RUNS).tags("dataset", "scorecard").counters()).hasSize(3);
        assertThat(registry.get(STORE_FAILURES).counters()).extracting(counter -> counter.getId().getTag("operation"))
                .containsExactlyInAnyOrder("start", "success", "failure", "read");
        assertThat(registry.get(LAST_SUCCESS_AGE).gauges()).as("2 per dataset").hasSize(6);
        assertThat(registry.get(PAGE_SCOPES).gauges()).as("3 severities per page").hasSize(6);
        assertThat(store.reads()).as("gauges read only when scraped").isZero();
    }

    @Test
    void eachRunIsCountedAndTimedByDatasetJobAndOutcome() {
        DatasetFreshness freshness = freshness(bound(FreshnessMetrics.builder(store, CATALOG)));

        freshness.track(ACME, "scorecard").job("scorecard").recordsFrom(List<?>::size).call(() -> {
            clock.advance(Duration.ofSeconds(42));
            return List.of(1, 2, 3);
        });
        freshness.track(Scope.global(), "scorecard").job("scorecard").run(context -> {
            clock.advance(Duration.ofSeconds(8));
            context.recordsAffected(7);
        });
        Throwable failure = catchThrowable(() -> freshness.track(ACME, "scorecard").job("scorecard").run(() -> {
            clock.advance(Duration.ofMillis(1500));
            throw new IOException("disk full");
        }));
        freshness.track(ACME, "ad_hoc").run(() -> { });

        assertThat(failure).isInstanceOf(IOException.class);
        assertThat(registry.get(RUNS).tags("dataset", "scorecard", "job", "scorecard", "outcome", "success").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(RUNS).tags("dataset", "scorecard", "job", "scorecard", "outcome", "failure").counter().count())
                .isEqualTo(1);
        Timer successes = registry.get(RUN_DURATION).tags("dataset", "scorecard", "job", "scorecard", "outcome", "success").timer();
        assertThat(successes.count()).isEqualTo(2);
        assertThat(successes.totalTime(TimeUnit.SECONDS)).isEqualTo(50);
        assertThat(successes.max(TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(registry.get(RUN_DURATION).tags("outcome", "failure", "dataset", "scorecard").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(1500);
        var records = registry.get(RUN_RECORDS).tags("dataset", "scorecard", "job", "scorecard").summary();
        assertThat(records.count()).isEqualTo(2);
        assertThat(records.totalAmount()).isEqualTo(10);
        assertThat(records.getId().getBaseUnit()).isEqualTo("records");
        assertThat(registry.get(RUNS).tags("dataset", "ad_hoc", "job", FreshnessMetrics.NO_JOB, "outcome", "success")
                .counter().count()).as("an undeclared dataset and a job with no name").isEqualTo(1);
        assertThat(successes.getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void runsLeftUntrackedAreCountedByReason() throws Exception {
        DatasetFreshness freshness = freshness(bound(FreshnessMetrics.builder(store, CATALOG)));

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            freshness.track((Scope) null, "scorecard").run(() -> { });
            freshness.track((Scope) null, "scorecard").run(() -> { });
            assertThat(log.messages(Level.WARN)).singleElement().asString().startsWith("A job of scorecard ran untracked");
        }
        freshness.track(Optional.empty(), "scorecard").run(() -> { });
        freshness.track(ACME, "scorecard").onlyIf(false).run(() -> { });

        assertThat(registry.get(UNTRACKED_RUNS).tags("dataset", "scorecard", "reason", "null_scope").counter().count()).isEqualTo(2);
        assertThat(registry.get(UNTRACKED_RUNS).tags("dataset", "scorecard", "reason", "no_scope").counter().count()).isEqualTo(1);
        assertThat(registry.get(UNTRACKED_RUNS).tags("dataset", "scorecard", "reason", "condition_false").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(RUNS).counters()).allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void storeFailuresAreCountedByOperation() {
        DatasetFreshness freshness = freshness(bound(FreshnessMetrics.builder(store, CATALOG)));
        store.failWrites(event -> event instanceof RunEvent.Succeeded, () -> new IllegalStateException("store down"));

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            assertThat(freshness.track(ACME, "scorecard").call(() -> "value")).isEqualTo("value");
            assertThat(log.messages(Level.WARN)).singleElement().asString().startsWith("Could not record the success");
        }

        assertThat(registry.get(STORE_FAILURES).tag("operation", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get(STORE_FAILURES).tag("operation", "start").counter().count()).isZero();
        assertThat(registry.get(RUNS).tags("dataset", "scorecard", "job", "none", "outcome", "success").counter().count())
                .as("the run still succeeded").isEqualTo(1);
    }

    @Test
    void thereIsNoTenantTagByDefault() {
        DatasetFreshness freshness = freshness(bound(FreshnessMetrics.builder(store, CATALOG)));

        for (int i = 0; i < 50; i++) {
            freshness.track(Scope.tenant("tenant-" + i), "scorecard").job("scorecard").run(() -> { });
        }

        assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getTag("tenant") != null);
        assertThat(registry.get(RUNS).tags("dataset", "scorecard", "job", "scorecard", "outcome", "success").counter().count())
                .isEqualTo(50);
    }

    @Test
    void theTenantTagNamesTheFirstTenantsAndPutsTheRestInOneBucket() {
        DatasetFreshness freshness = freshness(bound(FreshnessMetrics.builder(store, CATALOG).withTenantTag(2)));

        for (String tenant : List.of("acme", "globex", "initech", "umbrella", "acme")) {
            freshness.track(Scope.tenant(tenant), "scorecard").job("scorecard").run(() -> { });
        }
        freshness.track(Scope.global(), "scorecard").job("scorecard").run(() -> { });

        java.util.Collection<Meter> runs = registry.get(RUNS).tags("dataset", "scorecard", "job", "scorecard", "outcome", "success").meters();
        assertThat(runs).extracting(meter -> meter.getId().getTag("tenant"))
                .containsExactlyInAnyOrder("acme", "globex", FreshnessMetrics.OTHER_TENANTS, FreshnessMetrics.GLOBAL_SCOPE);
        assertThat(registry.get(RUNS).tags("outcome", "success", "job", "scorecard", "tenant", "acme").counter().count()).isEqualTo(2);
        assertThat(registry.get(RUNS).tags("outcome", "success", "job", "scorecard", "tenant", "*other").counter().count()).isEqualTo(2);
        assertThat(registry.get(RUNS).meters()).as("every run meter has the tag once it is on")
                .allMatch(meter -> meter.getId().getTag("tenant") != null);
    }

    @Test
    void everyBoundRegistryCountsAndBindingTwiceAddsNothing() {
        FreshnessMetrics metrics = bound(FreshnessMetrics.builder(store, CATALOG));
        MeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(second);
        metrics.bindTo(registry);

        freshness(metrics).track(ACME, "scorecard").job("scorecard").run(() -> { });

        for (MeterRegistry each : List.of(registry, second)) {
            assertThat(each.get(RUNS).tags("dataset", "scorecard", "outcome", "success").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        FreshnessMetrics.Builder builder = FreshnessMetrics.builder(store, CATALOG);

        assertThatThrownBy(() -> builder.withTenantTag(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTenants must be from 1 to 10000, was 0");
        assertThatThrownBy(() -> builder.withTenantTag(10_001)).hasMessageContaining("was 10001");
        assertThatThrownBy(() -> builder.withGaugeRefreshInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must be positive, was PT0S");
        assertThatThrownBy(() -> builder.withGaugeReadPageSize(10_001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageSize must be from 1 to 10000, was 10001");
        assertThatThrownBy(() -> builder.withClock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> FreshnessMetrics.builder(null, CATALOG)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("store");
        assertThatThrownBy(() -> FreshnessMetrics.builder(store, null)).hasMessageContaining("catalog");
        assertThatThrownBy(() -> builder.build().bindTo(null)).hasMessageContaining("registry");
    }
}
