package dev.freshness.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP endpoint that records the deliveries it accepted (answered 204). Down, it answers 503; holding, it
 * keeps the first request without an answer until released (a delivery in progress), then answers 503.
 */
final class Receiver implements AutoCloseable {

    enum Mode { UP, DOWN, HOLD }

    record Request(String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }

        /** "kind page scope" of each change in a webhook body. */
        List<String> changes() {
            Matcher matcher = CHANGE.matcher(body);
            List<String> changes = new ArrayList<>();
            while (matcher.find()) {
                changes.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3).replace("\"", ""));
            }
            return changes;
        }
    }

    private static final Pattern CHANGE = Pattern.compile("\"kind\":\"(\\w+)\",\"page\":\"([^\"]*)\",\"scope\":(\"[^\"]*\"|null)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> accepted = new CopyOnWriteArrayList<>();
    private final List<Request> refused = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.UP;
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static Receiver start() throws IOException {
        return new Receiver();
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    List<Request> accepted() {
        return List.copyOf(accepted);
    }

    List<Request> refused() {
        return List.copyOf(refused);
    }

    /** Every change of every accepted delivery, "kind page scope", in the order accepted. */
    List<String> acceptedChanges() {
        return accepted.stream().flatMap(request -> request.changes().stream()).toList();
    }

    boolean awaitHolding(long seconds) throws InterruptedException {
        return holding.await(seconds, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body);
        Mode now = mode;
        if (now == Mode.HOLD) {
            holding.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (now == Mode.UP) {
            accepted.add(request);
            exchange.sendResponseHeaders(204, -1);
        } else {
            refused.add(request);
            byte[] answer = "down for maintenance".getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(503, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException clientGone) {
                // The held request's client was killed: nobody is left to answer.
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
