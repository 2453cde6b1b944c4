package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool may hand out connections with auto-commit off (HikariCP's {@code autoCommit=false}, common beside JPA).
 * A store built on the data source owns the connections it takes from it, so it commits what it wrote on them:
 * otherwise the pool would roll the writes back when the connection returns, and events would be lost without an
 * error.
 */
class PoolWithoutAutoCommitTest {

    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private static final OpenDatabases DATABASES = new OpenDatabases();

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    /** The tables too: created through the same pool. */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void eventsWrittenOneByOneOrInBatchesAreCommitted(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        Scope acme = Scope.tenant("acme");
        Scope globex = Scope.tenant("globex");
        RunId run = RunId.of("run-1");

        try (HikariDataSource pool = poolWithoutAutoCommit(database)) {
            JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).withTablePrefix("nac_")
                    .createSchemaIfMissing().build();
            store.apply(new RunEvent.Started(acme, ORDERS, run, T0, "sync"));
            store.apply(new RunEvent.Succeeded(acme, ORDERS, run, T0.plusSeconds(5), 7));
            store.applyAll(List.of(new RunEvent.Started(globex, ORDERS, run, T0, "sync"),
                    new RunEvent.Succeeded(globex, ORDERS, run, T0.plusSeconds(6), 8)));
            store.createStatusesIfAbsent(Scope.tenant("initech"), java.util.Set.of(ORDERS));
        }

        JdbcFreshnessStore reader = JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("nac_").build();
        assertThat(reader.status(acme, ORDERS)).map(DatasetStatus::lastSuccess)
                .hasValueSatisfying(success -> assertThat(success).map(DatasetStatus.Success::recordsAffected).hasValue(7L));
        assertThat(reader.status(globex, ORDERS)).map(DatasetStatus::lastSuccess)
                .hasValueSatisfying(success -> assertThat(success).map(DatasetStatus.Success::recordsAffected).hasValue(8L));
        assertThat(reader.status(Scope.tenant("initech"), ORDERS)).isPresent();
        assertThat(reader.runHistory(run)).hasSize(2);
    }

    /**
     * On a Jdbi of the caller's the store follows Jdbi, which takes a connection without auto-commit to be in a
     * transaction someone else ends (Spring's, say); it says so when it is built, since nobody may.
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL"})
    void aStoreOnAJdbiOfSuchAPoolWarnsThatItsWritesAreLeftToWhoeverCommits(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("nacj_");

        try (HikariDataSource pool = poolWithoutAutoCommit(database);
             CapturedLog log = CapturedLog.ofFreshness()) {
            JdbcFreshnessStore.using(Jdbi.create(pool)).withTablePrefix("nacj_").build();

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Freshness JDBC store: the Jdbi's connections come with auto-commit off");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY"})
    void aStoreOnAJdbiOfAPoolWithAutoCommitSaysNothingOfIt(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("nacw_");

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            JdbcFreshnessStore.using(Jdbi.create(database.dataSource())).withTablePrefix("nacw_").build();

            assertThat(log.messages(Level.WARN)).isEmpty();
        }
    }

    private static HikariDataSource poolWithoutAutoCommit(OpenDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setPoolName("no-auto-commit");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionInitSql(database.setup().sessionStatement());
        return new HikariDataSource(config);
    }
}
