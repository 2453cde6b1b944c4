package dev.freshness.monitor;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.Severity;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every monitor state must give, run on each: two monitors over one store and one state, a simulated day on
 * a settable clock, a receiver that is down for a while, a process that dies holding deliveries, the digest.
 */
abstract class MonitorScenarios {

    static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");
    static final String PERFORMANCE = "ad_performance";
    static final String HOOKS = "hook_analysis";

    static final Catalog CATALOG = Catalog.builder()
            .dataset("meta_ads_performance", "Ad performance")
            .dataset("ad_classifications", "Ad classifications")
            .producer("meta_sync", "meta_ads_performance", "ad_classifications")
            .page(PERFORMANCE, "Ad performance", Requirement.of("meta_ads_performance", Duration.ofHours(2)).errorAfter(Duration.ofHours(4)))
            .page(HOOKS, "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(6)).errorAfter(Duration.ofHours(12)))
            .build();

    /** A channel for anything else: it keeps what it was given. */
    static final class Recorder implements Notifier {
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(Delivery delivery) {
            deliveries.add(delivery);
        }

        List<String> changes() {
            return deliveries.stream().flatMap(delivery -> delivery.changes().stream())
                    .map(change -> change.kind() + " " + change.pageKey() + " " + change.scope().key()).toList();
        }
    }

    /** Raised by a notifier to stand for a process that dies while it delivers. */
    static final class ProcessDied extends Error {
        ProcessDied() {
            super("the process died", null, false, false);
        }
    }

    protected SettableClock clock;
    protected Receiver receiver;

    /** The store, empty, for this test. */
    abstract FreshnessStore store();

    /** A new view of the test's one monitor state, as another process (or a restarted one) would open it. */
    abstract MonitorState newState();

    @BeforeEach
    void startReceiver() throws Exception {
        clock = SettableClock.at(MIDNIGHT);
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    FreshnessMonitor.Builder monitor(FreshnessStore store, Recorder recorder) {
        return FreshnessMonitor.using(store, CATALOG, newState())
                .withClock(clock)
                .withChannel("ops", WebhookNotifier.to(receiver.url("/hooks/ops")).withTimeout(Duration.ofSeconds(5)).build())
                .withChannel("listener", recorder)
                .withRetryBackoff(Duration.ofMinutes(10), Duration.ofHours(1));
    }

    static void succeed(FreshnessStore store, String tenant, String dataset, Instant at) {
        store.apply(new RunEvent.Succeeded(Scope.tenant(tenant), DatasetKey.of(dataset), RunId.random(), at, 10));
    }

    /** How many threads record the successes of many tenants: a database server is mostly waited for. */
    int writerThreads() {
        return 8;
    }

    /** Records a success of {@code dataset} for each tenant, on {@code threads} threads. */
    static void succeedAll(FreshnessStore store, List<String> tenants, String dataset, Instant at, int threads) {
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            tenants.forEach(tenant -> done.add(writers.submit(() -> succeed(store, tenant, dataset, at))));
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot record the successes", e);
        } finally {
            writers.shutdown();
        }
    }

    @Test
    void withALeadTimeTwoMonitorsWarnOnceBeforeEachBreach() {
        FreshnessStore store = store();
        Recorder recorder = new Recorder();
        FreshnessMonitor first = monitor(store, recorder).withLeadTime(Duration.ofHours(1)).build();
        FreshnessMonitor second = monitor(store, recorder).withLeadTime(Duration.ofHours(1)).build();
        List<String> claimed = new ArrayList<>();
        for (int step = 0; step <= 48; step++) {
            Instant now = MIDNIGHT.plus(Duration.ofMinutes(30L * step));
            clock.set(now);
            double hour = step / 2.0;
            // Tenant a: its performance (warn 2 h, error 4 h) stops at 08:00, comes back at 16:00, stops again at
            // 18:00. Tenant b: its classifications (warn 6 h, error 12 h) never refresh after midnight.
            // Tenant c: everything on time.
            for (String tenant : List.of("a", "b", "c")) {
                if (!tenant.equals("a") || hour <= 8 || (hour >= 16 && hour <= 18)) {
                    succeed(store, tenant, "meta_ads_performance", now);
                }
                if (!tenant.equals("b") || step == 0) {
                    succeed(store, tenant, "ad_classifications", now);
                }
            }
            if (step == 24) {
                second = monitor(store, recorder).withLeadTime(Duration.ofHours(1)).build();
            }
            for (FreshnessMonitor monitor : List.of(first, second)) {
                monitor.runOnce(now).claimed().forEach(change -> claimed.add(
                        LocalTimeOf.of(change.at()) + " " + change.kind() + " " + change.pageKey() + " " + change.scope().key()));
            }
        }
        List<String> expected = List.of(
                "05:30 WILL_BE_STALE hook_analysis b",     // stale after 06:00, within the hour from 05:30
                "06:30 BECAME_WARNING hook_analysis b",
                "09:30 WILL_BE_STALE ad_performance a",    // last refreshed at 08:00: stale after 10:00
                "10:30 BECAME_WARNING ad_performance a",
                "12:30 BECAME_CRITICAL ad_performance a",
                "12:30 BECAME_CRITICAL hook_analysis b",
                "16:00 RECOVERED ad_performance a",
                "19:30 WILL_BE_STALE ad_performance a",    // warned again: it recovered, and turns again after 20:00
                "20:30 BECAME_WARNING ad_performance a",
                "22:30 BECAME_CRITICAL ad_performance a");
        assertThat(claimed).as("each change claimed once, by one of the two monitors").containsExactlyElementsOf(expected);
        assertThat(recorder.changes()).containsExactlyElementsOf(expected.stream().map(line -> line.substring(6)).toList());
        assertThat(receiver.acceptedChanges()).containsExactlyElementsOf(expected.stream().map(line -> line.substring(6)).toList());
        Change warned = recorder.deliveries.get(0).changes().get(0);
        assertThat(warned.upcoming()).isTrue();
        assertThat(warned.previous()).isEqualTo(Severity.OK);
        assertThat(warned.current()).isEqualTo(Severity.WARNING);
        assertThat(warned.sentence()).isEqualTo("Ad classifications goes stale in 30 minutes.");
        assertThat(warned.summary()).isEqualTo("hook_analysis for tenant:b will be stale soon: Ad classifications goes stale in 30 minutes.");
        assertThat(receiver.accepted().get(0).body()).contains("\"kind\":\"WILL_BE_STALE\"")
                .contains("\"previousSeverity\":\"OK\",\"severity\":\"WARNING\"")
                .contains("\"sentence\":\"Ad classifications goes stale in 30 minutes.\"");
    }

    @Test
    void withoutALeadTimeNothingIsSaidBeforeTheBreach() {
        FreshnessStore store = store();
        Recorder recorder = new Recorder();
        FreshnessMonitor monitor = monitor(store, recorder).build();
        succeed(store, "b", "ad_classifications", MIDNIGHT);
        clock.set(MIDNIGHT.plus(Duration.ofMinutes(5 * 60 + 30)));
        assertThat(monitor.runOnce().claimed()).isEmpty();
        clock.set(MIDNIGHT.plus(Duration.ofMinutes(6 * 60 + 30)));
        assertThat(monitor.runOnce().claimed()).extracting(Change::kind).containsExactly(Change.Kind.BECAME_WARNING);
    }

    /** The time of day of an instant, in UTC, as the expected lines say it. */
    private static final class LocalTimeOf {
        static String of(Instant instant) {
            return java.time.LocalTime.ofInstant(instant, java.time.ZoneOffset.UTC).toString();
        }
    }

    @Test
    void overASimulatedDayTwoMonitorsNotifyEachChangeOnceAndADownReceiverGetsItsAlertsAfter() {
        FreshnessStore store = store();
        Recorder recorder = new Recorder();
        FreshnessMonitor first = monitor(store, recorder).build();
        FreshnessMonitor second = monitor(store, recorder).build();
        List<Change> claimed = new ArrayList<>();
        try (CapturedLog log = CapturedLog.of("dev.freshness.monitor")) {
            for (int step = 0; step <= 48; step++) {
                Instant now = MIDNIGHT.plus(Duration.ofMinutes(30L * step));
                clock.set(now);
                double hour = step / 2.0;
                // Tenant a: its performance refresh stops at 08:00 and comes back at 16:00. Tenant b: its
                // classifications never refresh after midnight. Tenant c: everything on time.
                for (String tenant : List.of("a", "b", "c")) {
                    if (!tenant.equals("a") || hour <= 8 || hour >= 16) {
                        succeed(store, tenant, "meta_ads_performance", now);
                    }
                    if (!tenant.equals("b") || step == 0) {
                        succeed(store, tenant, "ad_classifications", now);
                    }
                }
                receiver.mode(hour >= 9 && hour < 13 ? Receiver.Mode.DOWN : Receiver.Mode.UP);
                if (step == 24) {
                    // A restart: the second process comes back with a new monitor on the same state.
                    second = monitor(store, recorder).build();
                }
                claimed.addAll(first.runOnce(now).claimed());
                claimed.addAll(second.runOnce(now.plusSeconds(1)).claimed());
            }
            assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).isNotEmpty()
                    .allSatisfy(message -> assertThat(message).contains("channel 'ops'").contains("HTTP 503")
                            .doesNotContain("/hooks/ops"));
        }

        List<String> expected = List.of(
                "BECAME_WARNING hook_analysis b", "BECAME_WARNING ad_performance a", "BECAME_CRITICAL ad_performance a",
                "BECAME_CRITICAL hook_analysis b", "RECOVERED ad_performance a");
        assertThat(claimed).extracting(change -> change.kind() + " " + change.pageKey() + " " + change.scope().key())
                .containsExactlyElementsOf(expected);
        assertThat(recorder.changes()).containsExactlyElementsOf(expected);
        assertThat(receiver.acceptedChanges()).containsExactlyElementsOf(expected);
        assertThat(receiver.refused()).as("tried while down, then delivered after").isNotEmpty();
        assertThat(receiver.accepted()).extracting(request -> request.header(WebhookNotifier.DELIVERY_HEADER))
                .doesNotHaveDuplicates();
        assertThat(recorder.deliveries.get(0).changes().get(0).sentence())
                .isEqualTo("Ad classifications: last refreshed 6 hours ago, expected within 6 hours.");
        assertThat(recorder.deliveries.get(4).changes().get(0).sentence()).startsWith("Ad performance: last refreshed 0 seconds ago");
    }

