package dev.freshness.monitor;

import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.report.Severity;
import dev.freshness.testkit.CountingStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's cost in store and state calls does not grow with the tenants: 100,000 of them, five stale. */
class CostTest {

    private static final int TENANTS = 100_000;

    /** A state that counts its calls. */
    private static final class CountingState implements MonitorState {
        final AtomicInteger calls = new AtomicInteger();
        private final InMemoryMonitorState delegate = new InMemoryMonitorState();

        @Override
        public Map<Scope, Severity> notifiedSeverities(String pageKey) {
            calls.incrementAndGet();
            return delegate.notifiedSeverities(pageKey);
        }

        @Override
        public boolean claim(Change change, List<String> channels) {
            calls.incrementAndGet();
            return delegate.claim(change, channels);
        }

        @Override
        public List<Change> claimAll(List<Change> changes, List<String> channels) {
            calls.incrementAndGet();
            return changes.stream().filter(change -> delegate.claim(change, channels)).toList();
        }

        @Override
        public Claim claimDue(String channel, Instant now, Instant claimedUntil, int limit) {
            calls.incrementAndGet();
            return delegate.claimDue(channel, now, claimedUntil, limit);
        }

        @Override
        public void delivered(Claim claim) {
            calls.incrementAndGet();
            delegate.delivered(claim);
        }

        @Override
        public void failed(Claim claim, Instant retryAt) {
            calls.incrementAndGet();
            delegate.failed(claim, retryAt);
        }
    }

    @Test
    void aRunOverAHundredThousandTenantsReadsTheStoreAFewTimesNotOncePerTenant() {
        CountingStore store = new CountingStore(new InMemoryFreshnessStore());
        Instant midnight = MonitorScenarios.MIDNIGHT;
        for (int i = 0; i < TENANTS; i++) {
            String tenant = "tenant-" + i;
            // Five tenants' performance data stopped at midnight; everybody else's was refreshed at one.
            MonitorScenarios.succeed(store, tenant, "meta_ads_performance", i % 20_000 == 0 ? midnight : midnight.plus(Duration.ofHours(1)));
        }
        CountingState state = new CountingState();
        MonitorScenarios.Recorder recorder = new MonitorScenarios.Recorder();
        FreshnessMonitor monitor = FreshnessMonitor.using(store, MonitorScenarios.CATALOG, state)
                .withChannel("listener", recorder).build();

        MonitorRun stale = monitor.runOnce(midnight.plus(Duration.ofMinutes(150)));

        assertThat(stale.claimed()).hasSize(5);
        assertThat(store.reads()).as("one cross-scope read per page").isEqualTo(2);
        assertThat(state.calls.get()).as("per page one read, one claim of the changes, one claim of the channel's due"
                + " deliveries, and one settle per change delivered").isEqualTo(2 + 1 + 1 + 5);

        for (int i = 0; i < TENANTS; i += 20_000) {
            MonitorScenarios.succeed(store, "tenant-" + i, "meta_ads_performance", midnight.plus(Duration.ofMinutes(170)));
        }
        store.reset();
        state.calls.set(0);
        MonitorRun recovered = monitor.runOnce(midnight.plus(Duration.ofMinutes(180)));

        assertThat(recovered.claimed()).extracting(Change::kind).containsOnly(Change.Kind.RECOVERED).hasSize(5);
        assertThat(store.reads()).as("the cross-scope reads, and one read of the five recovered scopes").isEqualTo(3);
        assertThat(store.scopesAsked()).isEqualTo(5);
        assertThat(recorder.deliveries).hasSize(10);
    }
}
