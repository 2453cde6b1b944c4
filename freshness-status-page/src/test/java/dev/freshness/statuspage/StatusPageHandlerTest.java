package dev.freshness.statuspage;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.statuspage.internal.Text;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.freshness.statuspage.Json.array;
import static dev.freshness.statuspage.Json.object;
import static dev.freshness.statuspage.ReferenceFixture.HOSTILE_MESSAGE;
import static dev.freshness.statuspage.ReferenceFixture.HOSTILE_TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page and its JSON, answered without a server: content, order, paging, escaping, headers and errors. */
class StatusPageHandlerTest {

    private final ReferenceFixture fixture = new ReferenceFixture().week();
    private final StatusPageHandler handler = fixture.handler();

    @AfterEach
    void close() {
        fixture.close();
    }

    private StatusPageHandler.Response get(String path, String query) {
        return handler.respond("GET", path, query);
    }

    private Map<String, Object> json(String query) {
        StatusPageHandler.Response response = get("/freshness/status.json", query);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        return object(Json.parse(response.bodyText()));
    }

    private static Map<String, Object> page(Map<String, Object> document, String key) {
        return array(document.get("pages")).stream().map(Json::object).filter(page -> page.get("key").equals(key))
                .findFirst().orElseThrow();
    }

    private static List<Object> field(List<Object> objects, String name) {
        return objects.stream().map(item -> object(item).get(name)).toList();
    }

    @Test
    void eachPageListsItsScopesWorstFirstWithEachDatasetsVerdictSentenceAndLatestFailure() {
        Map<String, Object> document = json(null);

        assertThat(document.get("at")).isEqualTo("2026-03-07T12:00:00Z");
        assertThat(document.get("tenant")).isNull();
        assertThat(field(array(document.get("pages")), "key")).containsExactly("ad_performance", "hook_analysis",
                "congruence_insights", "template_queue", "template_evaluation");
        List<Object> hook = array(page(document, "hook_analysis").get("scopes"));
        assertThat(field(hook, "tenant")).containsExactly(HOSTILE_TENANT, "globex", "acme");
        assertThat(field(hook, "severity")).containsExactly("CRITICAL", "WARNING", "OK");
        assertThat(field(array(page(document, "congruence_insights").get("scopes")), "severity"))
                .containsExactly("CRITICAL", "CRITICAL", "OK");
        assertThat(array(page(document, "template_evaluation").get("scopes"))).isEmpty();

        Map<String, Object> globex = object(array(page(document, "ad_performance").get("scopes")).get(0));
        assertThat(globex).containsEntry("tenant", "globex").containsEntry("global", false)
                .containsEntry("severity", "WARNING").containsEntry("readable", true);
        Map<String, Object> verdict = object(array(globex.get("datasets")).get(0));
        assertThat(verdict).containsEntry("dataset", "meta_ads_performance").containsEntry("verdict", "STALE")
                .containsEntry("severity", "WARNING").containsEntry("age", "PT123H").containsEntry("warnAfter", "PT24H")
                .containsEntry("errorAfter", null).containsEntry("failing", true).containsEntry("refreshing", false)
                .containsEntry("abandoned", false);
        assertThat((String) verdict.get("sentence")).startsWith(
                "Meta ads performance: last refreshed 5 days 3 hours ago, expected within 24 hours. The latest refresh failed"
                        + " 1 hour ago: MetaApiException: <script>");
        assertThat(object(verdict.get("lastSuccess"))).containsEntry("at", "2026-03-02T09:00:00Z")
                .containsEntry("records", 80L);
        assertThat(object(verdict.get("latestFailure"))).containsEntry("at", "2026-03-07T11:00:00Z")
                .containsEntry("type", "com.meta.MetaApiException").containsEntry("shortType", "MetaApiException")
                .containsEntry("message", HOSTILE_MESSAGE);

        String html = get("/freshness", null).bodyText();
        String section = html.substring(html.indexOf("id=\"page-hook_analysis\""), html.indexOf("id=\"page-congruence_insights\""));
        assertThat(section.indexOf("&lt;img src=x")).isLessThan(section.indexOf(">globex</a>"));
        assertThat(section.indexOf(">globex</a>")).isLessThan(section.indexOf(">acme</a>"));
        assertThat(section).contains("<span class=\"badge CRITICAL\">\u2715 CRITICAL</span>",
                "<span class=\"badge WARNING\">! WARNING</span>", "<span class=\"badge OK\">\u2713 OK</span>",
                "\u2715 never succeeded</span> <span class=\"flag\">\u2715 failing</span>",
                "Ad classifications: last refreshed 5 days 3 hours ago, expected within 48 hours.",
                "<summary>IllegalStateException, 1h ago</summary>");
        assertThat(html).contains("<summary>MetaApiException, 1h ago</summary>");
    }

