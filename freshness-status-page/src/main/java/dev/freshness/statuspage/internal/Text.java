package dev.freshness.statuspage.internal;

import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Escaping for HTML, JSON and links, and the short forms of durations, instants and error types. */
public final class Text {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Text() {
    }

    /**
     * {@code text} safe in HTML element content and in quoted attributes: {@code & < > " '} become entities, and
     * control characters other than tab and line feed become U+FFFD.
     */
    public static String html(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                case '\t', '\n' -> escaped.append(c);
                default -> escaped.append(Character.isISOControl(c) ? '\uFFFD' : c);
            }
        }
        return escaped.toString();
    }

    /**
     * {@code text} as a JSON string, quotes included. Besides what JSON requires, {@code < > &} and the line
     * separators U+2028 and U+2029 are escaped, so the text stays inert wherever the JSON is pasted.
     */
    public static String json(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.append('"').toString();
    }

    /** {@code text} as a query parameter's value. */
    public static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** How the page names a scope: the tenant id, or {@code global}. */
    public static String scopeName(Scope scope) {
        return scope.tenantId().orElse("global");
    }

    /** What the tenant filter takes for a scope: the tenant id, or {@code *} for the global scope. */
    public static String filterValue(Scope scope) {
        return scope.isGlobal() ? Scope.GLOBAL_KEY : scope.tenantId().orElseThrow();
    }

    /** An instant to the minute, in UTC: {@code 2026-03-09 09:00 UTC}. */
    public static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    /** A duration in at most two units, for narrow columns: {@code "5d 2h"}, {@code "2h 35m"}, {@code "45m"}. */
    public static String compact(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return hours == 0 ? days + "d" : days + "d " + hours + "h";
        }
        if (hours > 0) {
            return mins == 0 ? hours + "h" : hours + "h " + mins + "m";
        }
        return mins + "m";
    }

    /**
     * A rule's maximum age as the catalog says it, in hours and what is left of them, never rounded:
     * {@code "24h"}, {@code "1h 30m"}, {@code "30m"}; {@code "24h/72h"} with an error age.
     */
    public static String maxAge(Requirement rule) {
        String warn = hours(rule.warnAfter());
        return rule.errorAfter().map(error -> warn + "/" + hours(error)).orElse(warn);
    }

    /**
     * What a rule asks, after the dataset's title: {@code "within 24h"} for a maximum age (see {@link #maxAge}),
     * {@code "due by 07:00 Europe/Berlin on weekdays"} for a schedule.
     */
    public static String need(Requirement rule) {
        return rule.schedule().map(schedule -> "due " + schedule.describe(Locale.ENGLISH))
                .orElseGet(() -> "within " + maxAge(rule));
    }

    /** The rule's {@code warnAfter}, or null for a schedule, which has none. */
    public static Duration warnAfterOrNull(Requirement rule) {
        return rule.isScheduled() ? null : rule.warnAfter();
    }

    /** A duration in hours, minutes, seconds and milliseconds, leaving out the parts that are zero. */
    public static String hours(Duration duration) {
        List<String> parts = new ArrayList<>();
        if (duration.toHours() > 0) {
            parts.add(duration.toHours() + "h");
        }
        if (duration.toMinutesPart() > 0) {
            parts.add(duration.toMinutesPart() + "m");
        }
        if (duration.toSecondsPart() > 0) {
            parts.add(duration.toSecondsPart() + "s");
        }
        if (duration.toMillisPart() > 0 || parts.isEmpty()) {
            parts.add(duration.toMillisPart() + "ms");
        }
        return String.join(" ", parts);
    }

    /** The simple name of an error type: {@code SocketTimeoutException} for {@code java.net.SocketTimeoutException}. */
    public static String shortType(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    /** {@code since} to {@code now}, never negative. */
    public static Duration since(Instant since, Instant now) {
        Duration elapsed = Duration.between(since, now);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }
}
