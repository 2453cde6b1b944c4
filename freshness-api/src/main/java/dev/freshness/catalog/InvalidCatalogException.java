package dev.freshness.catalog;

import java.util.OptionalInt;

/**
 * A catalog that cannot be built: an unknown dataset in a rule, a duplicate key, an {@code errorAfter}
 * shorter than its {@code warnAfter}, a malformed line of a properties resource. The message names the item
 * and, for a resource, the line.
 */
public final class InvalidCatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String item;
    private final String problem;
    private final String source;
    private final int line;

    InvalidCatalogException(String item, String problem) {
        this(item, problem, null, 0, null);
    }

    private InvalidCatalogException(String item, String problem, String source, int line, Throwable cause) {
        super((source == null ? "" : source + " line " + line + ": ") + item + " " + problem, cause);
        this.item = item;
        this.problem = problem;
        this.source = source;
        this.line = line;
    }

    /** The same problem, located at {@code line} of {@code source}. */
    static InvalidCatalogException atLine(String source, int line, String item, String problem, Throwable cause) {
        return new InvalidCatalogException(item, problem, source, line, cause);
    }

    /** The item at fault, as the message names it, such as {@code page 'hook_analysis' needs 'ad_classifications'}. */
    public String item() {
        return item;
    }

    /** What is wrong with the item. */
    String problem() {
        return problem;
    }

    /** The line of the resource the item was read from; empty when the catalog was built in code. */
    public OptionalInt line() {
        return source == null ? OptionalInt.empty() : OptionalInt.of(line);
    }
}
