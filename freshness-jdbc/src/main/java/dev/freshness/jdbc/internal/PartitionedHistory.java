package dev.freshness.jdbc.internal;

import dev.freshness.core.RunEvent;
import dev.freshness.core.RunRecord;
import dev.freshness.spi.EventMerge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The run history of PostgreSQL partitioned by day ({@code PARTITION BY RANGE (activity_day)}, see
 * {@link PartitionedPostgresDialect}): detecting it, merging a run's fragments when they are read, creating the
 * daily partitions ahead, and pruning by dropping the partitions of whole days.
 *
 * <p><b>Partitions.</b> {@code <prefix>run_pYYYYMMDD} holds the fragments of one UTC day, {@code <prefix>run_pdefault}
 * those of every day without a partition of its own. The store creates the partitions of today (unless the default
 * partition already holds rows of today, which a new partition would have to take over) and of the next
 * {@value #DAYS_AHEAD} days, never one of a past day (its rows may sit in the default partition), at schema creation
 * and at every prune.
 *
 * <p><b>Pruning.</b> Each daily partition whose whole day is before the cutoff is dropped in a short transaction of
 * its own, under a {@code lock_timeout} of {@value #LOCK_TIMEOUT_MILLIS} ms so that a drop waiting behind a long
 * query gives up (and is tried again) rather than holding every writer of the history behind it. In that
 * transaction the fragments that must outlive the day are copied out first: the fragments of each pair's last
 * success in that day (found through the status index {@code status_stale_walk}, one range of it per dataset, the
 * datasets enumerated from that index by a skip scan: never a scan of the status table), and the fragments of runs
 * that go on in a later fragment. The latter are merged into that later fragment; the others are inserted back once
 * the partition is dropped, into the default partition. What is left before the cutoff (the default partition, the
 * partition of the cutoff's own day) goes through the store's slice pruning, which compares a run's latest activity
 * over all its fragments.
 *
 * <p><b>Counting.</b> A prune counts records, as on every other layout: a dropped fragment counts when its run is
 * gone with it (its other fragments were merged into it or do not exist), so that a run across midnight counts once.
 * A fragment whose run keeps an earlier fragment in the default partition does not count: that one counts when the
 * slice pruning deletes it.
 *
 * <p>Limit: a complete fragment (a start and an outcome) whose run has another complete fragment on a later day (the
 * same run id started and finished again a day later) is dropped with its day: the later fragment holds the run's
 * later start and outcome, which the merged record shows anyway, but a job name only the earlier start carried is
 * lost.
 */
public final class PartitionedHistory {

    /** The DDL that creates the partitioned layout. */
    public static final String SCHEMA_RESOURCE = "META-INF/freshness/jdbc/schema/postgresql-partitioned.sql";

    /** How many days after today get their partition ahead. */
    public static final int DAYS_AHEAD = 7;

    /** How long a drop (or a creation) of a partition waits for a lock before it gives up and is tried again. */
    static final long LOCK_TIMEOUT_MILLIS = 2_000;

    /** How often a partition's drop or creation is tried when its locks are not granted in time. */
    static final int LOCK_ATTEMPTS = 10;

    private static final DateTimeFormatter DAY_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private static final String IS_PARTITIONED = """
            SELECT 1
            FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = ? AND n.nspname = COALESCE(CAST(? AS VARCHAR(63)), current_schema())
            """;

    /** The daily partitions of the history, by the name the store gives them. */
    private static final String DAILY_PARTITIONS = """
            SELECT c.relname
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE p.relname = ? AND n.nspname = COALESCE(CAST(? AS VARCHAR(63)), current_schema())
              AND c.relname ~ ?
            ORDER BY c.relname
            """;

    private static final String TODAY = "SELECT CAST((statement_timestamp() AT TIME ZONE 'UTC') AS DATE)";

    private static final String FRAGMENT_COLUMNS = """
            scope_key, dataset_key, run_id, activity_day, job_name, started_at, finished_at, outcome, records_affected,
            error_type, error_message, error_root_cause, last_activity_at""";

    /** The table of the fragments a prune keeps, empty, dropped at the end of the prune's transaction. */
    private static final String KEPT_TABLE = """
            CREATE TEMPORARY TABLE freshness_kept ON COMMIT DROP AS
            SELECT *, TRUE AS has_later FROM ${partition} WITH NO DATA
            """;

    /**
     * The fragments of a day to keep: the last successes of that day (the datasets by a skip scan of
     * {@code status_stale_walk}, then one range of it per dataset), the start-only and outcome-only fragments of runs
     * that go on later (the partial indexes of the partition), and the fragments of the day of runs whose later
     * fragment is start-only or outcome-only (the partial indexes of the later partitions). {@code has_later} says
     * whether the run has a fragment on a later day, as those two lookups found it: a fragment of the day with both
     * its start and its outcome has a later fragment that a lookup misses only when that one has both too, a run
     * whose start was sent again with a later day's time and ended that day; such a fragment goes to the default
     * partition instead of being merged, and reads merge the two. Asking every later partition for each kept
     * fragment instead cost a lookup per partition per last success (25 s for 10,000 last successes over 60
     * partitions).
     */
    private static final String KEEP = """
            INSERT INTO freshness_kept
            WITH RECURSIVE datasets(dataset_key) AS (
                (SELECT dataset_key FROM ${status} ORDER BY dataset_key LIMIT 1)
                UNION ALL
                SELECT (SELECT s.dataset_key FROM ${status} s
                        WHERE s.dataset_key > d.dataset_key ORDER BY s.dataset_key LIMIT 1)
                FROM datasets d
                WHERE d.dataset_key IS NOT NULL
            ), candidates AS (
                SELECT s.scope_key, s.dataset_key, s.last_success_run_id AS run_id, FALSE AS has_later
                FROM datasets d
                JOIN ${status} s
                  ON s.dataset_key = d.dataset_key
                 AND COALESCE(s.last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)) >= :from
                 AND COALESCE(s.last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)) < :to
                WHERE s.last_success_run_id IS NOT NULL
                UNION ALL
                SELECT f.scope_key, f.dataset_key, f.run_id, TRUE
                FROM ${partition} f
                WHERE (f.finished_at IS NULL OR f.started_at IS NULL)
                  AND EXISTS (SELECT 1 FROM ${run} g
                              WHERE g.scope_key = f.scope_key AND g.dataset_key = f.dataset_key
                                AND g.run_id = f.run_id AND g.activity_day > :day)
                UNION ALL
                SELECT g.scope_key, g.dataset_key, g.run_id, TRUE
                FROM ${run} g
                WHERE (g.finished_at IS NULL OR g.started_at IS NULL) AND g.activity_day > :day
                  AND EXISTS (SELECT 1 FROM ${partition} f
                              WHERE f.scope_key = g.scope_key AND f.dataset_key = g.dataset_key
                                AND f.run_id = g.run_id)
            ), kept_keys AS (
                SELECT scope_key, dataset_key, run_id, bool_or(has_later) AS has_later
                FROM candidates
                GROUP BY scope_key, dataset_key, run_id
            )
            SELECT f.*, k.has_later
            FROM kept_keys k
            -- A lookup by primary key per kept key, whatever the planner guesses of how many keys are kept.
            CROSS JOIN LATERAL (SELECT * FROM ${partition} p
                                WHERE p.scope_key = k.scope_key AND p.dataset_key = k.dataset_key
                                  AND p.run_id = k.run_id) f
            """;

    /** The kept fragments that go on later, each with the day of its run's next fragment. */
    private static final String TO_MERGE = """
            SELECT k.scope_key, k.dataset_key, k.run_id, k.job_name, k.started_at, k.finished_at, k.outcome,
                   k.records_affected, k.error_type, k.error_message, k.error_root_cause, k.last_activity_at,
                   (SELECT MIN(g.activity_day) FROM ${run} g
                    WHERE g.scope_key = k.scope_key AND g.dataset_key = k.dataset_key
                      AND g.run_id = k.run_id AND g.activity_day > :day) AS next_day
            FROM freshness_kept k
            WHERE k.has_later
            ORDER BY k.scope_key, k.dataset_key, k.run_id
            """;

    private static final String LOCK_FRAGMENT = """
            SELECT scope_key, dataset_key, run_id, job_name, started_at, finished_at, outcome, records_affected,
                   error_type, error_message, error_root_cause, last_activity_at
            FROM ${run}
            WHERE scope_key = ? AND dataset_key = ? AND run_id = ? AND activity_day = ?
            FOR UPDATE
            """;

    private static final String UPDATE_FRAGMENT = """
            UPDATE ${run}
            SET job_name = ?, started_at = ?, finished_at = ?, outcome = ?, records_affected = ?,
                error_type = ?, error_message = ?, error_root_cause = ?,
                last_activity_at = GREATEST(last_activity_at, ?)
            WHERE scope_key = ? AND dataset_key = ? AND run_id = ? AND activity_day = ?
            """;

    /**
     * The records gone with the day: its fragments that are not kept and whose run has no earlier fragment left in
     * the default partition (the only place an earlier day can still be, as the days are dropped oldest first).
     */
    // The day's fragments less those kept or whose run has an earlier fragment in the default partition: a plain
    // count of the partition and a lookup of the few others, where anti-joins would hash the whole day (5 s at 10^7).
    private static final String GONE = """
            SELECT (SELECT COUNT(*) FROM ${partition})
                 - (SELECT COUNT(*)
                    FROM ${partition} f
                    WHERE (f.scope_key, f.dataset_key, f.run_id) IN (
                        SELECT k.scope_key, k.dataset_key, k.run_id FROM freshness_kept k
                        UNION
                        SELECT g.scope_key, g.dataset_key, g.run_id FROM ${default} g WHERE g.activity_day < :day))
            """;

    private static final String PUT_BACK = """
            INSERT INTO ${run} (${fragmentColumns})
            SELECT ${fragmentColumns}
            FROM freshness_kept
            WHERE NOT has_later
            """;

    /** Whether the default partition holds a row of the day; by the last activity, which is within its day. */
    private static final String DEFAULT_HOLDS_DAY = """
            SELECT 1 FROM ${default}
            WHERE last_activity_at >= ? AND last_activity_at < ? AND activity_day = ?
            LIMIT 1
            """;

    private final TableNames tables;

    /** The partitioned history of {@code tables}. */
    public PartitionedHistory(TableNames tables) {
        this.tables = tables;
    }

    /** True when the history table of {@code tables} is partitioned, as the catalog says. */
    public static boolean isPartitioned(Connection connection, TableNames tables) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(IS_PARTITIONED)) {
            query.setString(1, (tables.prefix() + "run").toLowerCase(Locale.ROOT));
            query.setString(2, tables.schema() == null ? null : tables.schema().toLowerCase(Locale.ROOT));
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /**
     * Merges consecutive fragments of one (scope, dataset, run) into one record, with the rules of
     * {@link EventMerge#merge(RunRecord, RunEvent)}: each fragment is turned back into its events (a start, an
     * outcome), which are merged into the record of the fragments before it. The order of the records is kept.
     */
    public static List<RunRecord> mergeFragments(List<RunRecord> fragments) {
        List<RunRecord> records = new ArrayList<>(fragments.size());
        RunRecord current = null;
        for (RunRecord fragment : fragments) {
            if (current != null && sameRecord(current, fragment)) {
                current = merge(current, fragment);
            } else {
                if (current != null) {
                    records.add(current);
                }
                current = merge(null, fragment);
            }
        }
        if (current != null) {
            records.add(current);
        }
        return records;
    }

    private static boolean sameRecord(RunRecord a, RunRecord b) {
        return a.runId().equals(b.runId()) && a.scope().equals(b.scope()) && a.dataset().equals(b.dataset());
    }

    /** {@code fragment}'s events merged into {@code record} (null for none). */
    static RunRecord merge(RunRecord record, RunRecord fragment) {
        RunRecord merged = record;
        for (RunEvent event : eventsOf(fragment)) {
            merged = EventMerge.merge(merged, event);
        }
        return merged;
    }

    /** The events a fragment holds: its start, then its outcome. */
    static List<RunEvent> eventsOf(RunRecord fragment) {
        List<RunEvent> events = new ArrayList<>(2);
        if (fragment.startedAt() != null) {
            events.add(new RunEvent.Started(fragment.scope(), fragment.dataset(), fragment.runId(), fragment.startedAt(),
                    fragment.jobName()));
        }
        if (fragment.outcome() == RunRecord.Outcome.SUCCEEDED) {
            events.add(new RunEvent.Succeeded(fragment.scope(), fragment.dataset(), fragment.runId(),
                    fragment.finishedAt(), fragment.recordsAffected()));
        } else if (fragment.outcome() == RunRecord.Outcome.FAILED) {
            events.add(new RunEvent.Failed(fragment.scope(), fragment.dataset(), fragment.runId(),
                    fragment.finishedAt(), fragment.error()));
        }
        return events;
    }

    // ---- upkeep ---------------------------------------------------------------------------------------------

    /**
     * Creates the partitions of today (UTC, by the database clock), unless the default partition holds rows of
     * today, and of the next {@value #DAYS_AHEAD} days, each unless it exists; each in a short transaction of its
     * own, under the store's lock of the history's partitions.
     *
     * @return the days whose partition was created now
     */
    public List<LocalDate> createPartitionsAhead(Connection connection) throws SQLException {
        LocalDate today;
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(TODAY)) {
            row.next();
            today = row.getObject(1, LocalDate.class);
        }
        List<String> existing = dailyPartitions(connection);
        List<LocalDate> created = new ArrayList<>();
        for (int ahead = 0; ahead <= DAYS_AHEAD; ahead++) {
            LocalDate day = today.plusDays(ahead);
            if (existing.contains(partitionName(day))) {
                continue;
            }
            boolean made = underPartitionLock(connection, () -> {
                if (dailyPartitions(connection).contains(partitionName(day)) || defaultHolds(connection, day)) {
                    return false;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + qualified(partitionName(day)) + " PARTITION OF "
                            + tables.run() + " FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')");
                }
                return true;
            });
            if (made) {
                created.add(day);
            }
        }
        return created;
    }

    private boolean defaultHolds(Connection connection, LocalDate day) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(render(DEFAULT_HOLDS_DAY, day))) {
            query.setObject(1, startOf(day));
            query.setObject(2, startOf(day.plusDays(1)));
            query.setObject(3, day);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    // ---- pruning --------------------------------------------------------------------------------------------

    /**
     * Drops every daily partition whose whole day is before {@code cutoff}, oldest first, each in a transaction of
     * its own that keeps what must outlive the day (see the class documentation).
     *
     * @return the records gone with the dropped days, and the days dropped
     */
    public Dropped dropDaysBefore(Connection connection, Instant cutoff) throws SQLException {
        LocalDate firstKept = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        List<LocalDate> dropped = new ArrayList<>();
        long gone = 0;
        for (String name : dailyPartitions(connection)) {
            LocalDate day = dayOf(name);
            if (!day.isBefore(firstKept)) {
                break;
            }
            long[] goneNow = {0};
            boolean done = underPartitionLock(connection, () -> {
                if (!dailyPartitions(connection).contains(name)) {
                    return false;
                }
                goneNow[0] = dropDay(connection, day);
                return true;
            });
            if (done) {
                gone += goneNow[0];
                dropped.add(day);
            }
        }
        return new Dropped(gone, dropped);
    }

    /** What {@link #dropDaysBefore} did. */
    public record Dropped(long recordsGone, List<LocalDate> days) {
    }

    /** Drops the partition of {@code day}, in the transaction open on {@code connection}; the records gone. */
    private long dropDay(Connection connection, LocalDate day) throws SQLException {
        String partition = qualified(partitionName(day));
        try (Statement statement = connection.createStatement()) {
            // Writers of that day wait; readers go on until the drop itself.
            statement.execute("LOCK TABLE " + partition + " IN SHARE MODE");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(render(KEPT_TABLE, day));
        }
        try (PreparedStatement keep = connection.prepareStatement(named(render(KEEP, day), "from", "to", "day"))) {
            keep.setObject(1, startOf(day));
            keep.setObject(2, startOf(day.plusDays(1)));
            bindDays(keep, 3, day);
            keep.execute();
        }
        mergeIntoLaterFragments(connection, day);
        long gone;
        try (PreparedStatement count = connection.prepareStatement(named(render(GONE, day), "day"))) {
            count.setObject(1, day);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                gone = row.getLong(1);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + partition);
            statement.executeUpdate(render(PUT_BACK, day));
        }
        return gone;
    }

    /** Merges each kept fragment whose run goes on later into the run's next fragment, locked. */
    private void mergeIntoLaterFragments(Connection connection, LocalDate day) throws SQLException {
        List<LaterMerge> merges = new ArrayList<>();
        RowReader reader = new RowReader(new PostgresDialect());
        try (PreparedStatement query = connection.prepareStatement(named(render(TO_MERGE, day), "day"))) {
            query.setObject(1, day);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    merges.add(new LaterMerge(reader.runRecord(rows),
                            rows.getObject("last_activity_at", OffsetDateTime.class),
                            rows.getObject("next_day", LocalDate.class)));
                }
            }
        }
        if (merges.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement(tables.render(LOCK_FRAGMENT));
             PreparedStatement update = connection.prepareStatement(tables.render(UPDATE_FRAGMENT))) {
            for (LaterMerge merge : merges) {
                RunRecord earlier = merge.fragment();
                lock.setString(1, earlier.scope().key());
                lock.setString(2, earlier.dataset().value());
                lock.setString(3, earlier.runId().value());
                lock.setObject(4, merge.nextDay());
                RunRecord later;
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        // Only a prune deletes fragments, and this one holds the partitions' lock.
                        throw new SQLException("the fragment of run " + earlier.runId() + " on " + merge.nextDay()
                                + " vanished while a prune held the lock of the partitions", "40001");
                    }
                    later = reader.runRecord(row);
                }
                RunRecord merged = merge(later, earlier);
                update.setString(1, merged.jobName());
                update.setObject(2, utc(merged.startedAt()));
                update.setObject(3, utc(merged.finishedAt()));
                update.setString(4, merged.outcome() == null ? null : merged.outcome().name());
                update.setLong(5, merged.recordsAffected());
                update.setString(6, merged.error() == null ? null : merged.error().type());
                update.setString(7, merged.error() == null ? null : merged.error().message());
                update.setString(8, merged.error() == null ? null : merged.error().rootCause().orElse(null));
                update.setObject(9, merge.lastActivity());
                update.setString(10, earlier.scope().key());
                update.setString(11, earlier.dataset().value());
                update.setString(12, earlier.runId().value());
                update.setObject(13, merge.nextDay());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** A kept fragment of a run that goes on, and the day of the run's next fragment, which it merges into. */
    private record LaterMerge(RunRecord fragment, OffsetDateTime lastActivity, LocalDate nextDay) {
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    /** Work in a transaction of its own holding the store's lock of the partitions; true when it did something. */
    @FunctionalInterface
    private interface PartitionWork {
        boolean run() throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction of its own, under a transaction-scoped advisory lock of these partitions
     * (two nodes never create or drop the same one at once) and a {@code lock_timeout}: when a lock is not granted
     * in time (or a deadlock with a writer is detected), the transaction is rolled back and tried again after a
     * pause, up to {@value #LOCK_ATTEMPTS} times.
     */
    private boolean underPartitionLock(Connection connection, PartitionWork work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            for (int attempt = 1; ; attempt++) {
                connection.setAutoCommit(false);
                try {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_MILLIS + "ms'");
                    }
                    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, SqlDialect.lockKey("partitions " + tables.run()));
                        lock.executeQuery().close();
                    }
                    boolean done = work.run();
                    connection.commit();
                    return done;
                } catch (SQLException e) {
                    rollBack(connection, e);
                    if (attempt >= LOCK_ATTEMPTS || !lockNotGranted(e)) {
                        throw e;
                    }
                    pause(attempt);
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** A lock wait that timed out (55P03), a deadlock (40P01) or a serialization failure (40001). */
    private static boolean lockNotGranted(SQLException error) {
        String state = error.getSQLState();
        return "55P03".equals(state) || "40P01".equals(state) || "40001".equals(state);
    }

    private static void rollBack(Connection connection, SQLException failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 100) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to try a partition's locks again", e);
        }
    }

    /** The names of the daily partitions, oldest first. */
    private List<String> dailyPartitions(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(DAILY_PARTITIONS)) {
            String run = (tables.prefix() + "run").toLowerCase(Locale.ROOT);
            query.setString(1, run);
            query.setString(2, tables.schema() == null ? null : tables.schema().toLowerCase(Locale.ROOT));
            query.setString(3, "^" + run + "_p[0-9]{8}$");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    names.add(row.getString(1));
                }
            }
        }
        return names;
    }

    /** The name of the partition of {@code day}, unqualified and lower case, as the catalog shows it. */
    public String partitionName(LocalDate day) {
        return (tables.prefix() + "run_p").toLowerCase(Locale.ROOT) + DAY_SUFFIX.format(day);
    }

    /** The name of the default partition, unqualified and lower case. */
    public String defaultPartitionName() {
        return (tables.prefix() + "run_pdefault").toLowerCase(Locale.ROOT);
    }

    private LocalDate dayOf(String partitionName) {
        return LocalDate.parse(partitionName.substring(partitionName.length() - 8), DAY_SUFFIX);
    }

    private String qualified(String name) {
        return tables.schemaQualifier() + name;
    }

    private String render(String sql, LocalDate day) {
        return tables.render(sql.replace("${fragmentColumns}", FRAGMENT_COLUMNS)
                .replace("${partition}", qualified(partitionName(day)))
                .replace("${default}", qualified(defaultPartitionName())));
    }

    /** {@code sql} with its named parameters turned into JDBC's {@code ?}, in the order of {@code names}' first use. */
    private static String named(String sql, String... names) {
        String positional = sql;
        for (String name : names) {
            positional = positional.replace(":" + name, "?");
        }
        return positional;
    }

    /** Binds every {@code ?} from {@code position} on, which are all {@code :day}, to {@code day}. */
    private static void bindDays(PreparedStatement statement, int position, LocalDate day) throws SQLException {
        int count = statement.getParameterMetaData().getParameterCount();
        for (int i = position; i <= count; i++) {
            statement.setObject(i, day);
        }
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