    @Test
    void aProcessThatDiesWhileDeliveringLeavesItsDeliveriesToAnotherOnceItsClaimRunsOut() {
        FreshnessStore store = store();
        succeed(store, "a", "meta_ads_performance", MIDNIGHT);
        Recorder recorder = new Recorder();
        FreshnessMonitor dying = FreshnessMonitor.using(store, CATALOG, newState()).withClock(clock)
                .withChannel("listener", delivery -> {
                    throw new ProcessDied();
                })
                .withClaimDuration(Duration.ofMinutes(2)).build();
        FreshnessMonitor survivor = FreshnessMonitor.using(store, CATALOG, newState()).withClock(clock)
                .withChannel("listener", recorder).withClaimDuration(Duration.ofMinutes(2)).build();
        Instant stale = MIDNIGHT.plus(Duration.ofHours(3));

        try {
            dying.runOnce(stale);
            throw new AssertionError("the dying monitor delivered");
        } catch (ProcessDied expected) {
            // It claimed the change and its delivery, and died holding the delivery.
        }
        assertThat(survivor.runOnce(stale.plusSeconds(60)).delivered()).as("still claimed by the dead one").isZero();
        MonitorRun after = survivor.runOnce(stale.plus(Duration.ofMinutes(3)));

        assertThat(after.claimed()).as("the change was claimed once, by the one that died").isEmpty();
        assertThat(after.delivered()).isEqualTo(1);
        assertThat(recorder.changes()).containsExactly("BECAME_WARNING ad_performance a");
        assertThat(survivor.runOnce(stale.plus(Duration.ofMinutes(10))).delivered()).isZero();
    }

