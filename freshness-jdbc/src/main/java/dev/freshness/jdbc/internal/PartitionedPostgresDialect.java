package dev.freshness.jdbc.internal;

import java.util.List;

/**
 * PostgreSQL with the run history partitioned by day ({@code schema/postgresql-partitioned.sql}): a history row is
 * a fragment, what one run reported for one (scope, dataset) on one UTC day ({@code activity_day}, the UTC day of
 * the event's instant). The events of one run share no instant (a success carries only its own), so a run across
 * midnight UTC has two fragments.
 *
 * <p>An event is the same single statement as on {@link PostgresDialect}, its history upsert keyed by the fragment
 * ({@code activity_day} in the key and in {@code ON CONFLICT}), with the same merge rules inside the fragment; the
 * status part is unchanged. The reads return fragments, which {@link PartitionedHistory#mergeFragments} merges into
 * one record per run; a run is in flight when one of its fragments has a start and none has an outcome.
 */
public final class PartitionedPostgresDialect extends PostgresDialect {

    /** The UTC day of the event's instant, the partition key of its fragment. */
    private static final String ACTIVITY_DAY = "CAST((event.at AT TIME ZONE 'UTC') AS DATE)";

    private static final String IN_FLIGHT_JOIN = """
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            """;

    /**
     * The runs in flight of a status: its fragments with no outcome (the partial index {@code run_in_flight} of each
     * partition) of runs with no fragment that has one. The page report keeps the planner's choice it has on one
     * table (a probe of each partition's in-flight index per status, or one pass over them all); the cross-scope
     * reads probe per status ({@link #fragmentsInFlightPerStatus}). A run with two
     * start-only fragments (a start repeated on a later day) comes twice: {@link RowReader#statuses} keeps its latest
     * start.
     */
    private static final String FRAGMENTS_IN_FLIGHT_JOIN = """
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
                  AND NOT EXISTS (SELECT 1
                                  FROM ${run} o
                                  WHERE o.scope_key = f.scope_key AND o.dataset_key = f.dataset_key
                                    AND o.run_id = f.run_id AND o.finished_at IS NOT NULL)
            """;

    /** Every fragment of run {@code :run}, by scope, dataset and day. */
    private static final String RUN_HISTORY = """
            SELECT scope_key, dataset_key, run_id, job_name, started_at, finished_at, outcome, records_affected,
                   error_type, error_message, error_root_cause, last_activity_at
            FROM ${run}
            WHERE run_id = :run
            ORDER BY scope_key, dataset_key, activity_day
            """;

    /**
     * Every fragment of the latest {@code :limit} runs of a pair, the runs ordered by the last activity of their
     * latest fragment, newest first, each run's fragments together.
     */
    private static final String HISTORY = """
            WITH latest AS (
                SELECT run_id, MAX(last_activity_at) AS run_activity_at
                FROM ${run}
                WHERE scope_key = :scope AND dataset_key = :dataset
                GROUP BY run_id
                ORDER BY run_activity_at DESC, run_id
                LIMIT :limit
            )
            SELECT r.scope_key, r.dataset_key, r.run_id, r.job_name, r.started_at, r.finished_at, r.outcome,
                   r.records_affected, r.error_type, r.error_message, r.error_root_cause, r.last_activity_at
            FROM latest l
            JOIN ${run} r ON r.scope_key = :scope AND r.dataset_key = :dataset AND r.run_id = l.run_id
            ORDER BY l.run_activity_at DESC, r.run_id, r.activity_day
            """;

    @Override
    public List<String> applyEvent(EventKind kind) {
        return super.applyEvent(kind).stream().map(PartitionedPostgresDialect::byFragment).toList();
    }

    /** The history upsert of {@code sql} keyed by the fragment: its day in the row and in the conflict target. */
    private static String byFragment(String sql) {
        String keyed = replaceOnce(sql, "INSERT INTO ${run} AS r (scope_key, dataset_key, run_id,",
                "INSERT INTO ${run} AS r (scope_key, dataset_key, run_id, activity_day,");
        keyed = replaceOnce(keyed, "SELECT :scope, :dataset, :run, ", "SELECT :scope, :dataset, :run, " + ACTIVITY_DAY + ", ");
        return replaceOnce(keyed, "ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE",
                "ON CONFLICT (scope_key, dataset_key, run_id, activity_day) DO UPDATE");
    }

    @Override
    public String statuses() {
        return fragmentsInFlight(super.statuses());
    }

    @Override
    public String statusesAcrossScopes() {
        return fragmentsInFlightPerStatus(super.statusesAcrossScopes());
    }

    @Override
    public String statusesAcrossScopesSucceededBefore() {
        return fragmentsInFlightPerStatus(super.statusesAcrossScopesSucceededBefore());
    }

    /** The runs in flight of each status of a cross-scope page, as {@link #FRAGMENTS_IN_FLIGHT_JOIN} reads them. */
    private static String fragmentsInFlightPerStatus(String sql) {
        return replaceOnce(sql, IN_FLIGHT_OF_THE_STATUS, IN_FLIGHT_OF_THE_STATUS + """
                  AND NOT EXISTS (SELECT 1
                                  FROM ${run} o
                                  WHERE o.scope_key = f.scope_key AND o.dataset_key = f.dataset_key
                                    AND o.run_id = f.run_id AND o.finished_at IS NOT NULL)
                """);
    }

    private static String fragmentsInFlight(String sql) {
        return replaceOnce(sql, IN_FLIGHT_JOIN, FRAGMENTS_IN_FLIGHT_JOIN);
    }

    /** Fragments: see {@link PartitionedHistory#mergeFragments}. */
    @Override
    public String runHistory() {
        return RUN_HISTORY;
    }

    /** Fragments: see {@link PartitionedHistory#mergeFragments}. */
    @Override
    public String history() {
        return HISTORY;
    }

    /** {@code text} with the one occurrence of {@code part} replaced; the statements it derives from must have it. */
    private static String replaceOnce(String text, String part, String replacement) {
        int at = text.indexOf(part);
        if (at < 0 || text.indexOf(part, at + 1) >= 0) {
            throw new IllegalStateException("expected one occurrence of [" + part + "] in " + text);
        }
        return text.substring(0, at) + replacement + text.substring(at + part.length());
    }
}
