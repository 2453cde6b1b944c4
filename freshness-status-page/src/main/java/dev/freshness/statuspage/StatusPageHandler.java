package dev.freshness.statuspage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.report.ReportFormatter;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.statuspage.internal.HtmlPage;
import dev.freshness.statuspage.internal.JsonPage;
import dev.freshness.statuspage.internal.ScopeCursor;
import dev.freshness.statuspage.internal.StatusReader;
import dev.freshness.statuspage.internal.StatusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status page: for every page of the catalog, its scopes worst first, each dataset's verdict with its
 * sentence and latest failure; for one tenant (the tenant filter), every dataset with its recent runs drawn as a
 * timeline; the catalog as tables. As HTML at {@linkplain Builder#path the path} and as JSON at
 * {@code path/status.json}, read from the store at each request.
 *
 * <p>On the JDK's own server:
 * <pre>{@code
 * StatusPageHandler page = StatusPageHandler.builder(freshness).path("/freshness").build();
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * server.createContext(page.path(), page);
 * server.start();
 * }</pre>
 * Any other server calls {@link #respond(String, String, String)} with the request's method, path and query, and
 * copies the {@link Response} back: that is all a servlet or Spring MVC adapter does.
 *
 * <p>Query parameters: {@code tenant} (a tenant id, or {@code *} for the global scope) shows one scope;
 * {@code page} and {@code after} continue one page's list of scopes where the previous part ended (the "Next
 * scopes" link). The page has no script and forbids every script by its Content-Security-Policy; every text in it
 * is escaped. A store that cannot be read gives a 503 and one WARN log line. Immutable and thread-safe.
 */
public final class StatusPageHandler implements HttpHandler {

    /** Where the page is mounted unless configured otherwise. */
    public static final String DEFAULT_PATH = "/freshness";

    /** The heading and title of the page unless configured otherwise. */
    public static final String DEFAULT_TITLE = "Data freshness";

    /** How many scopes each page of the catalog lists at a time unless configured otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 25;

    /** The largest number of scopes listed at a time. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** How many of a dataset's latest runs the timeline draws unless configured otherwise. */
    public static final int DEFAULT_TIMELINE_RUNS = 20;

    /** The largest number of runs a timeline draws. */
    public static final int MAX_TIMELINE_RUNS = 200;

    /** The name of the JSON document under the page's path. */
    public static final String JSON_NAME = "status.json";

    private static final Logger LOG = LoggerFactory.getLogger(StatusPageHandler.class);

    /**
     * No script at all, from anywhere; the page's one style sheet by its hash; forms only to the page itself; not
     * framed by other sites.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(HtmlPage.STYLE)
            + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final DatasetFreshness freshness;
    private final String path;
    private final String title;
    private final int pageSize;
    private final int timelineRuns;
    private final ReportFormatter formatter;
    private final StatusReader reader;

    private StatusPageHandler(Builder builder, DatasetFreshness freshness) {
        this.freshness = freshness;
        this.path = builder.path;
        this.title = builder.title;
        this.pageSize = builder.pageSize;
        this.timelineRuns = builder.timelineRuns;
        this.formatter = builder.formatter;
        this.reader = new StatusReader(freshness, pageSize, timelineRuns);
    }

    /** Starts building the page of what {@code freshness} knows, judged at its clock and by its catalog. */
    public static Builder builder(DatasetFreshness freshness) {
        return new Builder(Objects.requireNonNull(freshness, "freshness must not be null"), null, null);
    }

    /**
     * Starts building the page of what {@code store} holds, judged by {@code catalog} at the {@linkplain
     * Builder#clock clock} (default {@link Clock#systemUTC()}). The page only reads the store.
     */
    public static Builder builder(FreshnessStore store, Catalog catalog) {
        return new Builder(null, Objects.requireNonNull(store, "store must not be null"),
                Objects.requireNonNull(catalog, "catalog must not be null"));
    }

    /** The path the page is mounted at, such as {@code /freshness}; the JSON is at {@code path/status.json}. */
    public String path() {
        return path;
    }

    /** The page's heading. */
    public String title() {
        return title;
    }

    /** How many scopes each page of the catalog lists at a time. */
    public int pageSize() {
        return pageSize;
    }

    /** How many runs a dataset's timeline draws. */
    public int timelineRuns() {
        return timelineRuns;
    }

    /** What says the verdicts in words. */
    public ReportFormatter formatter() {
        return formatter;
    }

    /** The instance the page reads. */
    public DatasetFreshness freshness() {
        return freshness;
    }

    /** Answers one exchange of the JDK's {@code HttpServer}; mount it at {@link #path()}. */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response = respond(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    /**
     * Answers one request, for any server: a servlet or controller passes the method, the request's path (the
     * part after the application's context path, starting with {@code /}) and its raw query string, and writes
     * the response's status, headers and body back (no body for HEAD).
     *
     * @param method the HTTP method; GET and HEAD are answered, anything else gets 405
     * @param requestPath the path, {@link #path()} or {@code path()/status.json}; anything else gets 404
     * @param rawQuery the query string as sent (percent-encoded), or null
     */
    public Response respond(String method, String requestPath, String rawQuery) {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(requestPath, "requestPath must not be null");
        if (!method.equalsIgnoreCase("GET") && !method.equalsIgnoreCase("HEAD")) {
            Response refused = text(405, "Only GET and HEAD are answered.\n");
            Map<String, String> headers = new LinkedHashMap<>(refused.headers());
            headers.put("Allow", "GET, HEAD");
            return new Response(405, headers, refused.body());
        }
        String base = path.equals("/") ? "" : path;
        boolean json;
        if (requestPath.equals(path) || requestPath.equals(base + "/")) {
            json = false;
        } else if (requestPath.equals(base + "/" + JSON_NAME)) {
            json = true;
        } else {
            return text(404, "Not found: the status page is at " + path + " and its JSON at " + base + "/" + JSON_NAME + "\n");
        }
        Map<String, String> query = query(rawQuery);
        Optional<Scope> tenant;
        try {
            tenant = tenant(query.get("tenant"));
        } catch (IllegalArgumentException notATenant) {
            return text(400, "The tenant parameter is not a tenant id: " + notATenant.getMessage() + "\n");
        }
        ScopeCursor after = null;
        if (query.containsKey("after")) {
            after = ScopeCursor.parse(query.get("after")).orElse(null);
            if (after == null) {
                return text(400, "The after parameter is not a cursor of this page: it is SEVERITY:scopeKey, as the"
                        + " page's Next link gives it.\n");
            }
        }
        StatusView view;
        try {
            view = reader.read(title, path, formatter, tenant, query.get("page"), after);
        } catch (StoreException e) {
            LOG.warn("The status page could not read the store: {}", e.getMessage());
            return text(503, "The status cannot be read now; the application's log says why.\n");
        }
        return json ? response(200, "application/json", JsonPage.render(view))
                : response(200, "text/html", HtmlPage.render(view));
    }

    private static Optional<Scope> tenant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        return Optional.of(trimmed.equals(Scope.GLOBAL_KEY) ? Scope.global() : Scope.tenant(trimmed));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return text;
        }
    }

    private static Response text(int status, String body) {
        return response(status, "text/plain", body);
    }

    private static Response response(int status, String type, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type + "; charset=utf-8");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "StatusPageHandler{path=" + path + ", pageSize=" + pageSize + ", timelineRuns=" + timelineRuns + '}';
    }

    /**
     * One answer of {@link #respond}: its status, headers (Content-Type, Content-Security-Policy and the other
     * security headers) and body. Immutable.
     */
    public static final class Response {

        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        private Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            this.body = body;
        }

        /** The HTTP status: 200, or 400, 404, 405, 503. */
        public int status() {
            return status;
        }

        /** The headers to send, by name. */
        public Map<String, String> headers() {
            return headers;
        }

        /** The value of the Content-Type header. */
        public String contentType() {
            return headers.get("Content-Type");
        }

        /** The body, UTF-8; a copy. */
        public byte[] body() {
            return body.clone();
        }

        /** The body as text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Response{" + status + ", " + contentType() + ", " + body.length + " bytes}";
        }
    }

    /**
     * Configures a {@link StatusPageHandler}. Every setting has a default, a public constant of
     * {@link StatusPageHandler}, and is validated when it is set.
     */
    public static final class Builder {

        private final DatasetFreshness freshness;
        private final FreshnessStore store;
        private final Catalog catalog;
        private Clock clock;
        private String path = DEFAULT_PATH;
        private String title = DEFAULT_TITLE;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int timelineRuns = DEFAULT_TIMELINE_RUNS;
        private ReportFormatter formatter = ReportFormatter.english();

        private Builder(DatasetFreshness freshness, FreshnessStore store, Catalog catalog) {
            this.freshness = freshness;
            this.store = store;
            this.catalog = catalog;
        }

        /**
         * The clock verdicts are judged at, for a page built on a store. Default: {@link Clock#systemUTC()}. A page
         * built on a {@link DatasetFreshness} judges at that instance's clock.
         *
         * @throws IllegalStateException when the page is built on a {@link DatasetFreshness}
         */
        public Builder clock(Clock clock) {
            Objects.requireNonNull(clock, "clock must not be null");
            if (freshness != null) {
                throw new IllegalStateException("clock cannot be set on a status page built on a DatasetFreshness: it"
                        + " judges at that instance's clock; build the DatasetFreshness with the clock instead");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Where the page is mounted: {@code /} or a path of segments of letters, digits and {@code - _ . ~},
         * without a trailing slash, such as {@code /admin/freshness}. Default: {@link #DEFAULT_PATH}.
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path must not be null");
            if (!path.equals("/") && !path.matches("(/[A-Za-z0-9._~-]+)+")) {
                throw new IllegalArgumentException("path must be / or segments such as /admin/freshness (letters, digits,"
                        + " - _ . ~; no trailing slash), was '" + path + "'");
            }
            this.path = path;
            return this;
        }

        /** The page's heading and title, 1 to 200 characters. Default: {@link #DEFAULT_TITLE}. */
        public Builder title(String title) {
            Objects.requireNonNull(title, "title must not be null");
            if (title.isBlank() || title.length() > 200) {
                throw new IllegalArgumentException("title must be 1 to 200 characters and not blank, was '" + title + "'");
            }
            this.title = title;
            return this;
        }

        /** How many scopes each page lists at a time, 1 to {@value #MAX_PAGE_SIZE}. Default: {@link #DEFAULT_PAGE_SIZE}. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * How many of a dataset's latest runs its timeline draws, 1 to {@value #MAX_TIMELINE_RUNS}. Default:
         * {@link #DEFAULT_TIMELINE_RUNS}.
         */
        public Builder timelineRuns(int timelineRuns) {
            if (timelineRuns < 1 || timelineRuns > MAX_TIMELINE_RUNS) {
                throw new IllegalArgumentException("timelineRuns must be 1 to " + MAX_TIMELINE_RUNS + ", was " + timelineRuns);
            }
            this.timelineRuns = timelineRuns;
            return this;
        }

        /** What says the verdicts in words. Default: {@link ReportFormatter#english()}. */
        public Builder formatter(ReportFormatter formatter) {
            this.formatter = Objects.requireNonNull(formatter, "formatter must not be null");
            return this;
        }

        /** Builds the handler. */
        public StatusPageHandler build() {
            DatasetFreshness source = freshness != null ? freshness
                    : DatasetFreshness.using(store, catalog).withClock(clock == null ? Clock.systemUTC() : clock).build();
            return new StatusPageHandler(this, source);
        }
    }
}
