package dev.freshness.openlineage;

import com.sun.net.httpserver.HttpServer;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP endpoint that takes OpenLineage events as Marquez does ({@code POST /api/v1/lineage}), checks each
 * against the OpenLineage JSON schema ({@link OpenLineageSchema}) and keeps them, optionally answering slowly;
 * and a client of the library's HTTP transport pointed at it.
 */
final class LineageReceiver implements AutoCloseable {

    private final HttpServer server;
    private static final OpenLineageSchema SCHEMA = new OpenLineageSchema();

    private final List<OpenLineage.RunEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> schemaViolations = new CopyOnWriteArrayList<>();
    private volatile Duration delay = Duration.ZERO;

    LineageReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/lineage", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                SCHEMA.violations(body).forEach(violation -> schemaViolations.add(violation + " in " + body));
                events.add(OpenLineageClientUtils.runEventFromJson(body));
            } catch (RuntimeException unreadable) {
                schemaViolations.add("unreadable event " + body + ": " + unreadable);
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
    }

    void answerAfter(Duration delay) {
        this.delay = delay;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client whose HTTP transport posts to {@code url} and gives up after {@code timeout}. */
    static OpenLineageClient clientOf(URI url, Duration timeout) {
        HttpConfig config = new HttpConfig();
        config.setUrl(url);
        config.setTimeoutInMillis((int) timeout.toMillis());
        return new OpenLineageClient(new HttpTransport(config));
    }

    /** The events received, once {@code count} have arrived (waiting at most 10 s). */
    List<OpenLineage.RunEvent> awaitEvents(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(events);
    }

    /** What the events received so far break of the OpenLineage JSON schema; empty when every one is valid. */
    List<String> schemaViolations() {
        return List.copyOf(schemaViolations);
    }

    /** How many events were received so far. */
    int received() {
        return events.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
