package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The example's status page over HTTP: each page's tenants worst first, their sentences, and text that stays text. */
class StatusPageServerTest {

    private static final String HOSTILE_TITLE = "Ad <script>alert('title')</script> classifications";
    private static final String HOSTILE_ERROR = "<script>alert(\"error\")</script> & more";

    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-09T09:00:00Z"));
    private final DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), Catalog.builder()
                    .dataset("ad_classifications", HOSTILE_TITLE)
                    .producer("ad_classification", "ad_classifications")
                    .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(48)))
                    .build())
            .withClock(clock)
            .build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StatusPageServer server;

    @BeforeEach
    void startOnAFreePort() throws IOException {
        Scope acme = Scope.tenant("acme");
        freshness.records().recordStart(acme, "ad_classifications", RunId.of("run-1"));
        freshness.records().recordSuccess(acme, "ad_classifications", RunId.of("run-1"), 12);
        Scope globex = Scope.tenant("globex");
        freshness.records().recordStart(globex, "ad_classifications", RunId.of("run-2"));
        freshness.records().recordFailure(globex, "ad_classifications", RunId.of("run-2"),
                JobError.of("ClassifierException", HOSTILE_ERROR, null));
        clock.advance(Duration.ofHours(3));

        server = StatusPageServer.start(0, freshness);
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            freshness.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesOnTheLoopbackAddressOnly() {
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @Test
    void showsEachPagesTenantsWorstFirstWithTheirVerdictsAndSentences() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString().startsWith("default-src 'none'");
        String page = response.body();
        String hook = page.substring(page.indexOf("<section class=\"page\" id=\"page-hook_analysis\">"));
        assertThat(hook.indexOf(">globex</a>")).isPositive().isLessThan(hook.indexOf(">acme</a>"));
        assertThat(hook).contains("<span class=\"badge CRITICAL\">\u2715 CRITICAL</span>",
                "\u2715 never succeeded</span> <span class=\"flag\">\u2715 failing</span>",
                "<span class=\"badge OK\">\u2713 OK</span>", "last refreshed 3 hours ago, expected within 48 hours.");
    }

    @Test
    void aTitleOrAnErrorHoldingMarkupShowsAsText() throws IOException, InterruptedException {
        String page = get("/").body() + get("/?tenant=globex").body();

        assertThat(page).doesNotContain("<script").doesNotContain("alert('title')").doesNotContain("alert(\"error\")")
                .contains("Ad &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; classifications")
                .contains("ClassifierException: &lt;script&gt;alert(&quot;error&quot;)&lt;/script&gt; &amp; more");
    }

    @Test
    void theLatestFailureShowsItsShortTypeAndOpensToTheWholeError() throws IOException, InterruptedException {
        String page = get("/?tenant=globex").body();

        assertThat(page).contains("<details class=\"failure\"><summary>ClassifierException, 3h ago</summary>"
                + "<p>2026-03-09 09:00 UTC, run run-2<br><code class=\"error\">ClassifierException: &lt;script&gt;");
    }

    @Test
    void theSameIsServedAsJson() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/status.json?tenant=globex");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.body()).startsWith("{\"title\":\"" + StatusPageServer.TITLE + "\",\"at\":\"2026-03-09T12:00:00Z\","
                + "\"tenant\":\"globex\",").contains("\"shortType\":\"ClassifierException\"");
    }

    @Test
    void otherPathsAreNotFound() throws IOException, InterruptedException {
        assertThat(get("/admin").statusCode()).isEqualTo(404);
    }
}
