package dev.freshness.track.internal;

import dev.freshness.core.ErrorRedactor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Exceptions as they may be logged: without the secrets they quote (rewritten through a redactor), and of a
 * bounded size. A job's, a store's or a listener's exception is foreign code: its cause chain may be thousands
 * deep or endless (a {@code getCause()} that makes a new exception on every call), and its methods or the
 * redactor may throw; none of that may reach the job, so every walk here is bounded and every foreign call
 * guarded.
 */
final class LoggedErrors {

    /** The most throwables (causes and suppressed ones together) a logged exception holds. */
    static final int MAX_THROWABLES = 30;
    /** The longest cause chain a logged exception holds. */
    static final int MAX_DEPTH = 20;

    private LoggedErrors() {
    }

    /**
     * {@code error} as it may be logged: itself when it is small enough and the redactor changes none of its
     * messages; otherwise a copy of at most {@value #MAX_THROWABLES} throwables and {@value #MAX_DEPTH} causes
     * deep, whose every message is redacted and starts with the original's class name, keeping the stack traces.
     * A redactor or a method of the exception that throws leaves the class name only. Never throws.
     */
    static Throwable forLog(Throwable error, ErrorRedactor redactor) {
        if (error == null) {
            return null;
        }
        try {
            if (fitsAsItIs(error, redactor)) {
                return error;
            }
            return copy(error, redactor, Collections.newSetFromMap(new IdentityHashMap<>()), new int[] {0}, 0);
        } catch (Throwable copying) {
            return new Redacted(error.getClass().getName() + " (its details could not be read)", null);
        }
    }

    /**
     * True when the chain is within the bounds and the redactor changes none of its messages; false as well when
     * the redactor or a method of the chain throws, so that the copy, which guards each call, is logged instead.
     */
    private static boolean fitsAsItIs(Throwable error, ErrorRedactor redactor) {
        try {
            return withinBoundsAndUnchanged(error, redactor);
        } catch (Throwable unreadable) {
            return false;
        }
    }

    private static boolean withinBoundsAndUnchanged(Throwable error, ErrorRedactor redactor) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> pending = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        pending.push(error);
        depths.push(0);
        while (!pending.isEmpty()) {
            Throwable next = pending.pop();
            int depth = depths.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (seen.size() > MAX_THROWABLES || depth >= MAX_DEPTH) {
                return false;
            }
            String message = next.getMessage();
            if (redactor != ErrorRedactor.NONE && message != null && !message.equals(redactor.redact(message))) {
                return false;
            }
            Throwable cause = next.getCause();
            if (cause != null) {
                pending.push(cause);
                depths.push(depth + 1);
            }
            for (Throwable suppressed : next.getSuppressed()) {
                pending.push(suppressed);
                depths.push(depth + 1);
            }
        }
        return true;
    }

    private static Throwable copy(Throwable error, ErrorRedactor redactor, Set<Throwable> seen, int[] count, int depth) {
        seen.add(error);
        count[0]++;
        Throwable cause = guarded(error::getCause);
        Throwable copiedCause = null;
        String cut = "";
        if (cause != null && !seen.contains(cause)) {
            if (depth + 1 < MAX_DEPTH && count[0] < MAX_THROWABLES) {
                copiedCause = copy(cause, redactor, seen, count, depth + 1);
            } else {
                cut = " (its further causes are not logged)";
            }
        }
        Redacted copy = new Redacted(describe(error, redactor) + cut, copiedCause);
        StackTraceElement[] trace = guarded(error::getStackTrace);
        copy.setStackTrace(trace == null ? new StackTraceElement[0] : trace);
        Throwable[] suppressed = guarded(error::getSuppressed);
        if (suppressed != null) {
            for (Throwable each : suppressed) {
                if (count[0] >= MAX_THROWABLES || depth + 1 >= MAX_DEPTH) {
                    break;
                }
                if (each != null && !seen.contains(each)) {
                    copy.addSuppressed(copy(each, redactor, seen, count, depth + 1));
                }
            }
        }
        return copy;
    }

    private static String describe(Throwable error, ErrorRedactor redactor) {
        String type = error.getClass().getName();
        try {
            String message = error.getMessage();
            return message == null ? type : type + ": " + redactor.redact(message);
        } catch (Throwable redacting) {
            return type;
        }
    }

    private interface Read<T> {
        T get();
    }

    private static <T> T guarded(Read<T> read) {
        try {
            return read.get();
        } catch (Throwable failed) {
            return null;
        }
    }

    /** A logged stand-in for an exception whose text was redacted; prints as {@code OriginalType: message}. */
    private static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Redacted(String description, Throwable cause) {
            super(description, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
