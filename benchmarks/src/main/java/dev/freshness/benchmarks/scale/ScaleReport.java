package dev.freshness.benchmarks.scale;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;
import dev.freshness.testsupport.TestServer;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a PostgreSQL database with N tenants x 10 datasets of statuses (1% of the tenants stale for one dataset,
 * dataset_9 healthy everywhere) and 3 history records per status, with {@code INSERT ... SELECT} over
 * {@code generate_series}, on tables the store itself created; then measures the store's own statements through
 * its public API and prints each figure beside what issue 20 measured at 10^6 tenants, with a minimal 3-column
 * upsert as the baseline of the writes. Buffers come from {@code EXPLAIN (ANALYZE, BUFFERS)} of the exact statement
 * the store ran, and do not depend on the machine's load; times do.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.freshness.benchmarks.scale.ScaleReport \
 *     [--tenants 10000] [--url jdbc:postgresql://host:5432/postgres?user=...] [--database NAME] [--keep] \
 *     [--seconds 3] [--partitioned] [--history-days 3] [--fill-only | --reuse] [--skip-prune]
 * </pre>
 *
 * <p>{@code --partitioned} has the store create its history partitioned by day
 * ({@code JdbcFreshnessStore.Builder.partitionHistoryByDay()}), with a partition for every day of the filled
 * history. Either way the report ends with a prune of one day of history (a third of it), so that the two layouts
 * can be compared: its time, the records deleted and the WAL it wrote. By default the history of a status is on three
 * days (its last success and the two days before), so that the day pruned holds a third of the history;
 * {@code --history-days 30} spreads the records before the last successes over 29 days, as a history kept for a month
 * would be, so that the day pruned holds 1/29 of two thirds of it (690,000 records at 10^6 tenants).
 *
 * <p>By default it makes a database with a random name on the server of {@code --url} (default: the
 * {@code FRESHNESS_POSTGRES_URL} of the tests, or the local server) and drops it at the end; with
 * {@code --database}, it creates its tables (prefix {@value #PREFIX}) in that database instead, which must exist,
 * and drops them at the end. {@code --keep} keeps what it made. 10^6 tenants take about 15 GB and some minutes.
 *
 * <p>The fill and the measures can be split, so that only the measures need a quiet machine: {@code --fill-only}
 * fills and keeps the tables without measuring; {@code --reuse} (with {@code --database} and the same
 * {@code --tenants}) measures the tables such a run left, without filling them again, within a day of the fill
 * (the fill's statuses are dated from its own clock). {@code --skip-prune} leaves out the prune at the end: on one
 * table at 10^6 tenants it deletes 10^7 history records in slices, which takes about an hour.
 */
public final class ScaleReport {

    /** The tables' prefix. */
    static final String PREFIX = "freshness_scale_";

    private static final int DATASETS = 10;
    private static final int HISTORY_PER_STATUS = 3;
    private static final int PAGE = 100;
    private static final int EXECUTIONS_ON_ONE_CONNECTION = 20;
    private static final int STARTS = 2_000;
    private static final int WRITE_ROUNDS = 3;
    /** Untimed reads before the timed ones, so that the times are the statements', not the JIT's. */
    private static final int WARM_UP_REPORTS = 2_000;
    private static final int WARM_UP_WALKS = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Options options;
    private final Instant now = Instant.now();
    private final List<String[]> lines = new ArrayList<>();

    private ScaleReport(Options options) {
        this.options = options;
    }

    /**
     * Runs the report.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ScaleReport [--tenants N] [--url JDBC_URL] [--database NAME] [--keep] [--seconds S]"
                    + " [--partitioned] [--history-days D] [--fill-only | --reuse] [--skip-prune]");
            System.exit(2);
            return;
        }
        new ScaleReport(options).run();
    }

    /**
     * The command line.
     *
     * @param partitioned the history partitioned by day
     * @param fillOnly fill the tables and keep them, without measuring
     * @param reuse measure the tables a {@code fillOnly} run left in {@code database}, without filling them
     * @param skipPrune leave out the prune of one day at the end
     * @param historyDays the days the history is spread over: each status's last success on its own day (the most
     *     recent one), its other records on the days before it, spread evenly over {@code historyDays - 1} days
     */
    record Options(int tenants, String serverUrl, String database, boolean keep, int seconds, boolean partitioned,
                   boolean fillOnly, boolean reuse, boolean skipPrune, int historyDays) {

        static Options parse(String[] args) {
            int tenants = 10_000;
            String url = TestServer.POSTGRESQL.adminUrl();
            String database = null;
            boolean keep = false;
            int seconds = 3;
            boolean fillOnly = false;
            boolean reuse = false;
            boolean skipPrune = false;
            boolean partitioned = false;
            int historyDays = HISTORY_PER_STATUS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tenants" -> tenants = positive("--tenants", value(args, ++i));
                    case "--url" -> url = value(args, ++i);
                    case "--database" -> database = value(args, ++i);
                    case "--keep" -> keep = true;
                    case "--seconds" -> seconds = positive("--seconds", value(args, ++i));
                    case "--fill-only" -> fillOnly = true;
                    case "--reuse" -> reuse = true;
                    case "--skip-prune" -> skipPrune = true;
                    case "--partitioned" -> partitioned = true;
                    case "--history-days" -> historyDays = positive("--history-days", value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--url must be a PostgreSQL URL (jdbc:postgresql://...), was " + url);
            }
            if (tenants < 100) {
                throw new IllegalArgumentException("--tenants must be at least 100 (1% of them are stale), was " + tenants);
            }
            if (database != null && !database.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("--database must be a lower-case SQL name, was " + database);
            }
            if (fillOnly && reuse) {
                throw new IllegalArgumentException("--fill-only and --reuse exclude each other: fill once, then reuse");
            }
            if (historyDays < HISTORY_PER_STATUS) {
                throw new IllegalArgumentException("--history-days must be at least " + HISTORY_PER_STATUS
                        + " (a status's records are on days of their own), was " + historyDays);
            }
            if (reuse && database == null) {
                throw new IllegalArgumentException("--reuse needs --database: the database a --fill-only run filled");
            }
            return new Options(tenants, url, database, keep || fillOnly, seconds, partitioned, fillOnly, reuse,
                    skipPrune, historyDays);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int positive(String name, String value) {
            try {
                int number = Integer.parseInt(value.replace("_", ""));
                if (number > 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a positive whole number, was " + value);
        }
    }

    private void run() throws Exception {
        String name = options.database() != null ? options.database()
                : "freshness_scale_" + Long.toUnsignedString(RANDOM.nextLong(), 36);
        boolean ownDatabase = options.database() == null;
        String url = urlOf(options.serverUrl(), name);
        if (ownDatabase) {
            adminExecute("CREATE DATABASE " + name);
        } else if (!databaseExists(name)) {
            throw new IllegalStateException("--database " + name + ": no such database on the server of --url;"
                    + " create it first (CREATE DATABASE " + name + ")");
        } else if (options.fillOnly()) {
            System.out.println("Filling tables " + PREFIX + "* in " + name);
        }
        boolean measured = false;
        try {
            measure(url);
            measured = true;
        } finally {
            if (options.keep()) {
                if (measured || ownDatabase) {
                    System.out.println("Kept " + (ownDatabase ? "database " + name : "tables " + PREFIX + "* in " + name));
                }
            } else if (ownDatabase) {
                adminExecute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + PREFIX + "run CASCADE, " + PREFIX + "status, " + PREFIX
                            + "schema_version, " + PREFIX + "baseline");
                }
            }
        }
    }

    private void measure(String url) throws Exception {
        long tenants = options.tenants();
        try (HikariDataSource pool = pool(url, 5, "scale"); HikariDataSource single = pool(url, 1, "scale-one")) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                 ResultSet existing = statement.executeQuery("SELECT count(*) FROM pg_class WHERE relname = '"
                         + PREFIX + "status'")) {
                existing.next();
                boolean exists = existing.getLong(1) > 0;
                if (exists && !options.reuse()) {
                    throw new IllegalStateException(PREFIX + "status exists already in " + url
                            + ": ScaleReport only fills tables it creates (--reuse measures them as they are)");
                }
                if (!exists && options.reuse()) {
                    throw new IllegalStateException(PREFIX + "status does not exist in " + url
                            + ": --reuse measures the tables of an earlier --fill-only run");
                }
            }
            StatementRecorder recorder = new StatementRecorder(pool);
            JdbcFreshnessStore.Builder builder = JdbcFreshnessStore.using(recorder.dataSource()).withTablePrefix(PREFIX)
                    .createSchemaIfMissing();
            JdbcFreshnessStore store = (options.partitioned() ? builder.partitionHistoryByDay() : builder).build();
            String filled;
            if (options.reuse()) {
                filled = "filled by an earlier run";
            } else {
                long fillStarted = System.nanoTime();
                fill(pool);
                filled = String.format(Locale.ROOT, "filled in %.0f s", (System.nanoTime() - fillStarted) / 1e9);
            }

            System.out.printf(Locale.ROOT, "Freshness scale report on PostgreSQL: %,d tenants x %d datasets = %,d statuses, "
                    + "%,d history records; %s%n", tenants, DATASETS, tenants * DATASETS,
                    tenants * DATASETS * HISTORY_PER_STATUS, filled);
            if (options.fillOnly()) {
                return;
            }
            System.out.println("Load average at the start: " + loadAverage());
            settings(pool);
            sizes(pool);

            Set<DatasetKey> every = datasets(DATASETS);
            Instant dayAgo = now.minus(Duration.ofDays(1));
            try (Connection explain = pool.getConnection()) {
                pageReport(store, every);
                staleWalk(store, recorder, explain, every, dayAgo);
                fullWalk(store, recorder, explain, every);
            }
            planOnOneConnection(single);
            writes(pool, store, 1);
            writes(pool, store, 4);
            hotUpdates(pool);
            hotStarts(pool, store);
            if (options.skipPrune()) {
                line("Pruning one day of history", "left out (--skip-prune)", "");
            } else {
                pruneOneDay(pool, store);
            }
        }
        System.out.println("Load average at the end: " + loadAverage());
        print();
    }

    // ---- the database ---------------------------------------------------------------------------------------------

    private void fill(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            // 1% of the tenants (every 100th) last succeeded 30 days ago for one of dataset_0..8; the rest an hour ago.
            statement.execute("""
                    INSERT INTO %1$sstatus (scope_key, dataset_key, last_start_at, last_start_run_id,
                                            last_success_at, last_success_run_id, last_success_records)
                    SELECT 'tenant-' || lpad(t::text, 7, '0'), 'dataset_' || d,
                           s.at, 'run-' || t || '-' || d || '-3', s.at, 'run-' || t || '-' || d || '-3', 100
                    FROM generate_series(1, %2$d) t
                    CROSS JOIN generate_series(0, %3$d) d
                    CROSS JOIN LATERAL (SELECT CASE WHEN t %% 100 = 0 AND d = (t / 100) %% %3$d
                                                    THEN TIMESTAMPTZ '%4$s' - INTERVAL '30 days'
                                                    ELSE TIMESTAMPTZ '%4$s' - INTERVAL '1 hour' END AS at) s
                    """.formatted(PREFIX, options.tenants(), DATASETS - 1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
            if (options.partitioned()) {
                // A partition for every day of the history, as the store would have made them ahead day by day.
                statement.execute("""
                        DO $$
                        DECLARE day DATE;
                        BEGIN
                            FOR day IN SELECT DISTINCT CAST(((last_success_at - r * INTERVAL '1 day') AT TIME ZONE 'UTC')
                                                            AS DATE)
                                       FROM %1$sstatus CROSS JOIN generate_series(0, %2$d) r
                            LOOP
                                EXECUTE format('CREATE TABLE IF NOT EXISTS %%I PARTITION OF %1$srun'
                                               ' FOR VALUES FROM (%%L) TO (%%L)',
                                               '%1$srun_p' || to_char(day, 'YYYYMMDD'), day, day + 1);
                            END LOOP;
                        END
                        $$""".formatted(PREFIX, options.historyDays()));
            }
            // Record r of a status, in days before its last success: its last record is the last success itself;
            // by default the others are 1 and 2 days before it, with --history-days N spread over days 1 to N - 1.
            String daysBefore = options.historyDays() == HISTORY_PER_STATUS ? "(%d - r)".formatted(HISTORY_PER_STATUS)
                    : ("(CASE WHEN r = %d THEN 0 ELSE 1 + (substr(scope_key, 8)::int * 7 + substr(dataset_key, 9)::int"
                            + " * 3 + r) %% %d END)").formatted(HISTORY_PER_STATUS, options.historyDays() - 1);
            String at = "last_success_at - " + daysBefore + " * INTERVAL '1 day'";
            String day = options.partitioned() ? ", activity_day" : "";
            String dayValue = options.partitioned() ? ", CAST((" + at + ") AT TIME ZONE 'UTC' AS DATE)" : "";
            statement.execute("""
                    INSERT INTO %1$srun (scope_key, dataset_key, run_id, job_name, started_at, finished_at, outcome,
                                         records_affected, last_activity_at%3$s)
                    SELECT scope_key, dataset_key, 'run-' || substr(scope_key, 8)::int || '-' || substr(dataset_key, 9)
                               || '-' || r, 'job', %5$s, %5$s, 'SUCCEEDED', 100, %5$s%4$s
                    FROM %1$sstatus CROSS JOIN generate_series(1, %2$d) r
                    """.formatted(PREFIX, HISTORY_PER_STATUS, day, dayValue, at));
            statement.execute("""
                    CREATE TABLE %1$sbaseline (
                        scope_key       VARCHAR(200) COLLATE "C" NOT NULL,
                        dataset_key     VARCHAR(100) COLLATE "C" NOT NULL,
                        last_success_at TIMESTAMP(6) WITH TIME ZONE,
                        PRIMARY KEY (scope_key, dataset_key))
                    """.formatted(PREFIX));
            statement.execute("INSERT INTO %1$sbaseline SELECT scope_key, dataset_key, last_success_at FROM %1$sstatus"
                    .formatted(PREFIX));
            statement.execute("VACUUM ANALYZE " + PREFIX + "status");
            statement.execute("VACUUM ANALYZE " + PREFIX + "run");
            statement.execute("VACUUM ANALYZE " + PREFIX + "baseline");
        }
    }

    private void sizes(HikariDataSource pool) throws SQLException {
        long statuses = (long) options.tenants() * DATASETS;
        long history = statuses * HISTORY_PER_STATUS;
        System.out.println();
        System.out.printf("%-36s %14s %14s%n", "relation", "bytes", "bytes per row");
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT c.relname, pg_relation_size(c.oid) AS bytes, t.relname AS of_table
                     FROM pg_class c
                     LEFT JOIN pg_index i ON i.indexrelid = c.oid
                     LEFT JOIN pg_class t ON t.oid = i.indrelid
                     WHERE c.relname LIKE '%s%%' AND c.relkind IN ('r', 'i')
                     ORDER BY COALESCE(t.relname, c.relname), c.relkind DESC, c.relname
                     """.formatted(PREFIX))) {
            while (rows.next()) {
                String table = rows.getString("of_table") != null ? rows.getString("of_table") : rows.getString(1);
                // A daily partition's bytes are counted per record of the whole history, so that they add up.
                boolean historyTable = table.endsWith("run") || table.startsWith(PREFIX + "run_p");
                long rowsOfTable = historyTable ? history : table.endsWith("schema_version") ? 1 : statuses;
                System.out.printf(Locale.ROOT, "%-36s %,14d %14.1f%n", rows.getString(1), rows.getLong(2),
                        (double) rows.getLong(2) / rowsOfTable);
            }
        }
        System.out.println();
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    private void pageReport(JdbcFreshnessStore store, Set<DatasetKey> every) {
        // Until the JIT has compiled the store's read path, a report takes 5 to 10 times as long.
        for (int i = 0; i < WARM_UP_REPORTS; i++) {
            store.statuses(Set.of(randomTenant()), every);
        }
        long[] nanos = new long[500];
        for (int i = 0; i < nanos.length; i++) {
            Scope tenant = randomTenant();
            long started = System.nanoTime();
            store.statuses(Set.of(tenant), every);
            nanos[i] = System.nanoTime() - started;
        }
        line("Page report, one tenant (median of 500)", ms(median(nanos)), "0.122 ms");
    }

    private void staleWalk(JdbcFreshnessStore store, StatementRecorder recorder, Connection explain,
                           Set<DatasetKey> every, Instant before) throws SQLException {
        CrossScopeQuery query = CrossScopeQuery.of(every).lastSucceededBefore(before).limit(PAGE);
        for (int walk = 0; walk < WARM_UP_WALKS; walk++) {
            PageCursor cursor = null;
            do {
                cursor = store.statusesAcrossScopes(cursor == null ? query : query.after(cursor)).next();
            } while (cursor != null);
        }
        List<Long> pageNanos = new ArrayList<>();
        List<Long> buffers = new ArrayList<>();
        long rows = 0;
        long walkStarted = System.nanoTime();
        PageCursor cursor = null;
        do {
            long started = System.nanoTime();
            StatusPage page = store.statusesAcrossScopes(cursor == null ? query : query.after(cursor));
            pageNanos.add(System.nanoTime() - started);
            rows += page.statuses().size();
            cursor = page.next();
        } while (cursor != null);
        long walkNanos = System.nanoTime() - walkStarted;
        // The buffers of the first, the 51st and the last page, run again under EXPLAIN after the timed walk.
        cursor = null;
        int pageNumber = 0;
        do {
            pageNumber++;
            StatusPage page = store.statusesAcrossScopes(cursor == null ? query : query.after(cursor));
            cursor = page.next();
            if (pageNumber == 1 || pageNumber == 51 || cursor == null) {
                buffers.add(recorder.buffersOfTheLastStatement(explain));
            }
        } while (cursor != null);
        int pages = pageNanos.size();
        line("Cross-scope stale, first page", ms(pageNanos.get(0)) + ", " + buffers.get(0) + " buffers", "10.2 ms");
        if (pages >= 51) {
            line("Cross-scope stale, page 51 through the cursor", ms(pageNanos.get(50)) + ", " + buffers.get(1)
                    + " buffers", "553 ms (137k buffers)");
        }
        line("Cross-scope stale, last page (" + pages + ")", ms(pageNanos.get(pages - 1)) + ", "
                + buffers.get(buffers.size() - 1) + " buffers", "");
        line("Cross-scope stale, slowest page", ms(pageNanos.stream().mapToLong(Long::longValue).max().orElseThrow()), "");
        line("Cross-scope stale, all " + pages + " pages (" + rows + " stale rows)", ms(walkNanos), "36.1 s");
    }

    private void fullWalk(JdbcFreshnessStore store, StatementRecorder recorder, Connection explain,
                          Set<DatasetKey> every) throws SQLException {
        CrossScopeQuery query = CrossScopeQuery.of(every).limit(PAGE);
        long[] nanos = new long[51];
        PageCursor cursor = null;
        for (int i = 0; i < nanos.length; i++) {
            cursor = store.statusesAcrossScopes(cursor == null ? query : query.after(cursor)).next();
        }
        cursor = null;
        for (int i = 0; i < nanos.length; i++) {
            long started = System.nanoTime();
            StatusPage page = store.statusesAcrossScopes(cursor == null ? query : query.after(cursor));
            nanos[i] = System.nanoTime() - started;
            cursor = page.next();
        }
        long page51Buffers = recorder.buffersOfTheLastStatement(explain);
        // A page in the middle of the primary key, through a cursor made there.
        PageCursor middle = new PageCursor(tenantKey(options.tenants() / 2), "dataset_0");
        long[] middleNanos = new long[20];
        for (int i = 0; i < middleNanos.length; i++) {
            long started = System.nanoTime();
            store.statusesAcrossScopes(query.after(middle));
            middleNanos[i] = System.nanoTime() - started;
        }
        long middleBuffers = recorder.buffersOfTheLastStatement(explain);
        line("Unfiltered walk, page 51 (" + PAGE + " per page)", ms(nanos[50]) + ", " + page51Buffers + " buffers",
                "553 ms (137k buffers)");
        line("Unfiltered walk, slowest of pages 1-51", ms(Arrays.stream(nanos).max().orElseThrow()), "");
        line("Unfiltered walk, a page at the middle tenant (median of 20)", ms(median(middleNanos)) + ", "
                + middleBuffers + " buffers", "");
    }

    /**
     * The cross-scope read of the healthy dataset and the page report, 20 times each on the one connection of a
     * pool: pgjdbc prepares a statement on the server from its fifth execution, and PostgreSQL may plan it without
     * its values from the sixth.
     */
    private void planOnOneConnection(HikariDataSource single) {
        JdbcFreshnessStore store = JdbcFreshnessStore.using(single).withTablePrefix(PREFIX).build();
        CrossScopeQuery healthy = CrossScopeQuery.of(Set.of(DatasetKey.of("dataset_9")))
                .lastSucceededBefore(now.minus(Duration.ofDays(1))).limit(PAGE);
        long[] crossScope = new long[EXECUTIONS_ON_ONE_CONNECTION];
        long[] report = new long[EXECUTIONS_ON_ONE_CONNECTION];
        Set<DatasetKey> every = datasets(DATASETS);
        for (int i = 0; i < crossScope.length; i++) {
            long started = System.nanoTime();
            store.statusesAcrossScopes(healthy);
            crossScope[i] = System.nanoTime() - started;
            started = System.nanoTime();
            store.statuses(Set.of(randomTenant()), every);
            report[i] = System.nanoTime() - started;
        }
        line("Cross-scope, healthy dataset, 20 runs on one connection: first -> slowest of 6th-20th",
                ms(crossScope[0]) + " -> " + ms(Arrays.stream(crossScope, 5, crossScope.length).max().orElseThrow()),
                "0.55 ms -> 1,150-1,450 ms");
        line("Page report, 20 runs on one connection: first -> slowest of 6th-20th",
                ms(report[0]) + " -> " + ms(Arrays.stream(report, 5, report.length).max().orElseThrow()), "");
    }

    // ---- writes ---------------------------------------------------------------------------------------------------

    /**
     * The success upsert against the minimal upsert, alternated {@value #WRITE_ROUNDS} times for {@code --seconds}
     * each, every phase after a {@code CHECKPOINT}: each phase then starts with no page written since the last
     * checkpoint, so that both pay the same full-page images, and a drift of the machine during the run falls on both.
     */
    private void writes(HikariDataSource pool, JdbcFreshnessStore store, int clients) throws Exception {
        AtomicLong runs = new AtomicLong();
        Runnable success = () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            store.apply(new RunEvent.Succeeded(randomTenant(), DatasetKey.of("dataset_" + random.nextInt(DATASETS)),
                    RunId.of("scale-" + runs.incrementAndGet()), Instant.now(), 1));
        };
        double[] ratios = new double[WRITE_ROUNDS];
        long storeEvents = 0;
        long baselineEvents = 0;
        long[] storeWal = new long[2];
        long[] baselineWal = new long[2];
        for (int round = 0; round < WRITE_ROUNDS; round++) {
            checkpoint(pool);
            long[] before = walWritten(pool);
            long storeRound = during(clients, success, pool);
            long[] between = walWritten(pool);
            checkpoint(pool);
            long[] baselineStart = walWritten(pool);
            long baselineRound = during(clients, null, pool);
            long[] after = walWritten(pool);
            ratios[round] = (double) storeRound / baselineRound;
            storeEvents += storeRound;
            baselineEvents += baselineRound;
            for (int i = 0; i < 2; i++) {
                storeWal[i] += between[i] - before[i];
                baselineWal[i] += after[i] - baselineStart[i];
            }
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        long seconds = (long) options.seconds() * WRITE_ROUNDS;
        String clientCount = clients + (clients == 1 ? " client" : " clients");
        line("Success upsert / minimal 3-column upsert, " + clientCount + " (median of " + WRITE_ROUNDS + " rounds)",
                String.format(Locale.ROOT, "%.2fx (%.2f-%.2f; %,d vs %,d events/s)", sorted[WRITE_ROUNDS / 2],
                        sorted[0], sorted[WRITE_ROUNDS - 1], storeEvents / seconds, baselineEvents / seconds),
                clients == 1 ? "0.46x" : "");
        line("WAL per event, success upsert / minimal upsert, " + clientCount,
                walPerEvent(storeWal, storeEvents) + " / " + walPerEvent(baselineWal, baselineEvents),
                clients == 1 ? "37 KB (success)" : "");
    }

    private static void checkpoint(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    /**
     * The WAL the server has written so far: bytes (its insert position) and full-page images (from
     * {@code pg_stat_wal}, which a backend reports when idle, at most once a second; hence the pause).
     */
    private static long[] walWritten(HikariDataSource pool) throws SQLException, InterruptedException {
        Thread.sleep(1_500);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn() - '0/0', wal_fpi FROM pg_stat_wal")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    private static String walPerEvent(long[] written, long events) {
        return String.format(Locale.ROOT, "%.1f KB, %.1f full pages", written[0] / 1024.0 / events,
                (double) written[1] / events);
    }

    /** Events done by {@code clients} threads in {@code --seconds}: {@code work}, or the baseline's upsert when null. */
    private long during(int clients, Runnable work, HikariDataSource pool) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(options.seconds()).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                counts.add(threads.submit(() -> {
                    long done = 0;
                    if (work != null) {
                        while (System.nanoTime() < deadline) {
                            work.run();
                            done++;
                        }
                        return done;
                    }
                    try (Connection connection = pool.getConnection();
                         PreparedStatement upsert = connection.prepareStatement("""
                                 INSERT INTO %sbaseline (scope_key, dataset_key, last_success_at) VALUES (?, ?, ?)
                                 ON CONFLICT (scope_key, dataset_key) DO UPDATE SET last_success_at = EXCLUDED.last_success_at
                                 """.formatted(PREFIX))) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (System.nanoTime() < deadline) {
                            upsert.setString(1, randomTenant().key());
                            upsert.setString(2, "dataset_" + random.nextInt(DATASETS));
                            upsert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                            upsert.executeUpdate();
                            done++;
                        }
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    /** How many of the status updates were HOT (no index touched), as PostgreSQL's statistics count them. */
    private void hotUpdates(HikariDataSource pool) throws SQLException, InterruptedException {
        // A backend reports its statistics when idle, at most once a second.
        Thread.sleep(1_500);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                     + " WHERE relname IN ('" + PREFIX + "status', '" + PREFIX + "baseline') ORDER BY relname")) {
            while (rows.next()) {
                line("HOT updates of " + rows.getString(1), String.format(Locale.ROOT, "%,d of %,d",
                        rows.getLong(3), rows.getLong(2)), rows.getString(1).endsWith("status") ? "none" : "");
            }
        }
    }

    /**
     * How many of {@value #STARTS} start events, on statuses picked at random, were HOT updates of the status table:
     * a start changes no indexed column, so it is HOT whenever its page has room (the status table's fillfactor).
     */
    private void hotStarts(HikariDataSource pool, JdbcFreshnessStore store) throws SQLException, InterruptedException {
        long[] before = statusUpdates(pool);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < STARTS; i++) {
            store.apply(new RunEvent.Started(randomTenant(), DatasetKey.of("dataset_" + random.nextInt(DATASETS)),
                    RunId.of("scale-start-" + i), Instant.now(), "scale"));
        }
        long[] after = statusUpdates(pool);
        line("HOT updates of " + PREFIX + "status by " + STARTS + " start events", String.format(Locale.ROOT,
                "%,d of %,d", after[1] - before[1], after[0] - before[0]), "");
    }

    /** The status table's updates and HOT updates so far, once this backend's statistics are reported. */
    private static long[] statusUpdates(HikariDataSource pool) throws SQLException, InterruptedException {
        // A backend reports its statistics when idle, at most once a second.
        Thread.sleep(1_500);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                     + " WHERE relname = '" + PREFIX + "status'")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }

    // ---- retention ------------------------------------------------------------------------------------------------

    /**
     * Prunes the oldest day of the healthy statuses' history (a third of it): first everything before that day (the
     * stale tenants' month-old history, timed on its own), then that day, timed, with the WAL it wrote. On a history
     * partitioned by day that day is dropped; otherwise it is deleted in slices.
     */
    private void pruneOneDay(HikariDataSource pool, JdbcFreshnessStore store) throws SQLException {
        LocalDate oldest = LocalDate.ofInstant(now.minus(Duration.ofHours(1)).minus(Duration.ofDays(options.historyDays() - 1)),
                ZoneOffset.UTC);
        Instant dayStart = oldest.atStartOfDay().toInstant(ZoneOffset.UTC);
        long before = System.nanoTime();
        int older = store.pruneHistory(dayStart);
        long olderNanos = System.nanoTime() - before;
        String layout = options.partitioned() ? "partitioned by day" : "one table";
        line("Pruning before the oldest day of history (" + layout + ")",
                String.format(Locale.ROOT, "%s, %,d records", ms(olderNanos), older), "");
        long walBefore = walPosition(pool);
        before = System.nanoTime();
        int deleted = store.pruneHistory(dayStart.plus(Duration.ofDays(1)));
        long nanos = System.nanoTime() - before;
        long wal = walPosition(pool) - walBefore;
        line("Pruning one day of history (" + layout + ")",
                String.format(Locale.ROOT, "%s, %,d records, %,d KB WAL", ms(nanos), deleted, wal / 1024),
                "7.9 s + 16.9 s VACUUM, 1.4 GB WAL");
    }

    /** The server settings that the capacity guide discusses, as this run had them. */
    private void settings(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT string_agg(name || ' = ' || current_setting(name), ', '"
                     + " ORDER BY name) FROM pg_settings WHERE name IN"
                     + " ('shared_buffers', 'max_wal_size', 'wal_compression', 'checkpoint_timeout',"
                     + " 'synchronous_commit')")) {
            rows.next();
            line("Server settings", rows.getString(1), "defaults");
        }
    }

    private static long walPosition(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn() - '0/0'")) {
            row.next();
            return row.getLong(1);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void line(String measured, String value, String issue) {
        lines.add(new String[] {measured, value, issue});
    }

    private void print() {
        System.out.println();
        System.out.printf("%-84s %-34s %s%n", "Measured", "this run", "issue 20, 10^7 statuses");
        for (String[] line : lines) {
            System.out.printf("%-84s %-34s %s%n", line[0], line[1], line[2]);
        }
    }

    private Scope randomTenant() {
        return Scope.tenant(tenantKey(1 + ThreadLocalRandom.current().nextInt(options.tenants())));
    }

    private static String tenantKey(int tenant) {
        return String.format(Locale.ROOT, "tenant-%07d", tenant);
    }

    private static Set<DatasetKey> datasets(int count) {
        Set<DatasetKey> datasets = new LinkedHashSet<>();
        for (int d = 0; d < count; d++) {
            datasets.add(DatasetKey.of("dataset_" + d));
        }
        return datasets;
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return String.valueOf(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private boolean databaseExists(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(options.serverUrl());
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private void adminExecute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(options.serverUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static HikariDataSource pool(String url, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** The server URL with its database replaced by {@code name}: {@code jdbc:postgresql://host:port/<name>?options}. */
    static String urlOf(String serverUrl, String name) {
        Matcher matcher = Pattern.compile("^(jdbc:postgresql://[^/?]+)/?([^?]*)(\\?.*)?$").matcher(serverUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--url must read jdbc:postgresql://host:port/database?options, was "
                    + serverUrl);
        }
        return matcher.group(1) + "/" + name + (matcher.group(3) == null ? "" : matcher.group(3));
    }
}
