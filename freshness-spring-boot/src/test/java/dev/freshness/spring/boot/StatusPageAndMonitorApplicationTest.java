package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.monitor.FreshnessMonitor;
import dev.freshness.monitor.WebhookNotifier;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Spring Boot application on H2 and Tomcat: the status page served over HTTP at a path of its own under a
 * context path, and the monitor delivering a change to a webhook receiver of the test's own.
 */
@SpringBootTest(classes = StatusPageAndMonitorApplicationTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.servlet.context-path=/app",
                "spring.main.banner-mode=off",
                "spring.flyway.enabled=false",
                "spring.liquibase.enabled=false",
                "freshness.status-page.enabled=true",
                "freshness.status-page.path=/ops/freshness",
                "freshness.status-page.title=Acme data",
                "freshness.monitor.enabled=true",
                "freshness.monitor.webhook.secret=s3cret-value",
                "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                "freshness.catalog.producers.ad_classification=ad_classifications",
                "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=1h"})
class StatusPageAndMonitorApplicationTest {

    static final Instant START = Instant.parse("2026-03-09T09:00:00Z");
    static final String SECRET = "s3cret-value";

    /** One webhook delivery received: its body and its two headers. */
    record Received(String body, String deliveryId, String signature) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static HttpServer receiver;
    /** Opened before the application starts, so that the log channel's alerts are captured whichever thread writes them. */
    static CapturedLog alerts;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/freshness", exchange -> {
            try (exchange) {
                RECEIVED.add(new Received(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst(WebhookNotifier.DELIVERY_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookNotifier.SIGNATURE_HEADER)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        alerts = CapturedLog.of("dev.freshness.monitor");
        registry.add("freshness.monitor.webhook.url",
                () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/freshness");
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:fr_app_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
        alerts.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DatasetFreshness freshness;

    @Autowired
    SettableClock clock;

    @Autowired
    FreshnessMonitor monitor;

    @Autowired
    FreshnessMonitorSchedule schedule;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theStatusPageIsServedOverHttpAtItsPathUnderTheContextPath() throws Exception {
        freshness.track(Scope.tenant("globex"), "ad_classifications").call(() -> List.of(1, 2));

        HttpResponse<String> html = get("/app/ops/freshness", "GET");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(html.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'"));
        assertThat(html.body()).contains("Acme data", "Hook analysis", "globex", "/app/ops/freshness/status.json");

        HttpResponse<String> json = get("/app/ops/freshness/status.json?tenant=globex", "GET");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(json.body()).contains("\"title\"", "Acme data", "\"tenant\"", "globex", "hook_analysis");

        HttpResponse<String> head = get("/app/ops/freshness", "HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(get("/app/ops/freshness/nothing", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/ops/freshness", "GET").statusCode()).as("only under the context path").isEqualTo(404);
    }

    @Test
    void theMonitorDeliversAChangeToTheWebhookAndRunsOnItsOwnThread() {
        assertThat(schedule.isRunning()).isTrue();
        assertThat(schedule.monitor()).isSameAs(monitor);
        assertThat(monitor.toString()).contains("log=log", "webhook=webhook to http://127.0.0.1", "signed")
                .doesNotContain(SECRET, "/hooks/freshness");

        freshness.track(Scope.tenant("acme"), "ad_classifications").call(() -> List.of(1, 2, 3));
        clock.advance(Duration.ofHours(2));
        monitor.runOnce();

        assertThat(RECEIVED).as("received; the monitor logged %s", alerts.messages(Level.WARN))
                .anyMatch(received -> received.body().contains("\"scope\":\"acme\""));
        Received delivery = RECEIVED.stream().filter(received -> received.body().contains("\"scope\":\"acme\""))
                .findFirst().orElseThrow();
        assertThat(delivery.body()).contains("\"kind\":\"BECAME_WARNING\"", "\"page\":\"hook_analysis\"");
        assertThat(delivery.deliveryId()).startsWith("webhook-");
        assertThat(delivery.signature())
                .isEqualTo("sha256=" + WebhookNotifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), delivery.body()));
        assertThat(alerts.messages(Level.WARN)).anyMatch(message -> message.contains("acme"))
                .noneMatch(message -> message.contains(SECRET));
    }

    @Test
    void theStoreAndTheMonitorsStateShareTheApplicationsDatabase(@Autowired JdbcFreshnessStore store,
                                                                   @Autowired JdbcMonitorState state) {
        assertThat(store.tablePrefix()).isEqualTo(JdbcMonitorState.DEFAULT_TABLE_PREFIX);
        assertThat(state).isNotNull();
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The application: Spring Boot's auto-configuration and a settable clock. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        SettableClock clock() {
            return SettableClock.at(START);
        }
    }
}
