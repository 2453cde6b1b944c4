package dev.freshness.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The checks that a hand-written baseline does the store's work: the store writes under one scope, the baseline
 * under another, and the rows they leave in the same tables must be equal but for the scope.
 */
final class StoredRows {

    private StoredRows() {
    }

    /** Skips the test when {@code database} does not answer, unless {@code CI=true}, where it must. */
    static void assumeReachable(BenchDatabase database) {
        assumeTrue(database.isReachable() || "true".equalsIgnoreCase(System.getenv("CI")),
                () -> "Skipping: " + database.unreachableMessage());
    }

    /**
     * Asserts that {@code handScope} has the status row and the {@code runs} history rows that {@code storeScope}
     * has, in the tables of {@code prefix}.
     */
    static void assertSameRows(Connection connection, String prefix, String storeScope, String handScope, int runs)
            throws SQLException {
        List<Map<String, Object>> storeStatus = rows(connection, prefix + "status", storeScope);
        assertThat(storeStatus).hasSize(1);
        assertThat(rows(connection, prefix + "status", handScope)).isEqualTo(storeStatus);
        List<Map<String, Object>> storeRuns = rows(connection, prefix + "run", storeScope);
        assertThat(storeRuns).hasSize(runs);
        assertThat(rows(connection, prefix + "run", handScope)).isEqualTo(storeRuns);
    }

    /** Every row of {@code scope} in {@code table}, every column but the scope, in key order. */
    private static List<Map<String, Object>> rows(Connection connection, String table, String scope) throws SQLException {
        String order = table.endsWith("run") ? "dataset_key, run_id" : "dataset_key";
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT * FROM " + table + " WHERE scope_key = ? ORDER BY " + order)) {
            select.setString(1, scope);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        String name = meta.getColumnLabel(column).toLowerCase(Locale.ROOT);
                        if (!name.equals("scope_key")) {
                            row.put(name, result.getObject(column));
                        }
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
