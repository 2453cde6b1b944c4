package dev.freshness.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves the {@link StatusBoard} as an HTML page on 127.0.0.1, with the JDK's own {@link HttpServer}. The
 * board is read again for every request, so the page shows what the store holds now.
 *
 * <pre>{@code
 * try (StatusPageServer server = StatusPageServer.start(8080, () -> StatusBoard.read(freshness, tenants, pages))) {
 *     System.out.println("Status page: " + server.url());
 *     ...
 * }
 * }</pre>
 */
public final class StatusPageServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPageServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusPageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code board} at {@code http://127.0.0.1:port/}.
     *
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @throws IOException when the port cannot be bound
     */
    public static StatusPageServer start(int port, Supplier<StatusBoard> board) throws IOException {
        Objects.requireNonNull(board, "board must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "freshness-status-page");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> respond(exchange, board));
        server.start();
        return new StatusPageServer(server, executor);
    }

    /** The port the page is served on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, Supplier<StatusBoard> board) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "Only GET and HEAD are served.\n");
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/")) {
                send(exchange, 404, "text/plain", "Not found: the status page is at /\n");
                return;
            }
            String page;
            try {
                page = StatusPageHtml.render(board.get());
            } catch (RuntimeException e) {
                LOG.warn("Could not read the status for the status page", e);
                send(exchange, 500, "text/plain", "Could not read the status; see the log.\n");
                return;
            }
            send(exchange, 200, "text/html", page);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        // Defence in depth: even if something slipped through unescaped, no script would run.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
