package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a store must hold after a set of events, computed the slow, obvious way from the whole set at once, so
 * that it shares no code and no reasoning shortcut with the stores' incremental merge.
 *
 * <p>Per (scope, dataset): the last start, success and failure are the events of their kind with the greatest
 * (instant, run id); a run is in flight when it has a start and no success or failure. Per run: the outcome is
 * the success or failure with the greater instant, the failure when both have the same instant.
 */
final class ReferenceModel {

    private static final Comparator<RunEvent> LATEST = Comparator.comparing((RunEvent event) -> event.at())
            .thenComparing(Comparator.comparing(RunEvent::runId));
    /** A run's outcome: the greater instant, a failure when tied. */
    private static final Comparator<RunEvent> LAST_OUTCOME = Comparator.comparing((RunEvent event) -> event.at())
            .thenComparing(Comparator.comparing((RunEvent event) -> event instanceof RunEvent.Failed));

    private final Set<RunEvent> events;

    /** A model of the distinct events among {@code events}; repeats count once, as in a store. */
    ReferenceModel(List<? extends RunEvent> events) {
        this.events = new LinkedHashSet<>(events);
    }

    /** The status of one (scope, dataset), empty when no event is about it. */
    Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        List<RunEvent> ofPair = eventsOf(scope, dataset);
        if (ofPair.isEmpty()) {
            return Optional.empty();
        }
        DatasetStatus.Start lastStart = latest(ofPair, RunEvent.Started.class)
                .map(event -> new DatasetStatus.Start(event.runId(), event.at())).orElse(null);
        DatasetStatus.Success lastSuccess = latest(ofPair, RunEvent.Succeeded.class)
                .map(event -> new DatasetStatus.Success(event.runId(), event.at(), event.recordsAffected())).orElse(null);
        DatasetStatus.Failure lastFailure = latest(ofPair, RunEvent.Failed.class)
                .map(event -> new DatasetStatus.Failure(event.runId(), event.at(), event.error())).orElse(null);
        List<DatasetStatus.Start> inFlight = new ArrayList<>();
        for (RunRecord record : history(scope, dataset)) {
            if (record.finishedAt() == null) {
                inFlight.add(new DatasetStatus.Start(record.runId(), record.startedAt()));
            }
        }
        return Optional.of(DatasetStatus.of(scope, dataset, lastStart, lastSuccess, lastFailure, inFlight));
    }

    /** The statuses of the datasets of one scope that have any event. */
    Map<DatasetKey, DatasetStatus> statuses(Scope scope, Set<DatasetKey> datasets) {
        Map<DatasetKey, DatasetStatus> statuses = new HashMap<>();
        for (DatasetKey dataset : datasets) {
            status(scope, dataset).ifPresent(status -> statuses.put(dataset, status));
        }
        return statuses;
    }

    /** One history record per run of the (scope, dataset), in no particular order. */
    List<RunRecord> history(Scope scope, DatasetKey dataset) {
        Map<RunId, List<RunEvent>> byRun = eventsOf(scope, dataset).stream()
                .collect(Collectors.groupingBy(RunEvent::runId));
        List<RunRecord> records = new ArrayList<>();
        byRun.forEach((runId, ofRun) -> records.add(record(scope, dataset, runId, ofRun)));
        return records;
    }

    private static RunRecord record(Scope scope, DatasetKey dataset, RunId runId, List<RunEvent> ofRun) {
        Optional<RunEvent.Started> start = ofRun.stream()
                .filter(RunEvent.Started.class::isInstance).map(RunEvent.Started.class::cast)
                .max(Comparator.comparing((RunEvent event) -> event.at()));
        String jobName = start.map(RunEvent.Started::jobName).orElse(null);
        Instant startedAt = start.map(RunEvent.Started::at).orElse(null);
        Optional<RunEvent> outcome = ofRun.stream()
                .filter(Predicate.not(RunEvent.Started.class::isInstance))
                .max(LAST_OUTCOME);
        if (outcome.isEmpty()) {
            return new RunRecord(scope, dataset, runId, jobName, startedAt, null, null, 0, null);
        }
        if (outcome.get() instanceof RunEvent.Succeeded success) {
            return new RunRecord(scope, dataset, runId, jobName, startedAt, success.at(),
                    RunRecord.Outcome.SUCCEEDED, success.recordsAffected(), null);
        }
        RunEvent.Failed failure = (RunEvent.Failed) outcome.get();
        return new RunRecord(scope, dataset, runId, jobName, startedAt, failure.at(),
                RunRecord.Outcome.FAILED, 0, failure.error());
    }

    private List<RunEvent> eventsOf(Scope scope, DatasetKey dataset) {
        return events.stream()
                .filter(event -> event.scope().equals(scope) && event.dataset().equals(dataset))
                .toList();
    }

    private static <E extends RunEvent> Optional<E> latest(List<RunEvent> events, Class<E> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).max(LATEST);
    }
}
