package dev.freshness.reliability;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 4, concurrency across processes: two JVMs of 8 threads, each thread writing 10,000 events (160,000 in
 * all), over 50 pairs of one database at once, every row written by every thread; the statuses read afterwards
 * equal those of a reference model computed from the same events, every run has its history row, and neither the
 * JVMs' output nor the server's log has a deadlock, a duplicate key or any other error.
 */
class CrossProcessConcurrencyTest {

    static final int PROCESSES = 2;
    static final int THREADS = 8;
    static final int EVENTS_PER_THREAD = 10_000;
    private static final Map<Databases, String> SERVER_LOGS = Map.of(
            Databases.POSTGRESQL, envOr("FRESHNESS_POSTGRES_LOG", "/var/log/postgresql/postgresql-15-main.log"),
            Databases.MARIADB, envOr("FRESHNESS_MARIADB_LOG", "/var/log/mysql/error.log"));

    @ParameterizedTest
    @EnumSource(names = {"POSTGRESQL", "MARIADB"})
    void twoJvmsOfEightThreadsLoseNoUpdateAndLogNoError(Databases kind) throws Exception {
        try (OwnDatabase database = kind.open()) {
            run(database);
        }
    }

    private static void run(OwnDatabase database) throws Exception {
        JdbcFreshnessStore store = database.store("conc");
        long seed = new Random().nextLong();
        int perThread = EVENTS_PER_THREAD;
        Path serverLog = Path.of(SERVER_LOGS.get(database.kind()));
        long serverLogStart = Files.isReadable(serverLog) ? Files.size(serverLog) : -1;

        long started = System.nanoTime();
        List<ChildJvm> children = new ArrayList<>();
        List<String> output = new ArrayList<>();
        try {
            for (int process = 0; process < PROCESSES; process++) {
                children.add(ChildJvm.start(ConcurrentWriter.class, List.of(), database.url(), store.tablePrefix(),
                        Long.toString(seed), Integer.toString(process), Integer.toString(THREADS),
                        Integer.toString(perThread)));
            }
            for (ChildJvm child : children) {
                int exit = child.awaitExit(Duration.ofMinutes(8));
                output.addAll(child.lines());
                assertThat(exit).as("exit code of a writer JVM (seed %d); it wrote:%n%s", seed,
                        String.join("\n", child.lines())).isZero();
                assertThat(child.lines()).contains("DONE " + perThread * THREADS + " 0");
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        ReferenceStatuses model = new ReferenceStatuses(Workload.allEvents(seed, PROCESSES, THREADS, perThread));
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<Scope, DatasetKey> pair : model.pairs()) {
            ReferenceStatuses.Expected expected = model.expected(pair.getKey(), pair.getValue());
            ReferenceStatuses.Expected actual = store.status(pair.getKey(), pair.getValue())
                    .map(ReferenceStatuses.Expected::of).orElse(null);
            if (!expected.equals(actual)) {
                mismatches.add(pair + ": expected " + expected + " but the store has " + actual);
            }
        }
        long historyRows = database.queryForLong("SELECT count(*) FROM " + store.tablePrefix() + "run");
        List<String> retries = output.stream().filter(line -> line.contains("Retrying")).toList();
        List<String> errorLines = output.stream().filter(line -> line.contains("ERROR") || line.contains("WARN")
                || line.contains("Exception") || line.toLowerCase().contains("deadlock")
                || line.toLowerCase().contains("duplicate")).toList();
        List<String> serverErrors = serverLogStart < 0 ? List.of()
                : serverErrorsAbout(serverLog, serverLogStart, database.name(), store.tablePrefix());

        Figures.record("concurrency on %s: %d JVMs x %d threads, %d events over %d pairs in %.1f s; "
                        + "%d pairs differ from the model, %d of %d history rows present, %d retries after a deadlock, "
                        + "%d error lines from the JVMs, %d from the server log (%s)%n",
                database.kind(), PROCESSES, THREADS, PROCESSES * THREADS * perThread, model.pairs().size(),
                elapsed.toMillis() / 1000.0, mismatches.size(), historyRows, model.runs(), retries.size(),
                errorLines.size(), serverErrors.size(), serverLogStart < 0 ? "not readable: " + serverLog : serverLog);
        assertThat(model.pairs()).hasSize(Workload.PAIRS);
        assertThat(mismatches).as("statuses that differ from the reference model (seed %d)", seed).isEmpty();
        assertThat(historyRows).as("history rows (seed %d)", seed).isEqualTo(model.runs());
        assertThat(errorLines).as("errors logged by the writer JVMs").isEmpty();
        assertThat(retries).as("deadlocks met and retried by the store").isEmpty();
        assertThat(serverErrors).as("errors in the server log about the test's database or tables").isEmpty();
    }

    /**
     * The server log's error lines written since {@code offset} that are about the test's database (PostgreSQL's
     * log lines name it) or its tables: an error line followed, before the next error, by a statement naming a
     * table, or naming the database or a table itself.
     */
    private static List<String> serverErrorsAbout(Path log, long offset, String databaseName, String prefix)
            throws IOException {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(offset);
            byte[] added = new byte[(int) Math.min(file.length() - offset, 64L << 20)];
            file.readFully(added);
            lines.addAll(new String(added, StandardCharsets.UTF_8).lines().toList());
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean error = line.contains("ERROR") || line.contains("[ERROR]") || line.toLowerCase().contains("deadlock");
            if (!error) {
                continue;
            }
            boolean ours = line.contains(prefix) || line.contains(databaseName);
            for (int j = i + 1; j < Math.min(lines.size(), i + 5) && !ours; j++) {
                ours = lines.get(j).contains("STATEMENT") && lines.get(j).contains(prefix);
            }
            if (ours) {
                errors.add(line);
            }
        }
        return errors;
    }

    private static String envOr(String variable, String otherwise) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
