package dev.freshness.track.internal;

import dev.freshness.core.ErrorRedactor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Exceptions rewritten through a redactor so that they can be logged without the secrets they quote. */
final class LoggedErrors {

    private LoggedErrors() {
    }

    /**
     * {@code error} as it may be logged: itself when the redactor changes none of the messages in its chain,
     * otherwise a copy of the chain whose every message is redacted, each copy's message starting with the
     * original's class name, and keeping its stack trace. A redactor that throws gives the class names only.
     */
    static Throwable forLog(Throwable error, ErrorRedactor redactor) {
        if (error == null || redactor == ErrorRedactor.NONE || !changesAnyMessage(error, redactor)) {
            return error;
        }
        return copy(error, redactor, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean changesAnyMessage(Throwable error, ErrorRedactor redactor) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> pending = new ArrayDeque<>(List.of(error));
        while (!pending.isEmpty()) {
            Throwable next = pending.pop();
            if (!seen.add(next)) {
                continue;
            }
            try {
                String message = next.getMessage();
                if (message != null && !message.equals(redactor.redact(message))) {
                    return true;
                }
            } catch (RuntimeException redacting) {
                return true;
            }
            if (next.getCause() != null) {
                pending.push(next.getCause());
            }
            pending.addAll(List.of(next.getSuppressed()));
        }
        return false;
    }

    private static Throwable copy(Throwable error, ErrorRedactor redactor, Set<Throwable> seen) {
        seen.add(error);
        Throwable cause = error.getCause() == null || seen.contains(error.getCause())
                ? null : copy(error.getCause(), redactor, seen);
        Redacted copy = new Redacted(describe(error, redactor), cause);
        copy.setStackTrace(error.getStackTrace());
        for (Throwable suppressed : error.getSuppressed()) {
            if (!seen.contains(suppressed)) {
                copy.addSuppressed(copy(suppressed, redactor, seen));
            }
        }
        return copy;
    }

    private static String describe(Throwable error, ErrorRedactor redactor) {
        String type = error.getClass().getName();
        try {
            String message = error.getMessage();
            return message == null ? type : type + ": " + redactor.redact(message);
        } catch (RuntimeException redacting) {
            return type;
        }
    }

    /** A logged stand-in for an exception whose text was redacted; prints as {@code OriginalType: message}. */
    private static final class Redacted extends RuntimeException {
        Redacted(String description, Throwable cause) {
            super(description, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

}