    @Test
    void aFreshRowSaysWhenItGoesStaleAndAStaleOneLeavesItOut() {
        String html = get("/freshness", null).bodyText();
        String section = html.substring(html.indexOf("id=\"page-hook_analysis\""), html.indexOf("id=\"page-congruence_insights\""));
        assertThat(section).contains("Ad classifications: last refreshed 27 hours ago, expected within 48 hours."
                + " <span class=\"outlook\">Goes stale in 21 hours.</span>");
        assertThat(section.split("class=\"outlook\"", -1)).as("only acme's row is fresh").hasSize(2);

        String tenant = get("/freshness", "tenant=acme").bodyText();
        String row = tenant.substring(tenant.indexOf("id=\"dataset-meta_ads_performance\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("expected within 24 hours. <span class=\"outlook\">Goes stale in 23 hours.</span>");

        String german = StatusPageHandler.builder(fixture.freshness).formatter(dev.freshness.report.ReportFormatter.of(
                Locale.GERMAN)).build().respond("GET", "/freshness", "tenant=acme").bodyText();
        assertThat(german).contains("<span class=\"outlook\">Veraltet in 23 Stunden.</span>");
    }

    @Test
    void theTenantFilterShowsOneScopeWithEveryDatasetAndItsRecentRunsAsATimeline() {
        Map<String, Object> document = json("tenant=acme");

        assertThat(document.get("tenant")).isEqualTo("acme");
        for (String key : List.of("ad_performance", "hook_analysis", "congruence_insights", "template_queue")) {
            assertThat(field(array(page(document, key).get("scopes")), "tenant")).containsExactly("acme");
        }
        List<Object> datasets = array(document.get("datasets"));
        assertThat(datasets).hasSize(10);
        Map<String, Object> assets = datasets.stream().map(Json::object)
                .filter(dataset -> dataset.get("dataset").equals("ad_assets")).findFirst().orElseThrow();
        assertThat(assets).containsEntry("verdict", null).containsEntry("abandoned", true).containsEntry("failing", false);
        assertThat(field(array(assets.get("runs")), "outcome")).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
                "FAILED", "SUCCEEDED", "SUCCEEDED", "ABANDONED");
        assertThat(object(array(assets.get("runs")).get(3))).containsEntry("errorType", "java.io.IOException");

        String html = get("/freshness", "tenant=acme").bodyText();
        assertThat(html).contains("<h2>Datasets of acme</h2>", "value=\"acme\"",
                "<span class=\"muted runs-summary\">5 succeeded, 1 failed, 1 abandoned</span>",
                "<g class=\"run failed\"><title>failed, started 2026-03-04 10:00 UTC, finished 2026-03-04 10:00 UTC:"
                        + " IOException: disk full (run run-");
        String timeline = html.substring(html.indexOf("<svg", html.indexOf("id=\"dataset-ad_assets\"")));
        timeline = timeline.substring(0, timeline.indexOf("</svg>"));
        assertThat(timeline).contains("role=\"img\"", "aria-label=\"Last 7 runs of Ad assets, oldest first: 5 succeeded,"
                + " 1 failed, 1 abandoned\"", "stroke-dasharray");
        assertThat(timeline.split("<rect ", -1)).hasSize(1 + 5 + 1);
        assertThat(timeline.split("<path ", -1)).hasSize(1 + 1);

        assertThat(json("tenant=*").get("tenant")).isEqualTo("*");
        assertThat(json("tenant=" + Text.url(HOSTILE_TENANT)).get("tenant")).isEqualTo(HOSTILE_TENANT);
    }

