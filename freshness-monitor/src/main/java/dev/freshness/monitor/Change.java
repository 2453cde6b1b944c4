package dev.freshness.monitor;

import dev.freshness.core.Scope;
import dev.freshness.report.Severity;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a page's severity for one scope, as the monitor notifies it: the page became WARNING, became
 * CRITICAL, or recovered (back to OK); or, with a {@linkplain FreshnessMonitor.Builder#withLeadTime lead time},
 * it is still fresh but will be stale within that time if nothing succeeds ({@link #upcoming()}).
 *
 * @param pageKey the page whose report changed
 * @param scope whose data
 * @param previous the severity notified before (OK when nothing was notified)
 * @param current the severity now
 * @param sentence the banner of the page's report now (what the page shows); for a recovery, the sentences of
 *     its datasets, which say how fresh each is
 * @param at the instant the monitor saw the change
 * @param upcoming true for a change that is coming, not yet there: from OK to WARNING, "will be stale within the
 *     lead time" ({@link Kind#WILL_BE_STALE}), its sentence saying when; from WARNING to OK, the withdrawal of
 *     such a warning once the page turned stale or was refreshed, which the monitor keeps in its state and never
 *     delivers
 */
public record Change(String pageKey, Scope scope, Severity previous, Severity current, String sentence, Instant at,
                     boolean upcoming) {

    /** The longest sentence kept; a longer one is cut and ends with an ellipsis. */
    public static final int MAX_SENTENCE_LENGTH = 4000;

    /** What happened. */
    public enum Kind {
        /** The page's worst severity became WARNING (from OK, or down from CRITICAL). */
        BECAME_WARNING,
        /** The page's worst severity became CRITICAL. */
        BECAME_CRITICAL,
        /** Every dataset of the page is fresh again. */
        RECOVERED,
        /** The page is fresh, but will be stale within the monitor's lead time if nothing succeeds meanwhile. */
        WILL_BE_STALE
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
        if (upcoming && !(previous == Severity.OK && current == Severity.WARNING)
                && !(previous == Severity.WARNING && current == Severity.OK)) {
            throw new IllegalArgumentException("an upcoming change goes from OK to WARNING or back, was " + previous
                    + " to " + current);
        }
        if (sentence.length() > MAX_SENTENCE_LENGTH) {
            sentence = sentence.substring(0, MAX_SENTENCE_LENGTH - 1) + "\u2026";
        }
    }

    /** A change that has happened: {@code upcoming} false. */
    public Change(String pageKey, Scope scope, Severity previous, Severity current, String sentence, Instant at) {
        this(pageKey, scope, previous, current, sentence, at, false);
    }

    /**
     * The page of {@code pageKey} is fresh for {@code scope} but will be stale within the monitor's lead time if
     * nothing succeeds meanwhile; {@code sentence} says when ("Orders goes stale in 3 hours.").
     */
    public static Change willBeStale(String pageKey, Scope scope, String sentence, Instant at) {
        return new Change(pageKey, scope, Severity.OK, Severity.WARNING, sentence, at, true);
    }

    /** The withdrawal of a {@link #willBeStale} change, kept in the monitor's state and never delivered. */
    static Change upcomingWithdrawn(String pageKey, Scope scope, Instant at) {
        return new Change(pageKey, scope, Severity.WARNING, Severity.OK, "", at, true);
    }

    /** What happened, from the two severities ({@link Kind#WILL_BE_STALE} for an upcoming change to WARNING). */
    public Kind kind() {
        if (upcoming && current == Severity.WARNING) {
            return Kind.WILL_BE_STALE;
        }
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
            case WILL_BE_STALE -> "will be stale soon";
        };
        return pageKey + " for " + scope + " " + what + (sentence.isEmpty() ? "" : ": " + sentence);
    }
}
