package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pruning never deletes the record of a dataset's last success, even one committed while the prune runs
 * (issue 19, defect 5): R1 succeeded, R2 started; R2's success is written in a transaction that stays open while a
 * prune of everything older than an hour runs; then it commits.
 */
class PruningRaceTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ADS = DatasetKey.of("ads");
    private static final RunId R1 = RunId.of("r1");
    private static final RunId R2 = RunId.of("r2");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aSuccessCommittedWhileAPruneRunsKeepsItsRecord(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore("prune_");
        store.apply(new RunEvent.Started(ACME, ADS, R1, T0, "job"));
        store.apply(new RunEvent.Succeeded(ACME, ADS, R1, T0.plusSeconds(60), 1));
        store.apply(new RunEvent.Started(ACME, ADS, R2, T0.plusSeconds(120), "job"));
        ExecutorService pruner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> pruned = Jdbi.create(database.dataSource()).inTransaction(handle -> {
                store.inTransactionOf(handle).apply(new RunEvent.Succeeded(ACME, ADS, R2, T0.plusSeconds(180), 2));
                Future<Integer> prune = pruner.submit(() -> store.pruneHistory(T0.plusSeconds(3_600)));
                Thread.sleep(500);
                assertThat(prune).as("the prune waits for the success's transaction").isNotDone();
                return prune;
            });
            pruned.get(30, TimeUnit.SECONDS);
        } finally {
            pruner.shutdownNow();
        }

        assertThat(store.status(ACME, ADS).orElseThrow().lastSuccess().orElseThrow().runId()).isEqualTo(R2);
        assertThat(store.history(ACME, ADS, 10)).as("the record of the last success")
                .anySatisfy(record -> {
                    assertThat(record.runId()).isEqualTo(R2);
                    assertThat(record.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
                });
    }
}
