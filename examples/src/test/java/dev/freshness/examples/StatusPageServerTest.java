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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page over HTTP: the table of tenants by datasets, the banners, and text that stays text. */
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

        server = StatusPageServer.start(0, () -> StatusBoard.read(freshness, List.of("acme", "globex"), List.of()));
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
    void showsTheTableOfTenantsByDatasetsColouredByVerdictAndTheBanners() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        String page = response.body();
        assertThat(page).contains("<table id=\"datasets\">", "<th>acme</th>", "<th>globex</th>")
                .containsPattern("<td class=\"fresh\" title=\"[^\"]*last refreshed 3 hours ago[^\"]*\">fresh 3h</td>")
                .containsPattern("<td class=\"never\" title=\"[^\"]*\">never succeeded, <span class=\"flag failing\">failing</span></td>")
                .contains("<span class=\"CRITICAL\">CRITICAL</span>");
    }

    @Test
    void aTitleOrAnErrorHoldingMarkupShowsAsText() throws IOException, InterruptedException {
        String page = get("/").body();

        assertThat(page).doesNotContain("<script").doesNotContain("alert('title')").doesNotContain("alert(\"error\")")
                .contains("Ad &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; classifications")
                .contains("ClassifierException: &lt;script&gt;alert(&quot;error&quot;)&lt;/script&gt; &amp; more");
    }

    @Test
    void theLastErrorIsInTheCellsHoverTextAndInADetailRow() throws IOException, InterruptedException {
        String page = get("/").body();

        assertThat(page).containsPattern("title=\"[^\"]*\nLast error: ClassifierException: &lt;script&gt;")
                .containsPattern("<tr><td>globex</td><td>Ad &lt;script&gt;[^<]*</td><td>Mon 9 Mar 2026 09:00 UTC</td>"
                        + "<td>ClassifierException: &lt;script&gt;");
    }

    @Test
    void otherPathsAreNotFound() throws IOException, InterruptedException {
        assertThat(get("/admin").statusCode()).isEqualTo(404);
    }
}
