package dev.freshness.statuspage;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

import static dev.freshness.statuspage.ReferenceFixture.HOSTILE_MESSAGE;
import static dev.freshness.statuspage.ReferenceFixture.HOSTILE_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real browser (headless Chromium through WebDriver), served by the JDK's HttpServer: it loads, the
 * tenant filter works, it is no wider than the window at 1,280 and 390 CSS pixels with the reference system's ten
 * datasets and three tenants, and hostile tenant ids and error messages show as text while no script runs.
 * Screenshots are saved in {@code target/status-page/} for a person to look at. One browser for the class.
 */
class StatusPageBrowserTest {

    private static final Path OUTPUT = Path.of("target", "status-page");
    private static final String TITLE = "Freshness <status>";

    private static ReferenceFixture fixture;
    private static HttpServer server;
    private static Browser browser;
    private static URI page;
    private static String unavailable;

    @BeforeAll
    static void startTheServerAndTheBrowser() throws IOException {
        unavailable = Browser.whyUnavailable().orElse(null);
        if (unavailable != null) {
            return;
        }
        fixture = new ReferenceFixture().week();
        StatusPageHandler handler = fixture.handler();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(handler.path(), handler);
        server.start();
        page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + handler.path());
        browser = Browser.start(OUTPUT.resolve("chromedriver.log"));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.stop(0);
            }
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    @BeforeEach
    void wideWindow() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
        browser.viewportWidth(1280);
    }

    private long number(String expression) {
        return ((Number) browser.script("return " + expression + ";")).longValue();
    }

    private String string(String expression) {
        return (String) browser.script("return " + expression + ";");
    }

    private void assertNoHorizontalScroll(int width) {
        assertThat(number("window.innerWidth")).isEqualTo(width);
        assertThat(number("document.documentElement.scrollWidth")).as("the document's width at %d px", width)
                .isLessThanOrEqualTo(width);
    }

    private void assertNoScriptRan() {
        assertThat(string("document.title")).isEqualTo(TITLE);
        assertThat(number("document.querySelectorAll('script, img, iframe, object, embed').length")).isZero();
    }

    @Test
    void thePageLoadsAndFitsAWindowOf1280Pixels() {
        browser.open(page);

        assertNoScriptRan();
        assertThat(string("document.querySelector('h1').textContent")).isEqualTo(TITLE);
        assertThat(number("document.querySelectorAll('#page-hook_analysis tr.scope').length")).isEqualTo(3);
        assertThat(string("document.querySelector('#page-hook_analysis tr.scope .badge').textContent"))
                .isEqualTo("\u2715 CRITICAL");
        assertThat(string("Array.from(document.querySelectorAll('#page-hook_analysis tr.scope .outlook'))"
                + ".map(outlook => outlook.closest('tr').querySelector('a.scope-name').textContent + ': '"
                + " + outlook.textContent).join()")).as("the one fresh scope says when it goes stale")
                .isEqualTo("acme: Goes stale in 21 hours.");
        assertNoHorizontalScroll(1280);
        browser.fullPageScreenshot(OUTPUT.resolve("all-scopes-1280.png"));
    }

    @Test
    void theTenantFilterShowsOneTenantWithItsTenDatasetsAndFits1280Pixels() {
        browser.open(page);
        String input = browser.element("#tenant");
        browser.clear(input);
        browser.type(input, "acme");
        browser.clickAndWaitForNavigation(browser.element("form button[type=submit]"));

        assertThat(browser.currentUrl()).endsWith("/freshness?tenant=acme");
        assertThat(string("document.querySelector('main h2:nth-of-type(2)').textContent")).isEqualTo("Datasets of acme");
        assertThat(number("document.querySelectorAll('tr.dataset').length")).isEqualTo(10);
        assertThat(string("Array.from(document.querySelectorAll('a.scope-name')).map(a => a.textContent)"
                + ".filter(name => name !== 'acme').join()")).isEmpty();
        assertThat(string("document.querySelector('#dataset-ad_assets .runs-summary').textContent"))
                .isEqualTo("5 succeeded, 1 failed, 1 abandoned");
        assertThat(number("document.querySelectorAll('#dataset-ad_assets svg.timeline g.run').length")).isEqualTo(7);
        assertNoHorizontalScroll(1280);
        browser.fullPageScreenshot(OUTPUT.resolve("tenant-acme-1280.png"));
    }

    @Test
    void onAPhoneOf390PixelsNothingScrollsSideways() {
        browser.viewportWidth(390);
        browser.open(page);
        assertNoHorizontalScroll(390);
        assertThat(string("getComputedStyle(document.querySelector('#page-hook_analysis thead')).display")).isEqualTo("none");
        assertThat(string("getComputedStyle(document.querySelector('#page-hook_analysis td'), '::before').content"))
                .isEqualTo("\"Scope\"");
        browser.fullPageScreenshot(OUTPUT.resolve("all-scopes-390.png"));

        browser.open(URI.create(page + "?tenant=acme"));
        assertNoHorizontalScroll(390);
        browser.fullPageScreenshot(OUTPUT.resolve("tenant-acme-390.png"));
        browser.screenshot(OUTPUT.resolve("tenant-acme-390-first-screen.png"));
    }

    @Test
    void hostileTenantIdsAndErrorMessagesShowAsTextAndNoScriptRuns() {
        browser.open(page);

        assertNoScriptRan();
        assertThat(string("document.querySelector('#page-hook_analysis a.scope-name').textContent")).isEqualTo(HOSTILE_TENANT);
        assertThat(string("Array.from(document.querySelectorAll('#page-ad_performance code.error'))"
                + ".map(code => code.textContent).join()")).isEqualTo("com.meta.MetaApiException: " + HOSTILE_MESSAGE);

        browser.clickAndWaitForNavigation(browser.element("#page-hook_analysis a.scope-name"));
        assertNoScriptRan();
        assertThat(string("document.querySelector('#tenant').value")).isEqualTo(HOSTILE_TENANT);
        assertThat(string("document.querySelector('main h2:nth-of-type(2)').textContent"))
                .isEqualTo("Datasets of " + HOSTILE_TENANT);
        assertNoHorizontalScroll(1280);
        browser.fullPageScreenshot(OUTPUT.resolve("tenant-hostile-1280.png"));
    }
}
