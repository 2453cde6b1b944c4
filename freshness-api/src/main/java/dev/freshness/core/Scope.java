package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.util.Optional;

/**
 * Whose data a status is about: one tenant (a customer, brand or account, named by an opaque id) or the
 * {@linkplain #global() global} scope for data that belongs to no single tenant.
 *
 * <p>A tenant id is any text of 1 to {@value #MAX_TENANT_ID_LENGTH} characters without control characters,
 * lone surrogates, or leading or trailing white space (no-break spaces included). So that no tenant can ever be
 * mistaken for the global scope, a tenant id may not start with {@value #GLOBAL_KEY} and may not be {@code global} in any letter case.
 */
public final class Scope implements Comparable<Scope> {

    /** How stores persist the global scope. No tenant id can take this form. */
    public static final String GLOBAL_KEY = "*";

    /** The longest tenant id accepted. */
    public static final int MAX_TENANT_ID_LENGTH = 200;

    private static final Scope GLOBAL = new Scope(GLOBAL_KEY);

    private final String key;

    private Scope(String key) {
        this.key = key;
    }

    /** The scope of data that belongs to every tenant at once, or to none. */
    public static Scope global() {
        return GLOBAL;
    }

    /**
     * The scope of one tenant.
     *
     * @throws NullPointerException if {@code tenantId} is null
     * @throws IllegalArgumentException if {@code tenantId} is blank, too long, has control characters,
     *     invisible or direction-changing characters (format characters such as U+200B ZERO WIDTH SPACE or U+202E
     *     RIGHT-TO-LEFT OVERRIDE, line and paragraph separators, spaces other than U+0020), or leading or
     *     trailing white space, or imitates the global scope: two ids that differ only by such a character would
     *     look the same on every page
     */
    public static Scope tenant(String tenantId) {
        Scope scope = readable(tenantId);
        for (int i = 0; i < tenantId.length(); ) {
            int codePoint = tenantId.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || (type == Character.SPACE_SEPARATOR && codePoint != ' ')) {
                throw new IllegalArgumentException("tenantId " + Checks.quote(tenantId) + " has the invisible or"
                        + " direction-changing character " + Checks.describe(codePoint) + " at index " + i
                        + ": it would look like another tenant id");
            }
            i += Character.charCount(codePoint);
        }
        return scope;
    }

    /** The rules every stored tenant id has always followed, which {@link #fromKey} applies. */
    private static Scope readable(String tenantId) {
        Checks.notBlank(tenantId, "tenantId");
        Checks.maxLength(tenantId, MAX_TENANT_ID_LENGTH, "tenantId");
        if (tenantId.startsWith(GLOBAL_KEY) || tenantId.equalsIgnoreCase("global")) {
            throw new IllegalArgumentException("tenantId " + Checks.quote(tenantId)
                    + " is reserved for the global scope: a tenant id may not start with '" + GLOBAL_KEY
                    + "' or be 'global'; use Scope.global() for data of no single tenant");
        }
        if (isSpace(tenantId.charAt(0)) || isSpace(tenantId.charAt(tenantId.length() - 1))) {
            throw new IllegalArgumentException("tenantId " + Checks.quote(tenantId)
                    + " must not start or end with white space");
        }
        for (int i = 0; i < tenantId.length(); i++) {
            char c = tenantId.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("tenantId " + Checks.quote(tenantId) + " has the control "
                        + "character " + Checks.describe(c) + " at index " + i);
            }
            if (Character.isSurrogate(c) && !validSurrogatePairAt(tenantId, i)) {
                throw new IllegalArgumentException("tenantId " + Checks.quote(tenantId)
                        + " has a lone surrogate at index " + i);
            }
        }
        return new Scope(tenantId);
    }

    /**
     * The scope a store persisted as {@link #key()}: {@value #GLOBAL_KEY} for global, the tenant id otherwise.
     * Meant for store implementations. A tenant id written before invisible and direction-changing characters
     * were refused (before 0.2) is read back as it was.
     */
    public static Scope fromKey(String key) {
        Checks.notNull(key, "key");
        return GLOBAL_KEY.equals(key) ? GLOBAL : readable(key);
    }

    /** True for the global scope. */
    public boolean isGlobal() {
        return this == GLOBAL;
    }

    /** The tenant id, or empty for the global scope. */
    public Optional<String> tenantId() {
        return isGlobal() ? Optional.empty() : Optional.of(key);
    }

    /** How a store persists this scope: the tenant id, or {@value #GLOBAL_KEY} for global. */
    public String key() {
        return key;
    }

    /** Orders by {@link #key()}, so the global scope comes before every tenant whose id starts with a letter. */
    @Override
    public int compareTo(Scope other) {
        return key.compareTo(other.key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scope scope && scope.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** {@code global} or {@code tenant:<id>}. */
    @Override
    public String toString() {
        return isGlobal() ? "global" : "tenant:" + key;
    }

    /** White space, including the no-break spaces that {@link Character#isWhitespace} leaves out. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean validSurrogatePairAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
