package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a failed run reports: the error's type, its message and, when the error was caused by another, the
 * root cause. This is what a banner shows after "the latest refresh failed".
 *
 * <p>Text is bounded so that a store never rejects it: the type is cut to {@value #MAX_TYPE_LENGTH}
 * characters, the message to {@value #MAX_MESSAGE_LENGTH} and the root cause to
 * {@value #MAX_ROOT_CAUSE_LENGTH}. Truncation keeps the start of each text, ends it with
 * {@value #TRUNCATION_MARK}, and never splits a surrogate pair; the root cause has its own field, so a long
 * message never pushes it out. Control characters other than tab, line feed and carriage return, and lone
 * surrogates, are replaced by {@code U+FFFD}, so the text is valid in every database encoding and safe in logs.
 */
public final class JobError {

    /** The longest error type kept. */
    public static final int MAX_TYPE_LENGTH = 255;
    /** The longest message kept. */
    public static final int MAX_MESSAGE_LENGTH = 2000;
    /** The longest root cause ({@code Type: message}) kept. */
    public static final int MAX_ROOT_CAUSE_LENGTH = 1000;
    /** Ends a text that was cut. */
    public static final String TRUNCATION_MARK = "...";
    /** How many causes deep the root cause is looked for. */
    public static final int MAX_CAUSE_DEPTH = 100;

    private static final int SHORT_FORM_LENGTH = 160;

    private final String type;
    private final String message;
    private final String rootCause;

    private JobError(String type, String message, String rootCause) {
        this.type = type;
        this.message = message;
        this.rootCause = rootCause;
    }

    /**
     * Describes {@code error}: its class name, its message (empty when it has none) and its deepest cause (at most
     * {@value #MAX_CAUSE_DEPTH} causes deep).
     *
     * @throws NullPointerException if {@code error} is null
     */
    public static JobError of(Throwable error) {
        return of(error, ErrorRedactor.NONE);
    }

    /**
     * Describes {@code error} as {@link #of(Throwable)} does, with its message and root cause passed through
     * {@code redactor} first, so that secrets they quote are never kept (nor cut in half by truncation).
     *
     * @throws NullPointerException if {@code error} or {@code redactor} is null
     */
    public static JobError of(Throwable error, ErrorRedactor redactor) {
        Checks.notNull(error, "error");
        Checks.notNull(redactor, "redactor");
        Throwable root = rootCauseOf(error);
        String rootCause = root == error ? null : redactor.redact(describe(root));
        return of(error.getClass().getName(), redactor.redact(Objects.requireNonNullElse(error.getMessage(), "")),
                rootCause);
    }

    /**
     * An error given as text, for jobs that report failures without an exception.
     *
     * @param type a short name for the kind of error, such as {@code TimeoutException}; not blank
     * @param message what went wrong; may be empty
     * @param rootCause the underlying cause as {@code Type: message}, or null
     */
    public static JobError of(String type, String message, String rootCause) {
        Checks.notBlank(type, "type");
        Checks.notNull(message, "message");
        return new JobError(
                bound(type, MAX_TYPE_LENGTH),
                bound(message, MAX_MESSAGE_LENGTH),
                rootCause == null ? null : bound(rootCause, MAX_ROOT_CAUSE_LENGTH));
    }

    /** The error's type, usually a fully qualified class name. */
    public String type() {
        return type;
    }

    /** The error's message; empty when it had none. */
    public String message() {
        return message;
    }

    /** The deepest cause as {@code Type: message}, when the error had a cause. */
    public Optional<String> rootCause() {
        return Optional.ofNullable(rootCause);
    }

    /**
     * One line for a banner: the simple type name and the start of the message, such as
     * {@code TimeoutException: read timed out}.
     */
    public String shortForm() {
        String simpleType = type.substring(type.lastIndexOf('.') + 1);
        String firstLine = message.lines().findFirst().orElse("");
        String text = firstLine.isEmpty() ? simpleType : simpleType + ": " + firstLine;
        return cut(text, SHORT_FORM_LENGTH);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobError error && error.type.equals(type) && error.message.equals(message)
                && Objects.equals(error.rootCause, rootCause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, message, rootCause);
    }

    @Override
    public String toString() {
        return type + (message.isEmpty() ? "" : ": " + message) + (rootCause == null ? "" : " (root cause: " + rootCause + ")");
    }

    /**
     * The deepest cause, looking at most {@value #MAX_CAUSE_DEPTH} causes deep; in a chain that loops back on
     * itself, the last cause before it repeats. The bound keeps an endless chain (a {@code getCause()} that makes
     * a new exception on every call) from holding the caller.
     */
    private static Throwable rootCauseOf(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = error;
        seen.add(root);
        for (int depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
            Throwable cause = root.getCause();
            if (cause == null || !seen.add(cause)) {
                break;
            }
            root = cause;
        }
        return root;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    /** Makes text safe for any store, then cuts it to {@code max} characters. */
    static String bound(String text, int max) {
        return cut(sanitize(text), max);
    }

    private static String sanitize(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')
                    || (Character.isHighSurrogate(c) && !(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))))
                    || (Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1))));
            if (unsafe && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(unsafe ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - TRUNCATION_MARK.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + TRUNCATION_MARK;
    }
}