    @Test
    void twoThousandTenantsGoingStaleAtOnceReachEachChannelAsOneDigest() {
        FreshnessStore store = store();
        List<String> tenants = IntStream.range(0, 2000).mapToObj(i -> String.format("tenant-%04d", i)).toList();
        succeedAll(store, tenants, "ad_classifications", MIDNIGHT, writerThreads());
        Recorder recorder = new Recorder();
        FreshnessMonitor first = monitor(store, recorder)
                .withChannel("slack", SlackNotifier.to(receiver.url("/services/T000/B000/XXXX"))).build();
        FreshnessMonitor second = monitor(store, recorder)
                .withChannel("slack", SlackNotifier.to(receiver.url("/services/T000/B000/XXXX"))).build();
        Instant stale = MIDNIGHT.plus(Duration.ofHours(7));

        int claimed = first.runOnce(stale).claimed().size() + second.runOnce(stale).claimed().size();

        assertThat(claimed).isEqualTo(2000);
        assertThat(recorder.deliveries).hasSize(1);
        assertThat(recorder.deliveries.get(0).digest()).isTrue();
        assertThat(recorder.deliveries.get(0).changes()).hasSize(2000);
        List<Receiver.Request> webhook = receiver.accepted().stream().filter(r -> r.path().startsWith("/hooks")).toList();
        assertThat(webhook).hasSize(1);
        assertThat(webhook.get(0).body()).startsWith("{\"type\":\"digest\",\"id\":\"ops-").contains("\"count\":2000,");
        List<String> expected = tenants.stream().map(tenant -> "BECAME_WARNING hook_analysis " + tenant).toList();
        List<String> received = new ArrayList<>(webhook.get(0).changes());
        Collections.sort(received);
        assertThat(received).containsExactlyElementsOf(expected);
        List<Receiver.Request> slack = receiver.accepted().stream().filter(r -> r.path().startsWith("/services")).toList();
        assertThat(slack).hasSize(1);
        assertThat(slack.get(0).body()).contains("Freshness: 2000 changes*").contains("2000 became WARNING")
                .contains("and 1980 more");
    }

    /** A store with the page's datasets refreshed at midnight, and a freshness of its own to read it. */
    static DatasetFreshness freshness(FreshnessStore store, SettableClock clock) {
        return DatasetFreshness.using(store, CATALOG).withClock(clock).withStoreExecutor(Runnable::run).build();
    }
}
