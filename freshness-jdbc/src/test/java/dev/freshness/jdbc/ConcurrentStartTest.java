package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every node of an application builds its store with {@code createSchemaIfMissing()} when it starts, and they
 * often start at once: six builds at the same instant, on fresh tables (and, where a schema is a schema, a fresh
 * schema), ten times over, all succeed (issue 19, defect 3).
 */
class ConcurrentStartTest {

    static final int NODES = 6;
    static final int ROUNDS = 10;

    private static final OpenDatabases DATABASES = new OpenDatabases();

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void sixNodesStartingAtOnceOnFreshTablesAllStart(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        // On MariaDB a schema is a database: the rounds use fresh tables in the test's own database.
        boolean freshSchemas = setup.server() != TestServer.MARIADB;
        Map<String, Integer> failures = new TreeMap<>();
        int failed = 0;
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String schema = freshSchemas ? "race_" + round : null;
                String prefix = "race" + round + "_";
                CyclicBarrier together = new CyclicBarrier(NODES);
                List<Future<JdbcFreshnessStore>> builds = new ArrayList<>();
                for (int node = 0; node < NODES; node++) {
                    builds.add(nodes.submit(() -> {
                        JdbcFreshnessStore.Builder builder = JdbcFreshnessStore.using(database.dataSource())
                                .withTablePrefix(prefix).createSchemaIfMissing();
                        if (schema != null) {
                            builder.inSchema(schema);
                        }
                        together.await(30, TimeUnit.SECONDS);
                        return builder.build();
                    }));
                }
                JdbcFreshnessStore built = null;
                for (Future<JdbcFreshnessStore> build : builds) {
                    try {
                        built = build.get(2, TimeUnit.MINUTES);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failed++;
                        failures.merge(String.valueOf(e.getCause().getMessage()).lines().findFirst().orElse(""), 1,
                                Integer::sum);
                    }
                }
                if (built != null) {
                    Scope acme = Scope.tenant("acme");
                    built.apply(new RunEvent.Succeeded(acme, DatasetKey.of("ads"), RunId.of("r" + round),
                            Instant.parse("2026-03-02T06:00:00Z"), round));
                    assertThat(built.status(acme, DatasetKey.of("ads"))).isPresent();
                }
            }
        } finally {
            nodes.shutdownNow();
        }

        assertThat(failures).as("%d of %d builds failed on %s", failed, NODES * ROUNDS, setup).isEmpty();
    }
}
