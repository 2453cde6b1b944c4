package dev.freshness.examples.boot;

import dev.freshness.inmemory.SettableClock;
import dev.freshness.openlineage.FreshnessLineage;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application started as a user starts it, on H2 and on the local PostgreSQL server (a database of
 * its own), on a random port: its jobs run on a settable clock, and its health, freshness and Prometheus meters are
 * read over HTTP. On H2 it runs with the {@code openlineage} profile, whose client writes the run events to the log.
 */
class ExampleApplicationTest {

    static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
    static final SettableClock CLOCK = SettableClock.at(MONDAY);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void onH2() throws Exception {
        try (ConfigurableApplicationContext application = start("--spring.profiles.active=openlineage",
                "--spring.datasource.url=jdbc:h2:mem:fr_boot_" + UUID.randomUUID().toString().substring(0, 8))) {
            aDayAndAHalfOfJobs(application);
            FreshnessLineage lineage = application.getBean(FreshnessLineage.class);
            // Each of the day's runs, and the classification 30 hours later, as a START and a COMPLETE or FAIL.
            for (int waited = 0; lineage.sentEvents() < 2 && waited < 100; waited++) {
                Thread.sleep(50);
            }
            assertThat(lineage.sentEvents()).as("sent through the profile's console client").isGreaterThanOrEqualTo(2);
            assertThat(lineage.droppedEvents() + lineage.failedEvents()).isZero();
        }
    }

