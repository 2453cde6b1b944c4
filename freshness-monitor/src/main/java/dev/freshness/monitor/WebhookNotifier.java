package dev.freshness.monitor;

import dev.freshness.monitor.internal.HttpPost;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Posts each delivery as JSON to a URL (the body is documented in the README, "Monitor and alerts"), with the
 * headers {@value #DELIVERY_HEADER} (the {@linkplain Delivery#id() delivery id}) and, when a secret is set,
 * {@value #SIGNATURE_HEADER}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the body's bytes under the
 * secret. Any answer but 2xx is a failure, retried later. The URL's path and query and the secret are never
 * logged.
 *
 * <pre>{@code
 * WebhookNotifier.to(URI.create("https://ops.example.com/hooks/freshness")).withSecret(secret).build()
 * }</pre>
 */
public final class WebhookNotifier implements Notifier {

    /** The header that carries the delivery id. */
    public static final String DELIVERY_HEADER = "X-Freshness-Delivery";

    /** The header that carries the body's signature, when a secret is set. */
    public static final String SIGNATURE_HEADER = "X-Freshness-Signature";

    /** How long a post waits at most to connect and for the answer, unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpPost post;
    private final byte[] secret;

    private WebhookNotifier(Builder builder) {
        this.post = new HttpPost(builder.url, builder.timeout);
        this.secret = builder.secret;
    }

    /**
     * Starts building a notifier that posts to {@code url}.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL
     */
    public static Builder to(URI url) {
        return new Builder(url);
    }

    @Override
    public void deliver(Delivery delivery) throws Exception {
        String body = Json.webhookBody(delivery);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DELIVERY_HEADER, delivery.id());
        if (secret != null) {
            headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
        }
        post.post(body, headers);
    }

    /** The lower-case hex HMAC-SHA256 of {@code body}'s UTF-8 bytes under {@code secret}: what a receiver checks. */
    public static String sign(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", impossible);
        }
    }

    @Override
    public String describe() {
        return "webhook to " + post.redactedUrl() + (secret == null ? "" : ", signed");
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Configures a {@link WebhookNotifier}; the URL is required, the rest has defaults. */
    public static final class Builder {

        private final URI url;
        private byte[] secret;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(URI url) {
            this.url = checkUrl(url, "url");
        }

        /**
         * Signs each body with HMAC-SHA256 under {@code secret}'s UTF-8 bytes. Default: not signed.
         *
         * @throws IllegalArgumentException if {@code secret} is empty
         */
        public Builder withSecret(String secret) {
            Objects.requireNonNull(secret, "secret must not be null");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("secret must not be empty");
            }
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * How long a post waits at most to connect and for the answer. Default: {@link #DEFAULT_TIMEOUT}.
         *
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder withTimeout(Duration timeout) {
            this.timeout = checkTimeout(timeout);
            return this;
        }

        /** The notifier. */
        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }

    static URI checkUrl(URI url, String name) {
        Objects.requireNonNull(url, name + " must not be null");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            // Only the scheme is shown: the rest of a webhook URL may be its secret.
            throw new IllegalArgumentException(name + " must be an absolute http or https URL with a host, was one with scheme '"
                    + scheme + "'");
        }
        return url;
    }

    static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }
}
