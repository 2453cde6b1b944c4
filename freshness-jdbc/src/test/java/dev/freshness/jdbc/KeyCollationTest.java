package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenant ids, dataset keys and run ids are case-sensitive: a database that compares them ignoring case (H2 with
 * {@code IGNORECASE=TRUE}, MariaDB columns with a {@code _ci} collation, PostgreSQL columns with a
 * nondeterministic collation) would merge two tenants into one row. Such tables are refused at start, and no read
 * ever returns a row whose key is not exactly one asked for (issue 19, defect 2).
 */
class KeyCollationTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Scope UPPER = Scope.tenant("Acme");
    private static final Scope LOWER = Scope.tenant("acme");
    private static final DatasetKey ADS = DatasetKey.of("ads");

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void keyColumnsThatIgnoreCaseAreRefusedAtStartNamingTheColumnTheCollationAndTheFix(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.dropTables("refused_");
        database.emptyStore("refused_");
        ignoreCase(database, "refused_status", "scope_key", 200, false);

        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("refused_").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused_status.scope_key")
                .hasMessageContaining(caseInsensitiveCollation(setup))
                .hasMessageContaining(setup.server() == null ? "SET DATA TYPE VARCHAR(200)" : "ALTER TABLE refused_status");
        database.dropTables("refused_");
    }

    @Test
    void anH2DatabaseThatIgnoresCaseIsRefusedNamingTheUrlOption() throws Exception {
        String url = "jdbc:h2:mem:freshness_" + OpenDatabase.randomName() + ";DB_CLOSE_DELAY=-1;IGNORECASE=TRUE";
        try (var pool = OpenDatabase.pool(url, "SET TIME ZONE 'UTC'", "h2-ignorecase")) {
            assertThatThrownBy(() -> JdbcFreshnessStore.using(pool).createSchemaIfMissing().build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("freshness_status.scope_key")
                    .hasMessageContaining("VARCHAR_IGNORECASE")
                    .hasMessageContaining("IGNORECASE=TRUE");
        } finally {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }

    /**
     * Tables a store was built on, changed afterwards to ignore case: the writes of two tenants that differ only
     * by case now land on one row, but reading one tenant never returns the other's row.
     */
    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void readsNeverReturnARowOfAnotherScopeDatasetOrRun(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.dropTables("merged_");
        JdbcFreshnessStore store = database.emptyStore("merged_");
        ignoreCase(database, "merged_status", "scope_key", 200, false);
        ignoreCase(database, "merged_status", "dataset_key", 100, false);
        ignoreCase(database, "merged_run", "scope_key", 200, false);
        ignoreCase(database, "merged_run", "dataset_key", 100, false);
        ignoreCase(database, "merged_run", "run_id", 200, false);

        store.apply(new RunEvent.Succeeded(UPPER, ADS, RunId.of("run-1"), T0, 111));
        store.apply(new RunEvent.Succeeded(LOWER, ADS, RunId.of("run-2"), T0.plusSeconds(1), 222));
        store.apply(new RunEvent.Started(LOWER, ADS, RunId.of("run-3"), T0.plusSeconds(2), "job"));
        store.apply(new RunEvent.Succeeded(UPPER, DatasetKey.of("Ads"), RunId.of("run-4"), T0, 4));

        assertThat(store.status(LOWER, ADS)).as("the row of tenant:Acme").isEmpty();
        assertThat(store.statuses(Set.of(LOWER), Set.of(ADS, DatasetKey.of("ADS")))).isEmpty();
        DatasetStatus upper = store.status(UPPER, ADS).orElseThrow();
        assertThat(upper.scope()).isEqualTo(UPPER);
        assertThat(upper.runsInFlight()).as("run-3 is tenant:acme's").isEmpty();
        assertThat(store.history(LOWER, ADS, 10)).extracting(RunRecord::scope).containsOnly(LOWER);
        assertThat(store.history(UPPER, ADS, 10)).extracting(RunRecord::scope).containsOnly(UPPER);
        assertThat(store.runHistory(RunId.of("RUN-1"))).isEmpty();
        assertThat(store.runHistory(RunId.of("run-1"))).extracting(RunRecord::runId).containsOnly(RunId.of("run-1"));
        List<DatasetStatus> acrossScopes = store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ADS))).statuses();
        assertThat(acrossScopes).extracting(DatasetStatus::dataset).containsOnly(ADS);
        assertThat(store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(DatasetKey.of("ADS")))).statuses()).isEmpty();
        database.dropTables("merged_");
    }

    /** Makes {@code table.column} compare text ignoring case, the way a user's migration might have made it. */
    private static void ignoreCase(OpenDatabase database, String table, String column, int length, boolean nullable) {
        String notNull = nullable ? "" : " NOT NULL";
        switch (database.expectedDialect()) {
            case H2 -> database.execute("ALTER TABLE " + table + " ALTER COLUMN " + column
                    + " SET DATA TYPE VARCHAR_IGNORECASE(" + length + ")");
            case POSTGRESQL -> database.execute(
                    "CREATE COLLATION IF NOT EXISTS case_insensitive (provider = icu, locale = 'und-u-ks-level2',"
                            + " deterministic = false)",
                    "ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE VARCHAR(" + length + ")"
                            + " COLLATE case_insensitive");
            case MARIADB, MYSQL -> database.execute("ALTER TABLE " + table + " MODIFY " + column + " VARCHAR(" + length
                    + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci" + notNull);
        }
    }

    private static String caseInsensitiveCollation(DatabaseSetup setup) {
        return switch (setup.expectedDialect()) {
            case H2 -> "VARCHAR_IGNORECASE";
            case POSTGRESQL -> "case_insensitive";
            case MARIADB, MYSQL -> "utf8mb4_general_ci";
        };
    }
}
