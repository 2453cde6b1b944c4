package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.testsupport.ChildJvm;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Item 12, a process killed during a store outage: a child JVM runs tracked jobs over an unreachable database
 * with a redelivery spool and is killed with SIGKILL. The next instance over the same spool directory, with the
 * database back, writes every event the child had queued: 0 lost, even with a record cut short at the end of
 * the file.
 */
class SpoolTest {

    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final int RUNS_BEFORE_THE_KILL = 200;
    private static final Catalog CATALOG = Catalog.builder()
            .dataset(SpoolingWriter.DATASET, "Orders")
            .producer("import", SpoolingWriter.DATASET)
            .page("orders_page", "Orders", Requirement.of(SpoolingWriter.DATASET, Duration.ofHours(24)))
            .build();

    @Test
    void anH2FileDatabaseGetsEveryEventOfAProcessKilledDuringTheOutage() throws Exception {
        Path directory = Files.createTempDirectory("rel-spool-");
        String url = "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath() + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
        JdbcDataSource afterRestart = new JdbcDataSource();
        afterRestart.setURL(url);
        try {
            killDuringTheOutageAndRestart("H2 file", url, afterRestart, directory.resolve("spool"));
        } finally {
            try (Connection connection = afterRestart.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } finally {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    @Test
    void aPostgresDatabaseGetsEveryEventOfAProcessKilledDuringTheOutage() throws Exception {
        Path spool = Files.createTempDirectory("rel-spool-");
        try (OwnDatabase database = Databases.POSTGRESQL.open()) {
            killDuringTheOutageAndRestart("PostgreSQL", database.url(), database.newDataSource(2), spool);
        } finally {
            try (Stream<Path> files = Files.walk(spool)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void killDuringTheOutageAndRestart(String database, String url, DataSource afterRestart, Path spool)
            throws Exception {
        String prefix = "rel_spool_";
        List<String> done = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(SpoolingWriter.class, List.of(), url, prefix, spool.toString(),
                T0.toString())) {
            child.awaitLine(SpoolingWriter.DOWN, Duration.ofSeconds(120));
            // Its warnings (once a minute of its clock) come on the same stream: count the runs only.
            int runs = 0;
            while (runs < RUNS_BEFORE_THE_KILL) {
                if (child.nextLine(Duration.ofSeconds(60)).startsWith("DONE ")) {
                    runs++;
                }
            }
            child.kill();
            child.lines().stream().filter(line -> line.startsWith("DONE ")).forEach(done::add);
        }
        assertThat(done).hasSizeGreaterThanOrEqualTo(RUNS_BEFORE_THE_KILL);

        // A record cut short after the last one, as a kill in the middle of a write leaves it.
        Path file = spool.resolve("freshness-redelivery.spool");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String lastComplete = lines.get(lines.size() - 1);
        boolean alreadyCut = !Files.readString(file, StandardCharsets.UTF_8).endsWith("\n");
        if (!alreadyCut) {
            Files.writeString(file, lastComplete.substring(0, lastComplete.length() / 2), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }

        JdbcFreshnessStore store = JdbcFreshnessStore.using(afterRestart).withTablePrefix(prefix).build();
        int replayed;
        List<String> warnings;
        try (CapturedLog log = CapturedLog.ofFreshness();
             DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(SettableClock.at(T0))
                     .withRedeliverySpool(spool).withRedeliveryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                     .build()) {
            replayed = freshness.records().redeliveryStatus().queued() + (int) freshness.records().redeliveryStatus()
                    .delivered();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!freshness.records().redeliveryStatus().isEmpty()) {
                assertThat(System.nanoTime()).as("the spool written within 60 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            List<String> lost = new ArrayList<>();
            for (String line : done) {
                String[] fields = line.split(" ");
                Instant at = Instant.parse(fields[2]);
                Optional<RunRecord> run = freshness.records().runHistory(RunId.of(fields[1])).stream().findFirst();
                if (run.filter(record -> record.outcome() == RunRecord.Outcome.SUCCEEDED)
                        .filter(record -> at.equals(record.startedAt()) && at.equals(record.finishedAt()))
                        .isEmpty()) {
                    lost.add(line + " -> " + run);
                }
            }
            warnings = log.printed(Level.WARN);
            Figures.record("spool on %s: %d runs returned before SIGKILL during the outage, %d events replayed at"
                    + " the next start, a record cut short skipped and reported, %d runs lost%n",
                    database, done.size(), replayed, lost.size());
            assertThat(lost).as("runs whose events were lost").isEmpty();
        }
        assertThat(Files.size(file)).as("the spool, emptied once written").isZero();
        assertThat(warnings).singleElement().asString().contains("a last line cut short");
        assertThat(replayed).isGreaterThanOrEqualTo(2 * done.size());
    }
}
