package dev.freshness.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the database's catalog says of the store's three tables in the connection's schema: every column (type, length,
 * nullability, default, collation) and every index (its columns, in order, and whether it is unique or partial),
 * with the table prefix written {@code <prefix>}, so that two sets of tables made in two ways compare equal when
 * they are the same.
 */
final class SchemaCatalog {

    private SchemaCatalog() {
    }

    /** The description of the tables named with {@code prefix}, one sorted line per column and per index column
     * (and, on PostgreSQL, per table with its storage parameters, such as its fillfactor). */
    static List<String> describe(OpenDatabase database, String prefix) {
        String schema = switch (database.expectedDialect()) {
            case H2 -> "CURRENT_SCHEMA";
            case POSTGRESQL -> "current_schema()";
            case MYSQL, MARIADB -> "DATABASE()";
        };
        String p = prefix.toLowerCase(Locale.ROOT);
        String tables = "('" + p + "status', '" + p + "run', '" + p + "schema_version')";
        List<String> lines = new ArrayList<>(rows(database, """
                SELECT 'column', table_name, column_name, data_type, character_maximum_length, is_nullable,
                       column_default, collation_name
                FROM information_schema.columns
                WHERE table_schema = %s AND LOWER(table_name) IN %s
                """.formatted(schema, tables), prefix));
        lines.addAll(rows(database, switch (database.expectedDialect()) {
            case H2 -> """
                    SELECT 'index', c.table_name, REGEXP_REPLACE(c.index_name, '^PRIMARY_KEY_[0-9A-F]+$', 'PRIMARY_KEY'),
                           c.ordinal_position, c.column_name, i.index_type_name
                    FROM information_schema.index_columns c
                    JOIN information_schema.indexes i
                      ON i.index_schema = c.index_schema AND i.index_name = c.index_name
                    WHERE c.table_schema = %s AND LOWER(c.table_name) IN %s
                    """.formatted(schema, tables);
            case POSTGRESQL -> """
                    SELECT 'index', tablename, indexname, indexdef
                    FROM pg_indexes
                    WHERE schemaname = %s AND LOWER(tablename) IN %s
                    UNION ALL
                    SELECT 'storage', t.relname, array_to_string(t.reloptions, ','), NULL
                    FROM pg_class t
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = %s AND LOWER(t.relname) IN %s AND t.relkind = 'r'
                    """.formatted(schema, tables, schema, tables);
            case MYSQL, MARIADB -> """
                    SELECT 'index', table_name, index_name, seq_in_index, column_name, non_unique, index_type
                    FROM information_schema.statistics
                    WHERE table_schema = %s AND LOWER(table_name) IN %s
                    """.formatted(schema, tables);
        }, prefix));
        return lines.stream().sorted().toList();
    }

    private static List<String> rows(OpenDatabase database, String sql, String prefix) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData columns = rows.getMetaData();
            List<String> lines = new ArrayList<>();
            while (rows.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    line.append(i > 1 ? " | " : "").append(rows.getString(i));
                }
                lines.add(line.toString().replaceAll("(?i)" + prefix, "<prefix>"));
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog of " + database + " with " + sql, e);
        }
    }

    /** The catalog of the tables that {@code createSchemaIfMissing()} makes beside them, described as theirs. */
    static List<String> createdBySchemaIfMissing(OpenDatabase database) {
        JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("created_").createSchemaIfMissing().build();
        return describe(database, "created_");
    }

    /** The names of the indexes of the tables with the default prefix, in lower case and in order. */
    static List<String> indexNames(OpenDatabase database) {
        String sql = switch (database.expectedDialect()) {
            case H2 -> "SELECT DISTINCT LOWER(index_name) FROM information_schema.indexes"
                    + " WHERE table_schema = SCHEMA() AND LOWER(table_name) LIKE 'freshness_%' ORDER BY 1";
            case POSTGRESQL -> "SELECT indexname FROM pg_indexes"
                    + " WHERE schemaname = current_schema() AND tablename LIKE 'freshness_%' ORDER BY 1";
            case MYSQL, MARIADB -> "SELECT DISTINCT LOWER(index_name) FROM information_schema.statistics"
                    + " WHERE table_schema = DATABASE() AND LOWER(table_name) LIKE 'freshness_%' ORDER BY 1";
        };
        return database.firstColumn(sql);
    }
}
