package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.RunState;
import dev.freshness.testsupport.ChildJvm;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 3, crash: a child JVM records events and is killed with SIGKILL in the middle of a run. After the restart
 * (new store objects over the same database), every event the child had seen committed is there, and the run it
 * left in flight reads as refreshing until its dataset's max run duration has passed, then as abandoned.
 */
class CrashTest {

    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Duration MAX_RUN = Duration.ofHours(1);
    /** Lines read after the never-ending run started, before the kill: the child is killed mid-stream. */
    private static final int LINES_AFTER_READY = 150;
    private static final Catalog CATALOG = Catalog.builder()
            .dataset(CrashingWriter.DATASET, "Orders", MAX_RUN)
            .producer("import", CrashingWriter.DATASET)
            .page("orders_page", "Orders", Requirement.of(CrashingWriter.DATASET, Duration.ofHours(24)))
            .build();

    @Test
    void anH2FileDatabaseKeepsEveryCommittedEventOfAKilledProcess() throws Exception {
        Path directory = Files.createTempDirectory("rel-crash-");
        // Kept open between calls, as an application keeps it. WRITE_DELAY=0: by default H2 writes a commit to
        // the file up to 500 ms later, and a SIGKILL lost the last ~100 committed events (see docs/reliability.md).
        String url = "jdbc:h2:file:" + directory.resolve("freshness").toAbsolutePath() + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
        JdbcDataSource afterRestart = new JdbcDataSource();
        afterRestart.setURL(url);
        try {
            crashAndRestart("H2 file", url, afterRestart, "rel_crash_");
        } finally {
            try (Connection connection = afterRestart.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } finally {
                deleteRecursively(directory);
            }
        }
    }

    @Test
    void aPostgresDatabaseKeepsEveryCommittedEventOfAKilledProcess() throws Exception {
        try (OwnDatabase database = Databases.POSTGRESQL.open()) {
            crashAndRestart("PostgreSQL", database.url(), database.newDataSource(2), "rel_crash_");
        }
    }

    private static void crashAndRestart(String database, String url, DataSource afterRestart, String prefix)
            throws Exception {
        List<String> committed = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(CrashingWriter.class, List.of(), url, prefix, T0.toString())) {
            child.awaitLine(CrashingWriter.READY, Duration.ofSeconds(120));
            for (int i = 0; i < LINES_AFTER_READY; i++) {
                child.nextLine(Duration.ofSeconds(60));
            }
            child.kill();
            child.lines().stream().filter(line -> line.startsWith("COMMITTED ")).forEach(committed::add);
        }

        JdbcFreshnessStore store = JdbcFreshnessStore.using(afterRestart).withTablePrefix(prefix).build();
        SettableClock clock = SettableClock.at(T0);
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build()) {
            checkAfterRestart(database, committed, freshness, clock);
        }
    }

    private static void checkAfterRestart(String database, List<String> committed, DatasetFreshness freshness,
                                          SettableClock clock) {
        List<String> lost = new ArrayList<>();
        Instant crashedRunStarted = null;
        for (String line : committed) {
            String[] fields = line.split(" ");
            String kind = fields[1];
            Scope scope = Scope.fromKey(fields[2]);
            RunId runId = RunId.of(fields[3]);
            Instant at = Instant.parse(fields[4]);
            Optional<RunRecord> record = freshness.records().runHistory(runId).stream()
                    .filter(run -> run.scope().equals(scope)).findFirst();
            boolean stored = switch (kind) {
                case "STARTED" -> record.map(RunRecord::startedAt).filter(at::equals).isPresent();
                case "SUCCEEDED" -> record.filter(run -> run.outcome() == RunRecord.Outcome.SUCCEEDED)
                        .map(RunRecord::finishedAt).filter(at::equals).isPresent();
                case "FAILED" -> record.filter(run -> run.outcome() == RunRecord.Outcome.FAILED)
                        .map(RunRecord::finishedAt).filter(at::equals).isPresent();
                default -> throw new AssertionError("unexpected line " + line);
            };
            if (!stored) {
                lost.add(line + " -> " + record);
            }
            if (runId.value().equals(CrashingWriter.CRASHED_RUN)) {
                crashedRunStarted = at;
            }
        }
        Figures.record("crash on %s: %d committed events printed before SIGKILL, %d lost%n",
                database, committed.size(), lost.size());
        assertThat(committed).hasSizeGreaterThan(2 * CrashingWriter.EVENTS_BEFORE_THE_CRASHED_RUN + LINES_AFTER_READY - 1);
        assertThat(lost).as("committed events missing after the restart").isEmpty();
        assertThat(crashedRunStarted).as("the never-ending run's start").isNotNull();

        clock.set(crashedRunStarted.plus(MAX_RUN));
        RunState withinMaxRun = onlyVerdict(freshness.report(Scope.global(), "orders_page")).runState();
        assertThat(withinMaxRun.refreshing()).map(DatasetStatus.Start::runId).hasValue(RunId.of(CrashingWriter.CRASHED_RUN));
        assertThat(withinMaxRun.abandoned()).isEmpty();

        clock.set(crashedRunStarted.plus(MAX_RUN).plusSeconds(1));
        DatasetVerdict pastMaxRun = onlyVerdict(freshness.report(Scope.global(), "orders_page"));
        assertThat(pastMaxRun.runState().abandoned()).map(DatasetStatus.Start::runId)
                .hasValue(RunId.of(CrashingWriter.CRASHED_RUN));
        assertThat(pastMaxRun.runState().refreshing()).isEmpty();
        assertThat(pastMaxRun.sentence()).contains("was abandoned");
    }

    private static DatasetVerdict onlyVerdict(FreshnessReport report) {
        assertThat(report.verdicts()).hasSize(1);
        return report.verdicts().get(0);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
