package dev.freshness.monitor.internal;

import java.net.URI;

/** What of a webhook URL may be logged: its scheme and host; the path, query and user info often hold a secret. */
public final class Redaction {

    private Redaction() {
    }

    /** {@code https://hooks.slack.com/***} for {@code https://hooks.slack.com/services/T000/B000/XXXX}. */
    public static String url(URI url) {
        String host = url.getHost() == null ? "?" : url.getHost();
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + host + port + "/***";
    }

    /** {@code text} with every occurrence of {@code url}, its path and its query replaced by their redacted form. */
    public static String text(String text, URI url) {
        if (text == null) {
            return "";
        }
        String redacted = text.replace(url.toString(), url(url));
        if (url.getRawPath() != null && url.getRawPath().length() > 1) {
            redacted = redacted.replace(url.getRawPath(), "/***");
        }
        if (url.getRawQuery() != null && !url.getRawQuery().isEmpty()) {
            redacted = redacted.replace(url.getRawQuery(), "***");
        }
        return redacted;
    }
}
