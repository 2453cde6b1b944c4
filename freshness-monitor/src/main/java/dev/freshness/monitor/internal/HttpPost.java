package dev.freshness.monitor.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Posts a JSON body with the JDK's {@link HttpClient}; any answer but 2xx is a failure. Its messages never hold
 * the URL's path or query.
 */
public final class HttpPost {

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;

    /** Posts to {@code url}, waiting at most {@code timeout} to connect and for the answer. */
    public HttpPost(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Posts {@code json} with {@code headers}. */
    public void post(String json, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new IOException(failure.getClass().getSimpleName() + " posting to " + Redaction.url(url) + ": "
                    + Redaction.text(failure.getMessage(), url));
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new IOException(Redaction.url(url) + " answered HTTP " + response.statusCode()
                    + (body.isBlank() ? "" : ": " + Redaction.text(body.length() > 200 ? body.substring(0, 200) : body, url)));
        }
    }

    /** The URL as it may be logged. */
    public String redactedUrl() {
        return Redaction.url(url);
    }
}
