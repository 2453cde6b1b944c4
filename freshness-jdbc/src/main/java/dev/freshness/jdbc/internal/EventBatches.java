package dev.freshness.jdbc.internal;

import dev.freshness.core.RunEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How the JDBC store lays out a list of events as JDBC batches: sorted into one lock order, cut into chunks
 * (a transaction each), and each chunk grouped by kind, since each kind has its own statements. Every event
 * stays a row of its own, never merged with another of the same key in the application: the database's
 * upserts merge them one after the other exactly as single events, and a driver that rewrites a batch into one
 * multi-row statement (pgjdbc's {@code reWriteBatchedInserts}) leaves the data-modifying {@code WITH} of the
 * PostgreSQL statements alone, so no statement meets the same row twice.
 */
public final class EventBatches {

    /**
     * The order rows are locked in: by scope, dataset and run, so that two batches over the same keys take their
     * locks in the same order within each kind and wait for each other rather than deadlock (a deadlock that
     * still happens, between kinds, is retried like any other).
     */
    public static final Comparator<RunEvent> LOCK_ORDER = Comparator
            .comparing((RunEvent event) -> event.scope().key())
            .thenComparing(event -> event.dataset().value())
            .thenComparing(event -> event.runId().value())
            .thenComparing((RunEvent event) -> event.at());

    private EventBatches() {
    }

    /** {@code events} sorted in {@link #LOCK_ORDER}, in consecutive chunks of at most {@code chunkSize}. */
    public static List<List<RunEvent>> chunks(List<RunEvent> events, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
        }
        List<RunEvent> sorted = new ArrayList<>(events);
        sorted.sort(LOCK_ORDER);
        List<List<RunEvent>> chunks = new ArrayList<>((sorted.size() + chunkSize - 1) / chunkSize);
        for (int from = 0; from < sorted.size(); from += chunkSize) {
            chunks.add(List.copyOf(sorted.subList(from, Math.min(sorted.size(), from + chunkSize))));
        }
        return chunks;
    }

    /** The events of {@code chunk} by kind, in the order of {@link EventKind}, each keeping the chunk's order. */
    public static Map<EventKind, List<RunEvent>> byKind(List<RunEvent> chunk) {
        Map<EventKind, List<RunEvent>> groups = new EnumMap<>(EventKind.class);
        for (RunEvent event : chunk) {
            groups.computeIfAbsent(EventKind.of(event), kind -> new ArrayList<>()).add(event);
        }
        return groups;
    }
}