    @Test
    void onPostgresql() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestServer.POSTGRESQL);
             ConfigurableApplicationContext application = start("--spring.profiles.active=postgresql",
                     "--spring.datasource.url=" + database.url())) {
            aDayAndAHalfOfJobs(application);
            assertThat(application.getBeanNamesForType(FreshnessLineage.class)).as("OpenLineage is off without its profile")
                    .isEmpty();
        }
    }

    private void aDayAndAHalfOfJobs(ConfigurableApplicationContext application) throws Exception {
        String base = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");
        JobSchedule schedule = application.getBean(JobSchedule.class);
        CLOCK.set(MONDAY);
        schedule.runAll();
        CLOCK.set(MONDAY.plus(Duration.ofHours(30)));
        schedule.adClassification();

        HttpResponse<String> healthResponse = get(base + "/actuator/health");
        assertThat(healthResponse.statusCode()).as("stale data never takes the application out").isEqualTo(200);
        JsonNode health = json.readTree(healthResponse.body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode freshness = health.get("components").get("freshness");
        assertThat(freshness.get("status").asString()).isEqualTo("UP");
        assertThat(freshness.get("details").get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(names(freshness.get("details").get("pages"))).containsExactly("ad_performance", "hook_analysis",
                "congruence_insights", "template_queue", "asset_library");
        assertThat(freshness.get("details").get("pages").get("ad_performance").asString()).isEqualTo("CRITICAL");
        List<String> stale = new ArrayList<>();
        freshness.get("details").get("stale").forEach(entry -> stale.add(entry.get("page").asString() + "/"
                + entry.get("scope").asString() + "/" + entry.get("severity").asString()));
        assertThat(stale).startsWith("ad_performance/globex/CRITICAL").contains("ad_performance/acme/WARNING");

        JsonNode overview = json.readTree(get(base + "/actuator/freshness").body());
        assertThat(names(overview)).containsExactly("at", "catalog", "pages");
        assertThat(overview.get("at").asString()).isEqualTo("2026-03-03T15:00:00Z");
        assertThat(names(overview.get("catalog"))).containsExactly("datasets", "producers", "pages", "findings");
        assertThat(overview.get("catalog").get("datasets")).hasSize(10);
        assertThat(overview.get("catalog").get("findings").toString()).contains("landing_pages");
        assertThat(overview.get("catalog").get("pages").toString()).as("the schedule of application.yml")
                .contains("{\"dataset\":\"ad_assets\",\"due\":\"by 10:30 Europe/Berlin on weekdays\"");
        JsonNode adPerformance = overview.get("pages").get(0);
        assertThat(names(adPerformance)).containsExactly("key", "title", "severity", "staleScopes", "truncated");
        assertThat(adPerformance.get("staleScopes").get(0).get("scope").asString()).isEqualTo("globex");
        assertThat(adPerformance.get("staleScopes").get(0).get("banner").asString())
                .contains("Meta API rejected the access token of globex");

        JsonNode acme = json.readTree(get(base + "/actuator/freshness?scope=acme&page=ad_performance").body());
        assertThat(names(acme)).containsExactly("scope", "at", "reports");
        JsonNode verdict = acme.get("reports").get(0).get("verdicts").get(0);
        assertThat(names(verdict)).containsExactly("dataset", "ageVerdict", "severity", "age", "lastRefresh",
                "warningAfter", "criticalAfter", "failing", "refreshing", "abandoned", "sentence");
        assertThat(verdict.get("ageVerdict").asString()).isEqualTo("STALE");
        assertThat(verdict.get("age").asString()).isEqualTo("PT30H");

        JsonNode hook = json.readTree(get(base + "/actuator/freshness?scope=acme&page=hook_analysis").body());
        assertThat(hook.get("reports").get(0).get("severity").asString()).as("classified 30 hours later").isEqualTo("OK");
        JsonNode initech = json.readTree(get(base + "/actuator/freshness?scope=initech&page=hook_analysis").body());
        assertThat(initech.get("reports").get(0).get("verdicts").get(0).get("ageVerdict").asString())
                .as("classification is off for initech: the condition left it untracked").isEqualTo("NEVER_SUCCEEDED");
        JsonNode assets = json.readTree(get(base + "/actuator/freshness?scope=acme&page=asset_library").body())
                .get("reports").get(0).get("verdicts").get(0);
        assertThat(assets.get("ageVerdict").asString()).as("refreshed on Monday, due again by Tuesday 10:30 Berlin time")
                .isEqualTo("STALE");
        assertThat(assets.get("sentence").asString()).isEqualTo("Ad assets: due by 10:30 Europe/Berlin on weekdays;"
                + " last refreshed Monday 10:00; missed Tuesday's 10:30.");
        assertThat(assets.get("criticalAfter").asString())
                .as("critical once the second deadline, Wednesday 10:30 Berlin time, has passed")
                .isEqualTo("2026-03-04T09:29:59.999999999Z");
        JsonNode global = json.readTree(get(base + "/actuator/freshness?scope=global").body());
        assertThat(global.get("scope").asString()).isEqualTo("*");

        assertThat(get(base + "/actuator/freshness?scope=acme&page=no_such_page").statusCode()).isEqualTo(400);

        HttpResponse<String> prometheus = get(base + "/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body().lines()).as("the freshness meters in Prometheus's text format").contains(
                "freshness_runs_total{dataset=\"meta_ads_performance\",job=\"meta_sync\",outcome=\"success\"} 2.0",
                "freshness_runs_total{dataset=\"meta_ads_performance\",job=\"meta_sync\",outcome=\"failure\"} 1.0",
                "freshness_runs_total{dataset=\"ad_classifications\",job=\"ad_classification\",outcome=\"success\"} 4.0",
                // The oldest last success among tenants: acme's and initech's Meta sync, 30 hours ago.
                "freshness_last_success_age_seconds{dataset=\"meta_ads_performance\",scope=\"worst_tenant\"} 108000.0",
                // Registered at start-up, before any run: no job produces landing pages.
                "freshness_last_success_age_seconds{dataset=\"landing_pages\",scope=\"worst_tenant\"} NaN",
                "freshness_page_scopes{page=\"ad_performance\",severity=\"critical\"} 1.0",
                "freshness_page_scopes{page=\"ad_performance\",severity=\"warning\"} 2.0");
    }

    private ConfigurableApplicationContext start(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--example.scheduling.enabled=false", "--example.run-on-start=false",
                "--logging.level.root=WARN",
                // The failing tenant's meta_sync is logged at WARN by design; the test reads it from the endpoint.
                "--logging.level.dev.freshness.examples.boot.JobSchedule=ERROR"));
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(ExampleApplication.class, TestClock.class).run(all.toArray(String[]::new));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> names(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    /** The clock the jobs and the reports read, set by the test. */
    @Configuration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        SettableClock settableClock() {
            return CLOCK;
        }
    }
}
