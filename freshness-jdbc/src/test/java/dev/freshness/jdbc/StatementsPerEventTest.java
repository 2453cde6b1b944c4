package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one event costs on each database, counted on the JDBC calls that reach the driver, so that a regression
 * fails: on every database one statement prepared and executed and no transaction call (MySQL and MariaDB merge
 * the status in the history insert's trigger, H2 in a MERGE whose source is the history MERGE's FINAL TABLE).
 */
class StatementsPerEventTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final List<String> ONE_STATEMENT = List.of("prepare", "execute");

    private static final OpenDatabases DATABASES = new OpenDatabases();

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB", "MARIADB_CONNECTOR_J"})
    void eachKindOfEventCostsWhatItsDatabaseNeedsAndNoMore(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("spe_");
        JdbcCalls jdbc = new JdbcCalls(database.dataSource());
        JdbcFreshnessStore store = JdbcFreshnessStore.using(jdbc.dataSource()).withTablePrefix("spe_").build();
        RunId run = RunId.of("run-1");

        for (RunEvent event : List.of(new RunEvent.Started(ACME, ORDERS, run, T0, "job"),
                new RunEvent.Succeeded(ACME, ORDERS, run, T0.plusSeconds(1), 5),
                new RunEvent.Failed(ACME, ORDERS, run, T0.plusSeconds(2), JobError.of("E", "boom", null)))) {
            jdbc.clear();
            store.apply(event);
            assertThat(jdbc.calls()).as("the JDBC calls of %s on %s", event.getClass().getSimpleName(), setup)
                    .isEqualTo(ONE_STATEMENT);
        }

        var status = store.status(ACME, ORDERS).orElseThrow();
        assertThat(status.lastStart()).hasValueSatisfying(start -> assertThat(start.at()).isEqualTo(T0));
        assertThat(status.lastSuccess()).hasValueSatisfying(success -> assertThat(success.recordsAffected()).isEqualTo(5));
        assertThat(status.lastFailure()).hasValueSatisfying(failure -> assertThat(failure.runId()).isEqualTo(run));
        assertThat(store.runHistory(run)).singleElement().satisfies(record -> assertThat(record.jobName()).isEqualTo("job"));
    }

    /** On the database clock an event is still one statement: it reads the clock itself. */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB", "MARIADB_CONNECTOR_J"})
    void anEventOnTheDatabaseClockIsStillOneStatement(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("spe_db_");
        JdbcCalls jdbc = new JdbcCalls(database.dataSource());
        JdbcFreshnessStore store = JdbcFreshnessStore.using(jdbc.dataSource()).withTablePrefix("spe_db_").usingDbTime()
                .build();
        Instant before = Instant.now().minusSeconds(60);
        jdbc.clear();

        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), T0, 5));

        assertThat(jdbc.calls()).isEqualTo(ONE_STATEMENT);
        var success = store.status(ACME, ORDERS).orElseThrow().lastSuccess().orElseThrow();
        assertThat(success.at()).as("the database's clock, not the event's").isAfter(before);
        assertThat(store.runHistory(RunId.of("run-1"))).singleElement()
                .satisfies(record -> assertThat(record.finishedAt()).isEqualTo(success.at()));
    }
}
