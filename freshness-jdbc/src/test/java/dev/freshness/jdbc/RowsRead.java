package dev.freshness.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows a statement reads, as the database counts them: a cost that does not depend on the machine's load. The
 * statement runs again with the same parameters on the same connection, under PostgreSQL's {@code EXPLAIN ANALYZE}
 * (the rows each scan returned or filtered out), H2's {@code EXPLAIN ANALYZE} (its scan counts), or between two reads
 * of MariaDB's session handler counters of index reads.
 */
final class RowsRead {

    private static final Pattern PG_SCAN = Pattern.compile(
            "(?:Seq Scan|(?<!Bitmap )Index Scan|Index Only Scan|Bitmap Heap Scan).* rows=(\\d+) loops=(\\d+)");
    private static final Pattern PG_REMOVED = Pattern.compile("Rows Removed by (?:Filter|Index Recheck): (\\d+)");
    private static final Pattern H2_SCAN = Pattern.compile("scanCount: (\\d+)");

    private RowsRead() {
    }

    /** The rows {@code statement} reads on {@code setup}'s database; a {@link MeasuredStatements.Measure}. */
    static long of(DatabaseSetup setup, Connection connection, MeasuredStatements.Recorded statement)
            throws Exception {
        if (setup.server() == null) {
            return sum(H2_SCAN, explain(connection, "EXPLAIN ANALYZE ", statement));
        }
        return switch (setup.server()) {
            case POSTGRESQL -> postgresRowsRead(explain(connection, "EXPLAIN ANALYZE ", statement));
            default -> {
                long before = mariaDbIndexReads(connection);
                explain(connection, "", statement);
                yield mariaDbIndexReads(connection) - before;
            }
        };
    }

    /** The text {@code prefix} and the statement return, one line a row. */
    private static String explain(Connection connection, String prefix, MeasuredStatements.Recorded statement)
            throws Exception {
        try (PreparedStatement explain = statement.prepare(connection, prefix)) {
            StringBuilder text = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    text.append(rows.getString(1)).append('\n');
                }
            }
            return text.toString();
        }
    }

    private static long sum(Pattern pattern, String text) {
        long total = 0;
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }

    /**
     * Rows each scan of a table returned or filtered out, times its loops. A bitmap's index entries are not
     * counted, the rows its heap scan fetched are: PostgreSQL may AND a statement's keys with the bitmap of a value
     * that all the rows share, which reads index entries, not rows.
     */
    private static long postgresRowsRead(String plan) {
        long total = 0;
        long loops = 1;
        for (String line : plan.split("\n")) {
            Matcher scan = PG_SCAN.matcher(line);
            if (scan.find()) {
                loops = Long.parseLong(scan.group(2));
                total += Long.parseLong(scan.group(1)) * loops;
                continue;
            }
            Matcher removed = PG_REMOVED.matcher(line);
            if (removed.find()) {
                total += Long.parseLong(removed.group(1)) * loops;
            }
        }
        return total;
    }

    /** Index reads of this session so far; reading them reads no index. */
    private static long mariaDbIndexReads(Connection connection) throws SQLException {
        long total = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN"
                     + " ('Handler_read_first', 'Handler_read_key', 'Handler_read_next', 'Handler_read_prev')")) {
            while (rows.next()) {
                total += rows.getLong(2);
            }
        }
        return total;
    }
}
