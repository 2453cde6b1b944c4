package dev.freshness.benchmarks;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One tracked run (a start, then a success with a count) in memory, against the physical limit of an
 * in-memory store: a {@link ConcurrentHashMap#compute} of an immutable status per event, merged by instant as the
 * store merges (the baseline keeps no run history and no runs in flight, which the store must).
 *
 * <p>Run ids cycle through a fixed set, so the store's history stays the same size throughout the run
 * while every event is still a real merge at a later instant. The state is per thread: each thread has its own
 * store and map, and closes its own {@code DatasetFreshness}; nothing is shared between states.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InMemoryTrackingBenchmark {

    private static final String DATASET = "orders";
    private static final int RUN_IDS = 1024;

    private final Clock clock = Clock.systemUTC();
    private final Scope scope = Scope.tenant("acme");
    private final RunId[] runIds = new RunId[RUN_IDS];
    private final String[] runIdTexts = new String[RUN_IDS];
    private int next;

    private DatasetFreshness freshness;
    private ConcurrentHashMap<PlainKey, PlainStatus> plainMap;

    /** The key of the plain map: what the store keys its statuses by. */
    record PlainKey(String scope, String dataset) {
    }

    /**
     * The least an immutable status can hold: the last start and the last success, with their run ids. Like the
     * store, it merges rather than overwrites: an event replaces the stored one only when it is later (or as late
     * with a greater run id), so that events arriving in any order leave the same status.
     */
    record PlainStatus(Instant startedAt, String startRunId, Instant succeededAt, String successRunId, long records) {
        static final PlainStatus EMPTY = new PlainStatus(null, null, null, null, 0);

        PlainStatus started(Instant at, String runId) {
            return startedAt != null && !supersedes(at, runId, startedAt, startRunId) ? this
                    : new PlainStatus(at, runId, succeededAt, successRunId, records);
        }

        PlainStatus succeeded(Instant at, String runId, long count) {
            return succeededAt != null && !supersedes(at, runId, succeededAt, successRunId) ? this
                    : new PlainStatus(startedAt, startRunId, at, runId, count);
        }

        private static boolean supersedes(Instant at, String runId, Instant storedAt, String storedRunId) {
            int byInstant = at.compareTo(storedAt);
            return byInstant > 0 || (byInstant == 0 && runId.compareTo(storedRunId) > 0);
        }
    }

    /** A fresh store and map for each trial. */
    @Setup
    public void setUp() {
        Catalog catalog = Catalog.builder().dataset(DATASET, "Orders").producer("sync", DATASET).build();
        freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog).withClock(clock).build();
        plainMap = new ConcurrentHashMap<>();
        for (int i = 0; i < RUN_IDS; i++) {
            runIdTexts[i] = "run-" + i;
            runIds[i] = RunId.of(runIdTexts[i]);
        }
    }

    /** Closes this thread's {@code DatasetFreshness}. */
    @TearDown
    public void tearDown() {
        freshness.close();
    }

    private int nextRun() {
        next = (next + 1) & (RUN_IDS - 1);
        return next;
    }

    /** The baseline: two {@code compute} calls of an immutable status. */
    @Benchmark
    public PlainStatus plainMap() {
        int run = nextRun();
        PlainKey key = new PlainKey(scope.key(), DATASET);
        Instant startedAt = clock.instant();
        plainMap.compute(key, (k, status) -> (status == null ? PlainStatus.EMPTY : status).started(startedAt, runIdTexts[run]));
        Instant succeededAt = clock.instant();
        return plainMap.compute(key, (k, status) -> status.succeeded(succeededAt, runIdTexts[run], 10));
    }

    /** The store through the explicit API: {@code recordStart} then {@code recordSuccess}. */
    @Benchmark
    public DatasetFreshness storeApi() {
        RunId runId = runIds[nextRun()];
        freshness.records().recordStart(scope, DATASET, runId);
        freshness.records().recordSuccess(scope, DATASET, runId, 10);
        return freshness;
    }

    /** The store through the wrapper: one tracked call reporting its count. */
    @Benchmark
    public Integer wrapper() {
        RunId runId = runIds[nextRun()];
        return freshness.track(scope, DATASET).runId(runId).call(run -> {
            run.recordsAffected(10);
            return 10;
        });
    }
}
