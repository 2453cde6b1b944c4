package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static dev.freshness.jdbc.SchemaCatalog.indexNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MariaDB's schema version 2 over tables at version 1 with the trigger that merges each event into the status (what
 * the first two migrations make), with Flyway or Liquibase: the store works on version 1 unchanged and its start-up
 * log names the migration to run; the same tool then migrates the tables to the very ones
 * {@code createSchemaIfMissing()} makes, the statuses and the history kept. MySQL runs the same migration files.
 */
class MariaDbSchemaVersion2Test {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-03-01T00:00:00Z");

    /** What the start-up log adds to an older schema version's number. */
    private static final String USES_VERSION_2 = " (this library works on it, but uses version 2: migration"
            + " V3__drop_history_index_repeating_the_key.sql (Liquibase changeSet freshness-schema-3-mysql-mariadb)"
            + " drops a history index that repeated the primary key, which every event wrote; run it with Flyway from"
            + " classpath:META-INF/freshness/jdbc/migrations/mysql-mariadb or with Liquibase from"
            + " META-INF/freshness/jdbc/migrations/liquibase-changelog.xml)";

    private CapturedLog log;

    @BeforeEach
    void capture() {
        log = CapturedLog.of(JdbcFreshnessStore.class.getName());
    }

    @AfterEach
    void release() {
        log.close();
    }

    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void theStoreWorksOnAVersion1SchemaAndTheSameToolMigratesIt(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.MARIADB.open()) {
            // Flyway's version 2 and Liquibase's second changeSet add the trigger; the schema stays at version 1.
            route.applyUpToVersion(database, 2);
            assertThat(indexNames(database)).contains("freshness_run_by_activity");

            JdbcFreshnessStore onVersion1 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 1" + USES_VERSION_2);
            onVersion1.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-1"), EARLIER, "job"));
            onVersion1.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), EARLIER.plusSeconds(1), 5));
            onVersion1.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-2"), LATER, "job"));
            DatasetStatus onVersion1Status = onVersion1.status(ACME, ORDERS).orElseThrow();

            route.apply(database);

            assertThat(SchemaCatalog.describe(database, "freshness_"))
                    .isEqualTo(SchemaCatalog.createdBySchemaIfMissing(database));
            assertThat(indexNames(database)).doesNotContain("freshness_run_by_activity");
            JdbcFreshnessStore onVersion2 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 2");
            assertThat(onVersion2.status(ACME, ORDERS)).contains(onVersion1Status);
            onVersion2.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-2"), LATER.plusSeconds(1), 7));
            assertThat(onVersion2.history(ACME, ORDERS, 10)).extracting(record -> record.runId().value())
                    .containsExactly("run-2", "run-1");
            assertThat(onVersion2.status(ACME, ORDERS).orElseThrow().runsInFlight()).isEmpty();
        }
    }

    /** The script makes new tables at version 2; it leaves older tables at their version, which the log names. */
    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void createSchemaIfMissingLeavesOlderTablesAtTheirVersion(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.MARIADB.open()) {
            route.applyVersion1(database);

            JdbcFreshnessStore.using(database.dataSource()).createSchemaIfMissing().build();

            assertThat(lastVerification()).endsWith("schema version 1" + USES_VERSION_2);
            assertThat(indexNames(database)).contains("freshness_run_by_activity");
        }
    }

    /** What the store logged last at INFO: the tables it verified. */
    private String lastVerification() {
        List<String> logged = log.messages(Level.INFO);
        return logged.get(logged.size() - 1);
    }
}
