package dev.freshness.statuspage;

import dev.freshness.statuspage.internal.Text;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.freshness.statuspage.Json.object;

/**
 * A headless Chromium driven through chromedriver with the W3C WebDriver protocol, spoken with the JDK's
 * HttpClient: the few commands the tests need, and no Selenium on the class path. Chromium and chromedriver are
 * Debian's {@code chromium} and {@code chromium-driver} (.ci/install-browser installs them), or the programs named
 * by {@value #CHROMIUM_VARIABLE} and {@value #CHROMEDRIVER_VARIABLE}. When they are missing, a test that needs
 * them is skipped with a message, or fails when {@code CI=true}: on CI the browser tests must run.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM_VARIABLE = "FRESHNESS_CHROMIUM";
    static final String CHROMEDRIVER_VARIABLE = "FRESHNESS_CHROMEDRIVER";
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final URI session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Browser(Process driver, URI base, Path logs) {
        this.driver = driver;
        URI created;
        try {
            waitUntilReady(base);
            Map<String, Object> value = object(object(send("POST", base.resolve("/session"), """
                    {"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":%s,
                    "args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage",
                    "--hide-scrollbars","--window-size=1280,900","--lang=en-US"]}}}}""".formatted(
                    Text.json(program(CHROMIUM_VARIABLE, "chromium", "chromium-browser").orElseThrow().toString())))).get("value"));
            created = base.resolve("/session/" + value.get("sessionId") + "/");
        } catch (RuntimeException e) {
            stopDriver();
            throw new IllegalStateException("chromedriver did not start a browser; its log is " + logs, e);
        }
        this.session = created;
    }

    /**
     * Why the browser tests cannot run here, or empty when Chromium and chromedriver are installed. With
     * {@code CI=true} a missing browser fails the calling test instead: on CI the browser tests must run.
     */
    static Optional<String> whyUnavailable() {
        Optional<Path> chromium = program(CHROMIUM_VARIABLE, "chromium", "chromium-browser");
        Optional<Path> chromedriver = program(CHROMEDRIVER_VARIABLE, "chromedriver");
        if (chromium.isPresent() && chromedriver.isPresent()) {
            return Optional.empty();
        }
        String message = "The browser tests need Chromium and chromedriver, found " + chromium.map(Path::toString)
                .orElse("no chromium") + " and " + chromedriver.map(Path::toString).orElse("no chromedriver")
                + ": run `apt-get install chromium chromium-driver` (or .ci/install-browser), or set "
                + CHROMIUM_VARIABLE + " and " + CHROMEDRIVER_VARIABLE;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + ". CI=true: the browser tests must run, not skip");
        }
        return Optional.of(message);
    }

    /** Starts chromedriver and one browser session; call only when {@link #whyUnavailable()} is empty. */
    static Browser start(Path logs) {
        Path chromedriver = program(CHROMEDRIVER_VARIABLE, "chromedriver").orElseThrow();
        int port = freePort();
        try {
            Files.createDirectories(logs.getParent());
            Process driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(logs.toFile()).start();
            return new Browser(driver, URI.create("http://127.0.0.1:" + port), logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + chromedriver, e);
        }
    }

    private static Optional<Path> program(String variable, String... names) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        List<Path> directories = new ArrayList<>();
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            if (!directory.isEmpty()) {
                directories.add(Path.of(directory));
            }
        }
        return Stream.of(names).flatMap(name -> directories.stream().map(directory -> directory.resolve(name)))
                .filter(Files::isExecutable).findFirst();
    }

    /** Opens {@code url} and waits for it to load. */
    void open(URI url) {
        command("POST", "url", "{\"url\":" + Text.json(url.toString()) + "}");
    }

    /** The address of the page shown. */
    String currentUrl() {
        return (String) command("GET", "url", null);
    }

    /** Runs {@code script} (a function body) in the page and returns its result. */
    Object script(String script) {
        return command("POST", "execute/sync", "{\"script\":" + Text.json(script) + ",\"args\":[]}");
    }

    /** Sizes the window so that the page's viewport is {@code width} CSS pixels wide. */
    void viewportWidth(int width) {
        command("POST", "goog/cdp/execute", "{\"cmd\":\"Emulation.setDeviceMetricsOverride\",\"params\":{\"width\":"
                + width + ",\"height\":900,\"deviceScaleFactor\":1,\"mobile\":" + (width < 700) + "}}");
    }

    /** The first element that {@code css} selects; fails when there is none. */
    String element(String css) {
        return (String) object(command("POST", "element", "{\"using\":\"css selector\",\"value\":" + Text.json(css) + "}"))
                .get(ELEMENT);
    }

    void clear(String element) {
        command("POST", "element/" + element + "/clear", "{}");
    }

    void type(String element, String text) {
        command("POST", "element/" + element + "/value", "{\"text\":" + Text.json(text) + "}");
    }

    void click(String element) {
        command("POST", "element/" + element + "/click", "{}");
    }

    /**
     * Clicks {@code element}, a link or a form's submit button, and waits until the browser shows the page it leads
     * to: chromedriver's click may return before the navigation it started has even begun.
     */
    void clickAndWaitForNavigation(String element) {
        String before = currentUrl();
        click(element);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (currentUrl().equals(before) || !"complete".equals(script("return document.readyState"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The browser still shows " + currentUrl() + " 20 s after the click");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the navigation", e);
            }
        }
    }

    /** Saves a PNG of the viewport to {@code file}. */
    void screenshot(Path file) {
        String png = (String) command("GET", "screenshot", null);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a PNG of the whole page, below the fold too. */
    void fullPageScreenshot(Path file) {
        Map<String, Object> result = object(command("POST", "goog/cdp/execute",
                "{\"cmd\":\"Page.captureScreenshot\",\"params\":{\"format\":\"png\",\"captureBeyondViewport\":true}}"));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) result.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the session (the browser quits), then chromedriver. */
    @Override
    public void close() {
        try {
            send("DELETE", session, null);
        } catch (RuntimeException alreadyGone) {
            // The processes are stopped below either way.
        } finally {
            stopDriver();
        }
    }

    private void stopDriver() {
        driver.descendants().forEach(ProcessHandle::destroy);
        driver.destroy();
        try {
            if (!driver.waitFor(5, TimeUnit.SECONDS)) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object command(String method, String path, String body) {
        return object(send(method, session.resolve(path), body)).get("value");
    }

    private Object send(String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + uri + " answered " + response.statusCode()
                        + ": " + response.body().substring(0, Math.min(500, response.body().length())));
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void waitUntilReady(URI base) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(object(object(send("GET", base.resolve("/status"), null)).get("value")).get("ready"))) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("chromedriver was not ready within 20 seconds", last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
