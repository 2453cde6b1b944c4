package dev.freshness.monitor;

import ch.qos.logback.classic.Level;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.Severity;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The channels: the webhook's JSON and signature, Slack's text, the log, secrets kept out of the log; scheduling. */
class NotifierTest {

    private static final Instant STALE = MonitorScenarios.MIDNIGHT.plus(Duration.ofHours(3));

    private Receiver receiver;
    private FreshnessStore store;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
        store = new InMemoryFreshnessStore();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private FreshnessMonitor.Builder monitor() {
        return FreshnessMonitor.using(store, MonitorScenarios.CATALOG, new InMemoryMonitorState());
    }

    @Test
    void theWebhookPostsTheDocumentedJsonSignedWithHmacSha256OfTheBody() throws Exception {
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        monitor().withChannel("ops", WebhookNotifier.to(receiver.url("/hooks/ops")).withSecret("s3cret").build())
                .build().runOnce(STALE);

        assertThat(receiver.accepted()).hasSize(1);
        Receiver.Request request = receiver.accepted().get(0);
        assertThat(request.body()).isEqualTo("{\"type\":\"change\",\"id\":\"ops-1\",\"count\":1,\"changes\":[{"
                + "\"kind\":\"BECAME_WARNING\",\"page\":\"ad_performance\",\"scope\":\"a\",\"global\":false,"
                + "\"previousSeverity\":\"OK\",\"severity\":\"WARNING\","
                + "\"sentence\":\"Ad performance: last refreshed 3 hours ago, expected within 2 hours.\","
                + "\"at\":\"2026-03-02T03:00:00Z\"}]}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header(WebhookNotifier.SIGNATURE_HEADER)).isEqualTo(expected);
        assertThat(request.header(WebhookNotifier.DELIVERY_HEADER)).isEqualTo("ops-1");
        assertThat(request.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void withoutASecretTheBodyIsNotSigned() {
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        monitor().withChannel("ops", WebhookNotifier.to(receiver.url("/hooks/ops")).build()).build().runOnce(STALE);

        assertThat(receiver.accepted()).singleElement()
                .satisfies(request -> assertThat(request.header(WebhookNotifier.SIGNATURE_HEADER)).isNull());
    }

    @Test
    void hostileTenantIdsAndSentencesStayTextInJsonAndInSlack() throws Exception {
        String hostile = "evil\"},{\"kind\":\"RECOVERED <!channel> & \\";
        Delivery delivery = new Delivery("ops-7", List.of(new Change("ad_performance", Scope.tenant(hostile),
                Severity.OK, Severity.CRITICAL, "line one\nline \"two\"\u2028", STALE)), false);

        WebhookNotifier.to(receiver.url("/hooks/ops")).build().deliver(delivery);
        SlackNotifier.to(receiver.url("/services/T/B/X")).deliver(delivery);

        String json = receiver.accepted().get(0).body();
        assertThat(json).contains("\"scope\":\"evil\\\"},{\\\"kind\\\":\\\"RECOVERED <!channel> & \\\\\"")
                .contains("\"sentence\":\"line one\\nline \\\"two\\\"\\u2028\"");
        assertThat(receiver.accepted().get(0).changes()).as("one change, not two").hasSize(1);
        String slack = receiver.accepted().get(1).body();
        assertThat(slack).contains("&lt;!channel&gt; &amp;").doesNotContain("<!channel>");
    }

    @Test
    void theGlobalScopeIsANullScopeMarkedGlobalAndADigestCountsItsChanges() throws Exception {
        Change global = new Change("hook_analysis", Scope.global(), Severity.WARNING, Severity.CRITICAL, "old", STALE);
        Change tenant = new Change("hook_analysis", Scope.tenant("b"), Severity.CRITICAL, Severity.OK, "fresh", STALE);

        WebhookNotifier.to(receiver.url("/hooks/ops")).build().deliver(new Delivery("ops-3-4", List.of(global, tenant), true));

        assertThat(receiver.accepted().get(0).body()).startsWith("{\"type\":\"digest\",\"id\":\"ops-3-4\",\"count\":2,")
                .contains("{\"kind\":\"BECAME_CRITICAL\",\"page\":\"hook_analysis\",\"scope\":null,\"global\":true,"
                        + "\"previousSeverity\":\"WARNING\",\"severity\":\"CRITICAL\"")
                .contains("{\"kind\":\"RECOVERED\",\"page\":\"hook_analysis\",\"scope\":\"b\",\"global\":false,");
    }

    @Test
    void urlsAndSecretsAreNeverLoggedInClear() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        receiver.mode(Receiver.Mode.DOWN);
        FreshnessMonitor monitor = monitor()
                .withChannel("ops", WebhookNotifier.to(receiver.url("/hooks/T0KEN-123?sig=abcdef")).withSecret("topsecret").build())
                .withChannel("slack", SlackNotifier.to(URI.create("http://127.0.0.1:" + closedPort + "/services/T000/B000/XXXXSECRET")))
                .build();

        try (CapturedLog log = CapturedLog.of("dev.freshness.monitor")) {
            MonitorRun run = monitor.runOnce(STALE);

            assertThat(run.failed()).isEqualTo(2);
            List<String> warnings = log.messages(Level.WARN);
            assertThat(warnings).hasSize(2).allSatisfy(message -> assertThat(message)
                    .doesNotContain("T0KEN-123", "abcdef", "topsecret", "XXXXSECRET", "/services", "/hooks"));
            assertThat(warnings).anySatisfy(message -> assertThat(message)
                    .contains("channel 'ops' (webhook to " + receiver.url("/***") + ", signed)").contains("HTTP 503"));
            assertThat(warnings).anySatisfy(message -> assertThat(message)
                    .contains("channel 'slack' (Slack webhook at http://127.0.0.1:" + closedPort + "/***)"));
        }
        assertThat(monitor.toString()).doesNotContain("T0KEN-123", "abcdef", "topsecret", "XXXXSECRET");
    }

    @Test
    void theLogNotifierWritesChangesAtWarnAndRecoveriesAtInfo() {
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        FreshnessMonitor monitor = monitor().withChannel("log", new LogNotifier()).build();

        try (CapturedLog log = CapturedLog.of(LogNotifier.LOGGER_NAME)) {
            monitor.runOnce(STALE);
            MonitorScenarios.succeed(store, "a", "meta_ads_performance", STALE.plusSeconds(60));
            monitor.runOnce(STALE.plusSeconds(120));

            assertThat(log.messages(Level.WARN)).containsExactly("Freshness: ad_performance for tenant:a became WARNING:"
                    + " Ad performance: last refreshed 3 hours ago, expected within 2 hours.");
            assertThat(log.messages(Level.INFO)).singleElement().asString()
                    .startsWith("Freshness: ad_performance for tenant:a recovered: Ad performance: last refreshed 1 minute ago");
        }
    }

    @Test
    void aWarningBeforeTheBreachIsLoggedAtWarnPostedToSlackAndToTheWebhook() throws Exception {
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        FreshnessMonitor monitor = monitor().withLeadTime(Duration.ofHours(1))
                .withChannel("log", new LogNotifier())
                .withChannel("slack", SlackNotifier.to(receiver.url("/services/T/B/X")))
                .withChannel("ops", WebhookNotifier.to(receiver.url("/hooks/ops")).build())
                .build();

        try (CapturedLog log = CapturedLog.of(LogNotifier.LOGGER_NAME)) {
            monitor.runOnce(MonitorScenarios.MIDNIGHT.plus(Duration.ofMinutes(90)));
            monitor.runOnce(MonitorScenarios.MIDNIGHT.plus(Duration.ofMinutes(100)));

            assertThat(log.messages(Level.WARN)).as("once").containsExactly(
                    "Freshness: ad_performance for tenant:a will be stale soon: Ad performance goes stale in 30 minutes.");
        }
        assertThat(receiver.accepted()).hasSize(2);
        Receiver.Request slack = receiver.accepted().stream().filter(request -> request.path().startsWith("/services"))
                .findFirst().orElseThrow();
        assertThat(slack.body()).contains("ad_performance for tenant:a will be stale soon: Ad performance goes stale in 30 minutes.");
        Receiver.Request webhook = receiver.accepted().stream().filter(request -> request.path().startsWith("/hooks"))
                .findFirst().orElseThrow();
        assertThat(webhook.body()).startsWith("{\"type\":\"change\",\"id\":\"ops-").contains("\"count\":1,\"changes\":[{"
                + "\"kind\":\"WILL_BE_STALE\",\"page\":\"ad_performance\",\"scope\":\"a\",\"global\":false,"
                + "\"previousSeverity\":\"OK\",\"severity\":\"WARNING\","
                + "\"sentence\":\"Ad performance goes stale in 30 minutes.\","
                + "\"at\":\"2026-03-02T01:30:00Z\"}]}");
    }

    @Test
    void aLeadTimeIsPositiveAndNeedsAStateThatKeepsUpcomingChanges() {
        assertThat(monitor().withLeadTime(Duration.ofHours(1)).withChannel("log", new LogNotifier()).build())
                .hasToString("FreshnessMonitor{log=log}, lead time PT1H");
        assertThat(monitor().withChannel("log", new LogNotifier()).build()).hasToString("FreshnessMonitor{log=log}");
        assertThatThrownBy(() -> monitor().withLeadTime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leadTime must be positive, was PT0S");
        assertThatThrownBy(() -> monitor().withLeadTime(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("leadTime");
        MonitorState forgetful = new MonitorState() {
            private final InMemoryMonitorState delegate = new InMemoryMonitorState();

            @Override
            public java.util.Map<Scope, Severity> notifiedSeverities(String pageKey) {
                return delegate.notifiedSeverities(pageKey);
            }

            @Override
            public boolean claim(Change change, List<String> channels) {
                return delegate.claim(change, channels);
            }

            @Override
            public Claim claimDue(String channel, Instant now, Instant claimedUntil, int limit) {
                return delegate.claimDue(channel, now, claimedUntil, limit);
            }

            @Override
            public void delivered(Claim claim) {
                delegate.delivered(claim);
            }

            @Override
            public void failed(Claim claim, Instant retryAt) {
                delegate.failed(claim, retryAt);
            }
        };
        FreshnessMonitor monitor = FreshnessMonitor.using(store, MonitorScenarios.CATALOG, forgetful)
                .withLeadTime(Duration.ofHours(1)).withChannel("log", new LogNotifier()).build();
        assertThatThrownBy(() -> monitor.runOnce(STALE)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not keep upcoming changes");
    }

    @Test
    void anUpcomingChangeGoesFromOkToWarningOrBack() {
        assertThatThrownBy(() -> new Change("p", Scope.global(), Severity.OK, Severity.CRITICAL, "", STALE, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an upcoming change goes from OK to WARNING or back, was OK to CRITICAL");
        assertThat(Change.willBeStale("p", Scope.global(), "soon", STALE).kind()).isEqualTo(Change.Kind.WILL_BE_STALE);
    }

    @Test
    void aMonitorStartedOnTheCallersSchedulerDeliversOnItsOwn() throws Exception {
        MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
        MonitorScenarios.Recorder recorder = new MonitorScenarios.Recorder();
        FreshnessMonitor monitor = monitor().withClock(SettableClock.at(STALE)).withChannel("listener", recorder)
                .withDeliveryInterval(Duration.ofMillis(10)).build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> running = monitor.start(scheduler);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (recorder.deliveries.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            running.cancel(false);
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(recorder.changes()).containsExactly("BECAME_WARNING ad_performance a");
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> monitor().withChannel("no spaces", new LogNotifier()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel name").hasMessageContaining("'no spaces'");
        assertThatThrownBy(() -> monitor().withChannel("log", new LogNotifier()).withChannel("log", new LogNotifier()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'log' is used twice");
        assertThatThrownBy(() -> monitor().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one channel");
        assertThatThrownBy(() -> monitor().withDigestThreshold(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("digestThreshold must be at least 1, was 0");
        assertThatThrownBy(() -> monitor().withInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be positive, was PT-1S");
        assertThatThrownBy(() -> monitor().withRetryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max retry").hasMessageContaining("PT1M");
        assertThatThrownBy(() -> monitor().withChannel("log", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("notifier");
        assertThatThrownBy(() -> WebhookNotifier.to(URI.create("ftp://host/secret-path")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url").hasMessageContaining("'ftp'")
                .hasMessageNotContaining("secret-path");
        assertThatThrownBy(() -> WebhookNotifier.to(URI.create("https://host/x")).withSecret(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("secret must not be empty");
        assertThatThrownBy(() -> SlackNotifier.to(URI.create("https://hooks.slack.com/x"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, was PT0S");
    }
}
