package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a drop of a day keeps costs the kept fragments, not the kept fragments times the partitions (issue 20, point
 * 3): {@value #KEPT} last successes on the oldest of {@value #DAYS} daily partitions. The statement that finds what
 * to keep is measured as it runs ({@link MeasuredStatements}), in the buffers PostgreSQL's
 * {@code EXPLAIN (ANALYZE, BUFFERS)} reports for it (run first in a savepoint rolled back, as it inserts): a
 * statement that asks each later partition whether each kept fragment's run goes on reads about three index pages
 * per partition per kept fragment, {@value #DAYS} times three here.
 */
class PartitionDropCostTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final int KEPT = 300;
    private static final int DAYS = 30;
    private static final DatasetKey ADS = DatasetKey.of("ads");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** Buffers per kept fragment: the status index, the partition's primary key and row, a lookup or two more. */
    private static final int BUFFERS_PER_KEPT = 12;

    /** The statement that finds what a drop keeps, the one measured. */
    private static final String KEEP = "what a drop keeps";
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared (?:hit=(\\d+))? ?(?:read=(\\d+))?");

    @AfterAll
    static void dropTheDatabase() {
        DATABASES.close();
    }

    @Test
    void findingWhatADropKeepsReadsEachKeptFragmentOnceNotOncePerPartition() {
        OpenDatabase database = DATABASES.of(DatabaseSetup.POSTGRESQL);
        MeasuredStatements<String> measured = new MeasuredStatements<>(database.dataSource(),
                sql -> sql.strip().startsWith("INSERT INTO freshness_kept") ? KEEP : null,
                PartitionDropCostTest::buffers);
        measured.start();
        JdbcFreshnessStore store = database.emptyStore(JdbcFreshnessStore.using(measured.dataSource())
                .withTablePrefix("keep_").partitionHistoryByDay());
        LocalDate oldest = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS + 10);
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = oldest.plusDays(i);
            database.execute("CREATE TABLE keep_run_p" + DAY.format(day) + " PARTITION OF keep_run"
                    + " FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')");
        }
        List<RunEvent> events = new ArrayList<>();
        for (int i = 1; i < DAYS; i++) {
            // A record on each later day, so that each later partition has an index to look in.
            Instant at = Instant.parse(oldest.plusDays(i) + "T08:00:00Z");
            events.add(new RunEvent.Started(Scope.tenant("other"), ADS, RunId.of("o" + i), at, "job"));
            events.add(new RunEvent.Succeeded(Scope.tenant("other"), ADS, RunId.of("o" + i), at.plusSeconds(1), 1));
        }
        for (int i = 0; i < KEPT; i++) {
            Scope scope = Scope.tenant(String.format("t%04d", i));
            Instant at = Instant.parse(oldest + "T08:00:00Z").plusSeconds(i);
            events.add(new RunEvent.Started(scope, ADS, RunId.of("r" + i), at.minusSeconds(60), "job"));
            events.add(new RunEvent.Succeeded(scope, ADS, RunId.of("r" + i), at, 1));
        }
        store.applyAll(events);
        database.execute("ANALYZE keep_run, keep_status");

        int deleted = store.pruneHistory(Instant.parse(oldest.plusDays(1) + "T00:00:00Z"));

        assertThat(deleted).as("every record is a last success").isZero();
        assertThat(store.history(Scope.tenant("t0000"), ADS, 10)).hasSize(1);
        assertThat(measured.measures(KEEP)).as("buffers read by the statement that finds what the drop keeps")
                .singleElement().satisfies(buffers ->
                        assertThat(buffers).isLessThanOrEqualTo((long) KEPT * BUFFERS_PER_KEPT));
    }

    /**
     * The buffers of {@code statement}'s plan's top node, which counts those of the nodes under it: the statement
     * with the same parameters under {@code EXPLAIN (ANALYZE, BUFFERS)}, in a savepoint rolled back, as it inserts.
     */
    private static long buffers(Connection connection, MeasuredStatements.Recorded statement) throws Exception {
        Savepoint before = connection.setSavepoint();
        try (PreparedStatement explain = statement.prepare(connection, "EXPLAIN (ANALYZE, BUFFERS) ");
             ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                Matcher matcher = BUFFERS.matcher(rows.getString(1));
                if (matcher.find()) {
                    return number(matcher.group(1)) + number(matcher.group(2));
                }
            }
            throw new AssertionError("no buffers in the plan of " + statement.sql());
        } finally {
            connection.rollback(before);
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
