package dev.freshness.monitor;

import ch.qos.logback.classic.Level;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.Severity;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A store that cannot be read fails the run: nothing is said to have recovered, nothing is lost. */
class StoreFailureTest {

    @Test
    void aStoreThatCannotBeReadFailsTheRunAndNoScopeIsSaidToHaveRecovered() throws Exception {
        CountingStore store = new CountingStore(new InMemoryFreshnessStore());
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        InMemoryMonitorState state = new InMemoryMonitorState();
        MonitorScenarios.Recorder recorder = new MonitorScenarios.Recorder();
        Instant stale = MonitorScenarios.MIDNIGHT.plus(Duration.ofHours(3));
        FreshnessMonitor monitor = FreshnessMonitor.using(store, MonitorScenarios.CATALOG, state)
                .withClock(SettableClock.at(stale.plusSeconds(60))).withChannel("listener", recorder)
                .withDeliveryInterval(Duration.ofMillis(10)).build();
        monitor.runOnce(stale);

        store.failReads(read -> read == CountingStore.Read.ACROSS_SCOPES,
                () -> new StoreException("the database is down", new IllegalStateException("connection refused")));
        assertThatThrownBy(() -> monitor.runOnce(stale.plusSeconds(30)))
                .isInstanceOf(StoreException.class).hasMessageContaining("the database is down");
        try (CapturedLog log = CapturedLog.of("dev.freshness.monitor")) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            try {
                monitor.start(scheduler);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (log.messages(Level.WARN).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            } finally {
                scheduler.shutdownNow();
            }
            assertThat(log.messages(Level.WARN)).first().asString()
                    .startsWith("Freshness monitor: the run failed and is tried again at the next interval:")
                    .contains("the database is down");
        }
        store.stopFailing();
        monitor.runOnce(stale.plusSeconds(90));

        assertThat(state.notifiedSeverities("ad_performance")).isEqualTo(Map.of(Scope.tenant("a"), Severity.WARNING));
        assertThat(recorder.changes()).containsExactly("BECAME_WARNING ad_performance a");
    }
}
