package dev.freshness.monitor;

import dev.freshness.monitor.internal.HttpPost;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Posts alerts to a Slack incoming webhook ({@code https://hooks.slack.com/services/...}) as a message with a
 * {@code text}: one line per change, or for a digest the counts by kind and the first {@value #DIGEST_LINES}
 * changes. The URL, which is the webhook's secret, is never logged past its host.
 */
public final class SlackNotifier implements Notifier {

    /** How many changes a digest message lists before "and N more". */
    public static final int DIGEST_LINES = 20;

    private final HttpPost post;

    private SlackNotifier(URI url, Duration timeout) {
        this.post = new HttpPost(url, timeout);
    }

    /**
     * A notifier that posts to the incoming webhook {@code url}, waiting at most
     * {@link WebhookNotifier#DEFAULT_TIMEOUT} for each post.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL
     */
    public static SlackNotifier to(URI url) {
        return to(url, WebhookNotifier.DEFAULT_TIMEOUT);
    }

    /**
     * A notifier that posts to the incoming webhook {@code url}, waiting at most {@code timeout} for each post.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL, or the timeout is not positive
     */
    public static SlackNotifier to(URI url, Duration timeout) {
        return new SlackNotifier(WebhookNotifier.checkUrl(url, "url"), WebhookNotifier.checkTimeout(timeout));
    }

    @Override
    public void deliver(Delivery delivery) throws Exception {
        post.post(Json.object("text", text(delivery)), Map.of());
    }

    /** The message's text. */
    static String text(Delivery delivery) {
        if (!delivery.digest()) {
            return line(delivery.changes().get(0));
        }
        List<Change> changes = delivery.changes();
        Map<Change.Kind, Integer> counts = new EnumMap<>(Change.Kind.class);
        changes.forEach(change -> counts.merge(change.kind(), 1, Integer::sum));
        StringBuilder text = new StringBuilder(":rotating_light: *Freshness: " + changes.size() + " changes*");
        counts.forEach((kind, count) -> text.append(" · ").append(count).append(' ').append(word(kind)));
        changes.stream().limit(DIGEST_LINES).forEach(change -> text.append('\n').append(line(change)));
        if (changes.size() > DIGEST_LINES) {
            text.append("\n… and ").append(changes.size() - DIGEST_LINES).append(" more");
        }
        return text.toString();
    }

    private static String line(Change change) {
        String icon = switch (change.kind()) {
            case BECAME_CRITICAL -> ":red_circle:";
            case BECAME_WARNING -> ":warning:";
            case RECOVERED -> ":white_check_mark:";
            case WILL_BE_STALE -> ":hourglass_flowing_sand:";
        };
        return icon + " " + escape(change.summary());
    }

    private static String word(Change.Kind kind) {
        return switch (kind) {
            case BECAME_CRITICAL -> "became CRITICAL";
            case BECAME_WARNING -> "became WARNING";
            case RECOVERED -> "recovered";
            case WILL_BE_STALE -> "will be stale soon";
        };
    }

    /** Slack's three control characters, so that a tenant id cannot mention a channel or fake a link. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String describe() {
        return "Slack webhook at " + post.redactedUrl();
    }

    @Override
    public String toString() {
        return describe();
    }
}
