package dev.freshness.internal;

/**
 * Argument checks shared by the value types. Every message names the parameter and what is wrong with the
 * value, so a caller can fix the call without reading library code.
 */
public final class Checks {

    private Checks() {
    }

    /** Returns {@code value}; throws {@link NullPointerException} naming {@code parameter} when it is null. */
    public static <T> T notNull(T value, String parameter) {
        // No message supplier: a capturing lambda would be allocated on every call that escape analysis misses.
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        return value;
    }

    /** Returns {@code value}; throws when it is null or blank, naming {@code parameter}. */
    public static String notBlank(String value, String parameter) {
        notNull(value, parameter);
        if (value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be blank, was " + quote(value));
        }
        return value;
    }

    /** Returns {@code value}; throws {@link IllegalArgumentException} naming {@code parameter} when it is negative. */
    public static long notNegative(long value, String parameter) {
        if (value < 0) {
            throw new IllegalArgumentException(parameter + " must be >= 0, was " + value);
        }
        return value;
    }

    /** Returns {@code value}; throws {@link IllegalArgumentException} naming {@code parameter} unless it is positive. */
    public static int positive(int value, String parameter) {
        if (value <= 0) {
            throw new IllegalArgumentException(parameter + " must be > 0, was " + value);
        }
        return value;
    }

    /** Returns {@code value}; throws {@link IllegalArgumentException} naming {@code parameter} when it is longer than {@code max}. */
    public static String maxLength(String value, int max, String parameter) {
        if (value.length() > max) {
            throw new IllegalArgumentException(parameter + " must be at most " + max + " characters, was "
                    + value.length() + ": " + quote(value));
        }
        return value;
    }

    /**
     * The identifier rule of dataset keys, job names and page keys: 1 to {@code max} ASCII letters, digits,
     * {@code _}, {@code .} and {@code -}.
     */
    public static String identifier(String value, int max, String parameter) {
        notBlank(value, parameter);
        maxLength(value, max, parameter);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException(parameter + " " + quote(value) + " has "
                        + describe(value.codePointAt(i)) + " at index " + i
                        + "; allowed are ASCII letters, digits, '_', '.' and '-'");
            }
        }
        return value;
    }

    /**
     * Quotes a value for an error message: shortened, with control, invisible and direction-changing characters
     * shown as escapes so that the message itself stays on one readable line and shows what is there.
     */
    public static String quote(String value) {
        String shown = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || (type == Character.SPACE_SEPARATOR && cp != ' ')) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('\'').toString();
    }

    /** Describes a character for an error message: {@code ' '} becomes {@code "' ' (U+0020)"}. */
    public static String describe(int codePoint) {
        int type = Character.getType(codePoint);
        boolean invisible = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                || type == Character.FORMAT || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
        String shown = invisible ? "" : "'" + new String(Character.toChars(codePoint)) + "' ";
        return shown + String.format("(U+%04X)", codePoint);
    }
}