    @Test
    void hostileTenantIdsTitlesAndErrorMessagesAreEscapedTextInTheHtmlAndTheJson() {
        String html = get("/freshness", null).bodyText() + get("/freshness", "tenant=globex").bodyText()
                + get("/freshness", "tenant=" + Text.url(HOSTILE_TENANT)).bodyText();

        assertThat(html).doesNotContain("<script", "<img", "<b>pages", "onerror=\"")
                .contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned-tenant&#39;&quot;&gt;")
                .contains("&lt;script&gt;document.title=&#39;pwned-error&#39;&lt;/script&gt; &amp; &quot;quoted&quot;")
                .contains("Landing &lt;b&gt;pages&lt;/b&gt; &amp; &#39;more&#39;")
                .contains("<title>Freshness &lt;status&gt;</title>")
                .contains("href=\"/freshness?tenant=%3Cimg+src%3Dx+onerror%3D%22document.title%3D%27pwned-tenant%27%22%3E\"");
        String json = get("/freshness/status.json", null).bodyText();
        assertThat(json).doesNotContain("<", ">").contains("\\u003cscript\\u003e");
    }

    @Test
    void theCatalogIsHtmlTables() {
        String html = get("/freshness", null).bodyText();

        assertThat(html).contains("<table class=\"catalog-datasets\">", "<table class=\"catalog-pages\">")
                .doesNotContain("| `", "|---")
                .containsPattern("<code>landing_pages</code></td><td data-label=\"Produced by\"><span class=\"muted\">no producer")
                .contains("<code>template_queue</code> within 1h 30m/3h")
                .contains("<td data-label=\"Max run\">2h</td>")
                .contains("Needs: Scraped templates within 1h 30m/3h")
                .contains("dataset &#39;landing_pages&#39; has no producer");
        Map<String, Object> catalog = object(json(null).get("catalog"));
        assertThat(array(catalog.get("datasets"))).hasSize(10);
        assertThat(object(array(catalog.get("datasets")).get(0))).containsEntry("key", "meta_ads_performance")
                .containsEntry("producers", List.of("meta_sync")).containsEntry("maxRunDuration", null);
        assertThat(object(array(object(array(catalog.get("pages")).get(3)).get("requirements")).get(0)))
                .containsEntry("dataset", "templates_scraped").containsEntry("warnAfter", "PT1H30M")
                .containsEntry("errorAfter", "PT3H").containsEntry("ignoresEmptyRefreshes", false);
        assertThat(field(array(catalog.get("findings")), "kind")).isNotEmpty();
    }

    @Test
    void theJsonHasExactlyTheDocumentedFields() {
        Map<String, Object> document = json("tenant=globex");

        assertThat(document.keySet()).containsExactly("title", "at", "tenant", "pages", "datasets", "catalog");
        Map<String, Object> page = object(array(document.get("pages")).get(0));
        assertThat(page.keySet()).containsExactly("key", "title", "scopes", "next");
        Map<String, Object> scope = object(array(page.get("scopes")).get(0));
        assertThat(scope.keySet()).containsExactly("tenant", "global", "severity", "readable", "datasets");
        assertThat(object(array(scope.get("datasets")).get(0)).keySet()).containsExactly("dataset", "title", "verdict",
                "severity", "age", "warnAfter", "errorAfter", "failing", "refreshing", "abandoned", "sentence",
                "lastSuccess", "latestFailure");
        Map<String, Object> dataset = object(array(document.get("datasets")).get(0));
        assertThat(dataset.keySet()).containsExactly("dataset", "title", "verdict", "severity", "warnAfter",
                "errorAfter", "failing", "refreshing", "abandoned", "sentence", "lastSuccess", "latestFailure", "runs");
        assertThat(object(array(dataset.get("runs")).get(0)).keySet()).containsExactly("runId", "outcome", "startedAt",
                "finishedAt", "records", "errorType");
        assertThat(object(dataset.get("latestFailure")).keySet()).containsExactly("at", "runId", "type", "shortType",
                "message");
        Map<String, Object> catalog = object(document.get("catalog"));
        assertThat(catalog.keySet()).containsExactly("datasets", "pages", "findings");
        assertThat(object(array(catalog.get("datasets")).get(0)).keySet()).containsExactly("key", "title",
                "maxRunDuration", "producers", "consumers");
        assertThat(object(array(object(array(catalog.get("datasets")).get(0)).get("consumers")).get(0)).keySet())
                .containsExactly("page", "warnAfter", "errorAfter");
        assertThat(object(array(catalog.get("findings")).get(0)).keySet()).containsExactly("kind", "subject", "message");
    }

