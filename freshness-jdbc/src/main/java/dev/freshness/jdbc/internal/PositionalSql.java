package dev.freshness.jdbc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement written with Jdbi's named parameters ({@code :scope}) turned into JDBC's positional {@code ?}, with
 * the name of each placeholder in order, so that the store can run it through a plain {@code PreparedStatement}.
 * Converted once, when the store is built.
 *
 * <p>It reads the SQL as Jdbi's colon-prefix parser does: a colon followed by a letter or {@code _} starts a name
 * of letters, digits and {@code _}; a double colon (PostgreSQL's cast {@code ::text}) is text, and so is everything
 * inside single quotes (with {@code ''} inside), double quotes, backquotes and {@code /* ... *}{@code /} comments.
 *
 * @param named the statement as written, with its named parameters (shown in error messages, as Jdbi shows it)
 * @param sql the statement with a {@code ?} for each named parameter
 * @param parameters the name of each {@code ?}, in order; a name used twice appears twice
 */
public record PositionalSql(String named, String sql, List<String> parameters) {

    /** Validates and copies the list of names. */
    public PositionalSql {
        parameters = List.copyOf(parameters);
    }

    /**
     * Converts {@code namedSql}.
     *
     * @throws IllegalArgumentException if the statement has a positional {@code ?} of its own (JDBC could not tell
     *     it from the converted ones), or a quote or comment that is never closed, naming where it starts
     */
    public static PositionalSql of(String namedSql) {
        StringBuilder positional = new StringBuilder(namedSql.length());
        List<String> names = new ArrayList<>();
        int length = namedSql.length();
        int i = 0;
        while (i < length) {
            char c = namedSql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(namedSql, i, c);
                positional.append(namedSql, i, end + 1);
                i = end + 1;
            } else if (c == '/' && i + 1 < length && namedSql.charAt(i + 1) == '*') {
                int end = namedSql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed comment at offset " + i + " of " + namedSql);
                }
                positional.append(namedSql, i, end + 2);
                i = end + 2;
            } else if (c == ':' && i + 1 < length && namedSql.charAt(i + 1) == ':') {
                positional.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < length && isNameStart(namedSql.charAt(i + 1))) {
                int end = i + 2;
                while (end < length && isNamePart(namedSql.charAt(end))) {
                    end++;
                }
                names.add(namedSql.substring(i + 1, end));
                positional.append('?');
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("positional parameter at offset " + i + " of a statement with"
                        + " named parameters: " + namedSql);
            } else {
                positional.append(c);
                i++;
            }
        }
        return new PositionalSql(namedSql, positional.toString(), names);
    }

    /** The offset of the quote that closes the one at {@code start}; a doubled quote inside is part of the text. */
    private static int closingQuote(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unclosed " + quote + " at offset " + start + " of " + sql);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
