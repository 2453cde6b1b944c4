package dev.freshness.jdbc.internal;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns rows of the store's queries back into statuses and history records. */
public final class RowReader {

    private final SqlDialect dialect;

    /** A reader of rows written by {@code dialect}. */
    public RowReader(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Reads every row of a status query (one row per status, or one per run in flight of it) into statuses,
     * in the order of the rows.
     */
    public List<DatasetStatus> statuses(ResultSet rows) throws SQLException {
        Map<String, PartialStatus> byPair = new LinkedHashMap<>();
        while (rows.next()) {
            String scopeKey = rows.getString("scope_key");
            String datasetKey = rows.getString("dataset_key");
            // Keys hold no line feed (tenant ids have no control characters), so this cannot join two pairs.
            PartialStatus status = byPair.get(scopeKey + '\n' + datasetKey);
            if (status == null) {
                status = new PartialStatus(readLastEvents(rows));
                byPair.put(scopeKey + '\n' + datasetKey, status);
            }
            String inFlightRunId = rows.getString("in_flight_run_id");
            Instant inFlightSince = dialect.readInstant(rows, "in_flight_started_at");
            // A join by a collation that is not exact could bring another pair's run: only exact keys count.
            if (inFlightRunId != null && inFlightSince != null
                    && scopeKey.equals(rows.getString("in_flight_scope_key"))
                    && datasetKey.equals(rows.getString("in_flight_dataset_key"))) {
                // A run of a partitioned history may come once per start-only fragment: its latest start counts.
                status.inFlight.merge(inFlightRunId, new DatasetStatus.Start(RunId.of(inFlightRunId), inFlightSince),
                        (a, b) -> a.at().isAfter(b.at()) ? a : b);
            }
        }
        List<DatasetStatus> statuses = new ArrayList<>(byPair.size());
        for (PartialStatus status : byPair.values()) {
            statuses.add(status.lastEvents.withRunsInFlight(List.copyOf(status.inFlight.values())));
        }
        return statuses;
    }

    private DatasetStatus readLastEvents(ResultSet row) throws SQLException {
        Scope scope = Scope.fromKey(row.getString("scope_key"));
        DatasetKey dataset = DatasetKey.of(row.getString("dataset_key"));
        Instant startAt = dialect.readInstant(row, "last_start_at");
        DatasetStatus.Start start = startAt == null ? null
                : new DatasetStatus.Start(RunId.of(row.getString("last_start_run_id")), startAt);
        Instant successAt = dialect.readInstant(row, "last_success_at");
        DatasetStatus.Success success = successAt == null ? null
                : new DatasetStatus.Success(RunId.of(row.getString("last_success_run_id")), successAt,
                        row.getLong("last_success_records"));
        Instant failureAt = dialect.readInstant(row, "last_failure_at");
        DatasetStatus.Failure failure = failureAt == null ? null
                : new DatasetStatus.Failure(RunId.of(row.getString("last_failure_run_id")), failureAt,
                        JobError.of(row.getString("last_failure_error_type"),
                                nullToEmpty(row.getString("last_failure_error_message")),
                                row.getString("last_failure_root_cause")));
        return DatasetStatus.of(scope, dataset, start, success, failure, List.of());
    }

    /** Reads every row of a history query. */
    public List<RunRecord> runRecords(ResultSet rows) throws SQLException {
        List<RunRecord> records = new ArrayList<>();
        while (rows.next()) {
            records.add(runRecord(rows));
        }
        return records;
    }

    /** Reads the current row of a history query. */
    public RunRecord runRecord(ResultSet rows) throws SQLException {
        String outcomeText = rows.getString("outcome");
        RunRecord.Outcome outcome = outcomeText == null ? null : RunRecord.Outcome.valueOf(outcomeText);
        JobError error = outcome == RunRecord.Outcome.FAILED
                ? JobError.of(rows.getString("error_type"), nullToEmpty(rows.getString("error_message")),
                        rows.getString("error_root_cause"))
                : null;
        return new RunRecord(
                Scope.fromKey(rows.getString("scope_key")),
                DatasetKey.of(rows.getString("dataset_key")),
                RunId.of(rows.getString("run_id")),
                rows.getString("job_name"),
                dialect.readInstant(rows, "started_at"),
                dialect.readInstant(rows, "finished_at"),
                outcome,
                outcome == RunRecord.Outcome.SUCCEEDED ? rows.getLong("records_affected") : 0,
                error);
    }

    /** A database may hand back an empty string as NULL (none of ours does, but a user's migration might). */
    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static final class PartialStatus {
        final DatasetStatus lastEvents;
        final Map<String, DatasetStatus.Start> inFlight = new LinkedHashMap<>();

        PartialStatus(DatasetStatus lastEvents) {
            this.lastEvents = lastEvents;
        }
    }
}
