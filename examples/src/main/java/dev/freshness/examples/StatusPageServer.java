package dev.freshness.examples;

import com.sun.net.httpserver.HttpServer;
import dev.freshness.DatasetFreshness;
import dev.freshness.statuspage.StatusPageHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the status page of {@code freshness-status-page} ({@link StatusPageHandler}) at the root of
 * 127.0.0.1, with the JDK's own {@link HttpServer}. The page reads the store at every request, so it shows what
 * the store holds now; its JSON is at {@code /status.json}.
 *
 * <pre>{@code
 * try (StatusPageServer server = StatusPageServer.start(8080, freshness)) {
 *     System.out.println("Status page: " + server.url());
 *     ...
 * }
 * }</pre>
 */
public final class StatusPageServer implements AutoCloseable {

    /** The page's heading. */
    public static final String TITLE = "Freshness example: the reference control plane";

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusPageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving the status page of {@code freshness} at {@code http://127.0.0.1:port/}.
     *
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @throws IOException when the port cannot be bound
     */
    public static StatusPageServer start(int port, DatasetFreshness freshness) throws IOException {
        Objects.requireNonNull(freshness, "freshness must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        StatusPageHandler page = StatusPageHandler.builder(freshness).path("/").title(TITLE).build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "freshness-status-page");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(page.path(), page);
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
}
