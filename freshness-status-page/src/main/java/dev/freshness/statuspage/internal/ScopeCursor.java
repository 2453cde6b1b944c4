package dev.freshness.statuspage.internal;

import dev.freshness.report.Severity;

import java.util.Locale;
import java.util.Optional;

/**
 * Where one part of a page's list of scopes ended: the last scope's severity and key. Scopes at warning or worse
 * come first, worst first, then the fresh ones by scope key. Written in a link as {@code SEVERITY:scopeKey}.
 *
 * @param severity the last listed scope's severity
 * @param scopeKey the last listed scope's key
 */
public record ScopeCursor(Severity severity, String scopeKey) {

    /** The cursor a link carries, or empty when {@code text} is not one. */
    public static Optional<ScopeCursor> parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ScopeCursor(Severity.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT)),
                    text.substring(colon + 1)));
        } catch (IllegalArgumentException notASeverity) {
            return Optional.empty();
        }
    }

    /** As a link carries it. */
    public String text() {
        return severity.name() + ":" + scopeKey;
    }
}
