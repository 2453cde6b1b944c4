package dev.freshness.monitor;

import dev.freshness.core.Scope;
import dev.freshness.report.Severity;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a page's severity for one scope, as the monitor notifies it: the page became WARNING, became
 * CRITICAL, or recovered (back to OK).
 *
 * @param pageKey the page whose report changed
 * @param scope whose data
 * @param previous the severity notified before (OK when nothing was notified)
 * @param current the severity now
 * @param sentence the banner of the page's report now (what the page shows); for a recovery, the sentences of
 *     its datasets, which say how fresh each is
 * @param at the instant the monitor saw the change
 */
public record Change(String pageKey, Scope scope, Severity previous, Severity current, String sentence, Instant at) {

    /** The longest sentence kept; a longer one is cut and ends with an ellipsis. */
    public static final int MAX_SENTENCE_LENGTH = 4000;

    /** What happened. */
    public enum Kind {
        /** The page's worst severity became WARNING (from OK, or down from CRITICAL). */
        BECAME_WARNING,
        /** The page's worst severity became CRITICAL. */
        BECAME_CRITICAL,
        /** Every dataset of the page is fresh again. */
        RECOVERED
    }

    /** Requires every component, two different severities, and cuts the sentence to {@value #MAX_SENTENCE_LENGTH}. */
    public Change {
        Objects.requireNonNull(pageKey, "pageKey must not be null");
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(previous, "previous must not be null");
        Objects.requireNonNull(current, "current must not be null");
        Objects.requireNonNull(sentence, "sentence must not be null");
        Objects.requireNonNull(at, "at must not be null");
        if (previous == current) {
            throw new IllegalArgumentException("a change needs two different severities, was " + previous + " twice");
        }
        if (sentence.length() > MAX_SENTENCE_LENGTH) {
            sentence = sentence.substring(0, MAX_SENTENCE_LENGTH - 1) + "\u2026";
        }
    }

    /** What happened, from the two severities. */
    public Kind kind() {
        return switch (current) {
            case OK -> Kind.RECOVERED;
            case WARNING -> Kind.BECAME_WARNING;
            case CRITICAL -> Kind.BECAME_CRITICAL;
        };
    }

    /** One line for a log or a chat message: {@code "hook_analysis for acme became CRITICAL: <sentence>"}. */
    public String summary() {
        String what = switch (kind()) {
            case RECOVERED -> "recovered";
            case BECAME_WARNING -> "became WARNING";
            case BECAME_CRITICAL -> "became CRITICAL";
        };
        return pageKey + " for " + scope + " " + what + (sentence.isEmpty() ? "" : ": " + sentence);
    }
}
