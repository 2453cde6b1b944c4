package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope.Attr;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Freshness migrations run beside an application's own, configured as the README says: Flyway with a history
 * table of their own, Liquibase included from the application's changelog. Neither disturbs the other, and running
 * both again changes nothing.
 */
class MigrationToolsBesideAnApplicationTest {

    /** Liquibase logs every step at INFO through java.util.logging; the tests keep warnings only. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void flywayWithAHistoryTableOfItsOwn(DatabaseSetup setup) {
        try (OpenDatabase database = setup.open()) {
            Flyway application = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("classpath:app/flyway")
                    .load();
            assertThat(application.migrate().migrationsExecuted).isEqualTo(1);

            Flyway freshness = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations(database.expectedDialect().flywayLocation())
                    .table("freshness_flyway_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .placeholders(Map.of("freshness_prefix", "freshness_", "freshness_schema", ""))
                    .load();

            assertThat(freshness.migrate().migrationsExecuted).isEqualTo(freshnessMigrations(setup));
            assertThat(freshness.migrate().migrationsExecuted).isZero();
            assertThat(application.migrate().migrationsExecuted).isZero();
            assertThat(application.validateWithResult().validationSuccessful).isTrue();
            assertThat(freshness.validateWithResult().validationSuccessful).isTrue();
            assertTheStoreWorks(database);
        }
    }

    @Test
    void flywayRefusesToRunWithoutTheSchemaPlaceholder() {
        try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
            Flyway freshness = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations(Dialect.H2.flywayLocation())
                    .table("freshness_flyway_history")
                    .placeholders(Map.of("freshness_prefix", "freshness_"))
                    .load();

            assertThatThrownBy(freshness::migrate).hasMessageContaining("freshness_schema");
            assertThat(count(database, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE LOWER(table_name) = 'freshness_status'")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void liquibaseIncludedFromTheApplicationsChangelog(DatabaseSetup setup) throws Exception {
        try (OpenDatabase database = setup.open()) {
            updateWithLiquibase(database, "app/liquibase/app-changelog.xml");
            updateWithLiquibase(database, "app/liquibase/app-changelog.xml");

            // The application's changeSet and those of this database's.
            assertThat(count(database, "SELECT COUNT(*) FROM DATABASECHANGELOG"))
                    .isEqualTo(1 + freshnessMigrations(setup));
            assertThat(count(database, "SELECT COUNT(*) FROM app_orders")).isZero();
            assertTheStoreWorks(database);
        }
    }

    /** How many migrations (Flyway) or changeSets (Liquibase) the store's schema has on the database. */
    private static int freshnessMigrations(DatabaseSetup setup) {
        // MariaDB and MySQL: version 1, the trigger that merges each event into the status, and version 2 (one history
        // index less); PostgreSQL: versions 1, 2 (the index of the stale walk, HOT-friendly statuses), 3 (the cursor
        // in that index) and 4 (the history's index for pruning in key order); H2: versions 1, 2 (one history index
        // less), 3 (the history's key leads with the run, one index less again) and 4 (as PostgreSQL's).
        return switch (setup.expectedDialect()) {
            case MARIADB, MYSQL -> 3;
            case H2, POSTGRESQL -> 4;
        };
    }

    private static void updateWithLiquibase(OpenDatabase database, String changelog) throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            Database target = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            liquibase.Scope.child(Map.of(Attr.ui.name(), new LoggerUIService()), () -> {
                Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(), target);
                liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                liquibase.update(new Contexts(), new LabelExpression());
            });
        }
    }

    private static void assertTheStoreWorks(OpenDatabase database) {
        Scope acme = Scope.tenant("acme");
        DatasetKey orders = DatasetKey.of("orders");
        Instant succeeded = Instant.parse("2026-01-05T03:00:00Z");
        JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).build();
        store.apply(new RunEvent.Succeeded(acme, orders, RunId.of("run-1"), succeeded, 5));
        assertThat(store.status(acme, orders).orElseThrow().lastSuccess())
                .hasValueSatisfying(success -> assertThat(success.recordsAffected()).isEqualTo(5));
        assertThat(count(database, "SELECT COUNT(*) FROM freshness_schema_version WHERE version = 1")).isEqualTo(1);
    }

    private static int count(OpenDatabase database, String sql) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run " + sql + " on " + database, e);
        }
    }
}
