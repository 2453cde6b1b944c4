package dev.freshness.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's SQL text with its named parameters ({@code :scope}) turned into JDBC's {@code ?}, and the names
 * in the order they appear, so that hand-written JDBC runs exactly the statement the store runs.
 *
 * @param sql the statement with {@code ?} placeholders
 * @param parameters the name of each placeholder, in order (a name used twice appears twice)
 */
public record PositionalSql(String sql, List<String> parameters) {

    /** A colon not preceded by another colon or a word character, then a name: Jdbi's named-parameter syntax. */
    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([A-Za-z][A-Za-z0-9]*)");

    /** Converts {@code namedSql}. */
    public static PositionalSql of(String namedSql) {
        List<String> names = new ArrayList<>();
        Matcher matcher = NAMED.matcher(namedSql);
        StringBuilder positional = new StringBuilder();
        while (matcher.find()) {
            names.add(matcher.group(1));
            matcher.appendReplacement(positional, "?");
        }
        matcher.appendTail(positional);
        return new PositionalSql(positional.toString(), List.copyOf(names));
    }
}