    @Test
    void aPageOfManyTenantsIsListedInPartsWorstFirstWithoutAStoreReadPerTenant() {
        SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T09:00:00Z"));
        CountingStore store = new CountingStore(new InMemoryFreshnessStore());
        Catalog catalog = Catalog.builder().dataset("meta_ads_performance", "Meta ads performance")
                .producer("meta_sync", "meta_ads_performance")
                .page("ad_performance", "Ad performance", Requirement.of("meta_ads_performance", Duration.ofHours(24))
                        .errorAfter(Duration.ofHours(48)))
                .build();
        int tenants = 300;
        try (DatasetFreshness freshness = DatasetFreshness.using(store, catalog).withClock(clock).build()) {
            for (int phase = 0; phase < 3; phase++) {
                for (int i = 0; i < tenants; i++) {
                    // A third expire (refreshed 60 hours ago), a third go stale (30 hours ago), a third are fresh.
                    if (i % 3 == phase) {
                        freshness.records().recordSuccess(Scope.tenant(String.format(Locale.ROOT, "t%03d", i)),
                                "meta_ads_performance", RunId.of("run-" + i), 1);
                    }
                }
                if (phase < 2) {
                    clock.advance(Duration.ofHours(30));
                }
            }
            StatusPageHandler paged = StatusPageHandler.builder(freshness).pageSize(40).build();

            List<String> listed = new ArrayList<>();
            List<String> severities = new ArrayList<>();
            String query = null;
            int requests = 0;
            do {
                store.reset();
                Map<String, Object> page = object(array(object(Json.parse(
                        paged.respond("GET", "/freshness/status.json", query).bodyText())).get("pages")).get(0));
                requests++;
                assertThat(store.reads()).as("store reads for one part of %s tenants", tenants).isLessThanOrEqualTo(4);
                List<Object> scopes = array(page.get("scopes"));
                assertThat(scopes).hasSizeLessThanOrEqualTo(40);
                field(scopes, "tenant").forEach(tenant -> listed.add((String) tenant));
                field(scopes, "severity").forEach(severity -> severities.add((String) severity));
                String next = (String) page.get("next");
                query = next == null ? null : "page=ad_performance&after=" + Text.url(next);
            } while (query != null);

            assertThat(requests).isEqualTo(8);
            assertThat(listed).hasSize(tenants).doesNotHaveDuplicates();
            assertThat(severities.subList(0, 100)).containsOnly("CRITICAL");
            assertThat(severities.subList(100, 200)).containsOnly("WARNING");
            assertThat(severities.subList(200, 300)).containsOnly("OK");
            for (int from = 0; from < 300; from += 100) {
                assertThat(listed.subList(from, from + 100)).isSorted();
            }
            String html = paged.respond("GET", "/freshness", "page=ad_performance&after=" + Text.url("WARNING:t298")).bodyText();
            assertThat(html).contains(">t002</a>", "href=\"/freshness?page=ad_performance&amp;after=OK%3At119#page-ad_performance\"")
                    .doesNotContain(">t001</a>");
        }
    }

