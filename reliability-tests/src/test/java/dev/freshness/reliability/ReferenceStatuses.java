package dev.freshness.reliability;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a store must hold after a set of events, computed from the whole set at once and shared with no store:
 * per (scope, dataset), the start, success and failure with the greatest (instant, run id) of their kind, and
 * the runs that started with no outcome.
 */
final class ReferenceStatuses {

    /** The part of a status the model decides, comparable with {@code equals}. */
    record Expected(Optional<DatasetStatus.Start> lastStart, Optional<DatasetStatus.Success> lastSuccess,
                    Optional<DatasetStatus.Failure> lastFailure, Set<RunId> inFlight) {

        static Expected of(DatasetStatus status) {
            Set<RunId> inFlight = new TreeSet<>();
            status.runsInFlight().forEach(run -> inFlight.add(run.runId()));
            return new Expected(status.lastStart(), status.lastSuccess(), status.lastFailure(), inFlight);
        }
    }

    private record Pair(Scope scope, DatasetKey dataset) {
    }

    private static final Comparator<RunEvent> LATEST = Comparator.comparing((RunEvent event) -> event.at()).thenComparing(RunEvent::runId);

    private final Map<Pair, List<RunEvent>> byPair = new HashMap<>();

    ReferenceStatuses(List<RunEvent> events) {
        for (RunEvent event : new LinkedHashSet<>(events)) {
            byPair.computeIfAbsent(new Pair(event.scope(), event.dataset()), pair -> new ArrayList<>()).add(event);
        }
    }

    /** The (scope, dataset) pairs with any event. */
    Set<Map.Entry<Scope, DatasetKey>> pairs() {
        Set<Map.Entry<Scope, DatasetKey>> pairs = new HashSet<>();
        byPair.keySet().forEach(pair -> pairs.add(Map.entry(pair.scope(), pair.dataset())));
        return pairs;
    }

    /** How many distinct (scope, dataset, run) the events name: the history rows a store must hold. */
    long runs() {
        return byPair.values().stream().flatMap(List::stream)
                .map(event -> List.of(event.scope(), event.dataset(), event.runId())).distinct().count();
    }

    Expected expected(Scope scope, DatasetKey dataset) {
        List<RunEvent> events = byPair.getOrDefault(new Pair(scope, dataset), List.of());
        Optional<DatasetStatus.Start> lastStart = latest(events, RunEvent.Started.class)
                .map(event -> new DatasetStatus.Start(event.runId(), event.at()));
        Optional<DatasetStatus.Success> lastSuccess = latest(events, RunEvent.Succeeded.class)
                .map(event -> new DatasetStatus.Success(event.runId(), event.at(), event.recordsAffected()));
        Optional<DatasetStatus.Failure> lastFailure = latest(events, RunEvent.Failed.class)
                .map(event -> new DatasetStatus.Failure(event.runId(), event.at(), event.error()));
        Set<RunId> finished = new HashSet<>();
        events.stream().filter(event -> !(event instanceof RunEvent.Started)).forEach(event -> finished.add(event.runId()));
        Set<RunId> inFlight = new TreeSet<>();
        events.stream().filter(event -> event instanceof RunEvent.Started && !finished.contains(event.runId()))
                .forEach(event -> inFlight.add(event.runId()));
        return new Expected(lastStart, lastSuccess, lastFailure, inFlight);
    }

    private static <E extends RunEvent> Optional<E> latest(List<RunEvent> events, Class<E> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).max(LATEST);
    }
}