    @Test
    void theHeadersForbidEveryScriptAndAllowOnlyThePagesOwnStyle() throws Exception {
        StatusPageHandler.Response response = get("/freshness", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/html; charset=utf-8");
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(dev.freshness.statuspage.internal.HtmlPage.STYLE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(response.headers()).containsEntry("Content-Security-Policy", "default-src 'none'; style-src 'sha256-"
                        + hash + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
                .containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Cache-Control", "no-store");
        assertThat(response.bodyText()).doesNotContain("<script", "style=\"").contains("<style>" + dev.freshness.statuspage
                .internal.HtmlPage.STYLE + "</style>");
    }

    @Test
    void otherPathsMethodsAndBadParametersAreRefusedWithAClearAnswer() {
        assertThat(get("/freshness/", null).status()).isEqualTo(200);
        StatusPageHandler.Response notFound = get("/freshness/admin", null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.bodyText()).contains("/freshness", "/freshness/status.json");
        StatusPageHandler.Response post = handler.respond("POST", "/freshness", null);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
        StatusPageHandler.Response badTenant = get("/freshness", "tenant=a%01b");
        assertThat(badTenant.status()).isEqualTo(400);
        assertThat(badTenant.bodyText()).contains("tenant", "control");
        StatusPageHandler.Response badCursor = get("/freshness", "page=hook_analysis&after=nonsense");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.bodyText()).contains("after", "SEVERITY:scopeKey");
    }

    @Test
    void aStoreThatCannotBeReadGivesA503AndOneWarning() {
        fixture.store.failReads(() -> new IllegalStateException("connection refused to db.internal:5432"));
        try (CapturedLog log = CapturedLog.of("dev.freshness")) {
            StatusPageHandler.Response response = get("/freshness", null);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.bodyText()).doesNotContain("db.internal");
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("The status page could not read the store:");
        }
    }

    @Test
    void theBuilderRefusesBadSettingsNamingThem() {
        StatusPageHandler.Builder builder = StatusPageHandler.builder(fixture.freshness);
        assertThatThrownBy(() -> builder.path("freshness/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path").hasMessageContaining("'freshness/'");
        assertThatThrownBy(() -> builder.path("/a/")).hasMessageContaining("'/a/'");
        assertThatThrownBy(() -> builder.pageSize(0)).hasMessage("pageSize must be 1 to 1000, was 0");
        assertThatThrownBy(() -> builder.timelineRuns(201)).hasMessage("timelineRuns must be 1 to 200, was 201");
        assertThatThrownBy(() -> builder.title(" ")).hasMessageContaining("title");
        assertThatThrownBy(() -> builder.clock(fixture.clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> StatusPageHandler.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("freshness");

        StatusPageHandler defaults = StatusPageHandler.builder(fixture.freshness).build();
        assertThat(defaults.path()).isEqualTo(StatusPageHandler.DEFAULT_PATH).isEqualTo("/freshness");
        assertThat(defaults.title()).isEqualTo(StatusPageHandler.DEFAULT_TITLE);
        assertThat(defaults.pageSize()).isEqualTo(StatusPageHandler.DEFAULT_PAGE_SIZE);
        assertThat(defaults.timelineRuns()).isEqualTo(StatusPageHandler.DEFAULT_TIMELINE_RUNS);
    }

    @Test
    void aPageBuiltOnAStoreJudgesAtItsOwnClockAndIsMountedAtRoot() {
        SettableClock later = SettableClock.at(fixture.clock.instant().plus(Duration.ofDays(30)));
        StatusPageHandler onStore = StatusPageHandler.builder(fixture.store, ReferenceFixture.CATALOG).clock(later)
                .path("/").build();

        Map<String, Object> document = object(Json.parse(onStore.respond("GET", "/status.json", "tenant=acme").bodyText()));
        assertThat(document.get("at")).isEqualTo("2026-04-06T12:00:00Z");
        assertThat(field(array(object(array(document.get("pages")).get(0)).get("scopes")), "severity"))
                .containsExactly("WARNING");
        assertThat(onStore.respond("GET", "/", null).bodyText()).contains("action=\"/\"", "href=\"/status.json\"");
    }

    @Test
    void onTheJdksServerItAnswersGetAndHeadAtItsPathOnly() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(handler.path(), handler);
        server.start();
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI base = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            java.net.http.HttpResponse<String> json = http.send(java.net.http.HttpRequest.newBuilder(
                    base.resolve("/freshness/status.json?tenant=acme")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(object(Json.parse(json.body())).get("tenant")).isEqualTo("acme");

            java.net.http.HttpResponse<String> head = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/freshness"))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Security-Policy")).isPresent();

            assertThat(http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/freshnessx")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theSentencesAreInTheFormattersLanguage() {
        StatusPageHandler german = StatusPageHandler.builder(fixture.freshness)
                .formatter(dev.freshness.report.ReportFormatter.of(Locale.GERMAN)).build();

        String html = german.respond("GET", "/freshness", "tenant=acme").bodyText();
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"de\">")
                .contains("Meta ads performance: zuletzt vor 1 Stunde aktualisiert, erwartet innerhalb von 24 Stunden.");
        assertThat(german.formatter().locale()).isEqualTo(Locale.GERMAN);
    }
}
