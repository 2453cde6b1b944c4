package dev.freshness.benchmarks;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What handing a tracked run's store call to the store executor costs, apart from any database: one tracked run
 * through the wrapper on the in-memory store, called on the job's thread ({@code onJobThread}, the in-memory store
 * never blocks), against the same store declared blocking, so that the run's writes go to the instance's own store
 * executor and the job's thread waits for them ({@code handedOff}). The difference is the hand-off: the call queued,
 * a store thread taking it, the job's thread seeing it done. The JDBC store is always handed off, so this is the part
 * of the Spring Batch pair's tracked run that is not H2's.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandOffBenchmark {

    private static final String DATASET = "orders";
    private static final Catalog CATALOG = Catalog.builder().dataset(DATASET, "Orders").producer("sync", DATASET).build();

    private final Scope scope = Scope.tenant("acme");
    private final RunId[] runIds = new RunId[1024];
    private int next;
    private DatasetFreshness onJobThread;
    private DatasetFreshness handedOff;

    /** Two instances over in-memory stores: one called on the job's thread, one through the store executor. */
    @Setup
    public void setUp() {
        for (int i = 0; i < runIds.length; i++) {
            runIds[i] = RunId.of("run-" + i);
        }
        onJobThread = DatasetFreshness.using(new InMemoryFreshnessStore(), CATALOG).withClock(Clock.systemUTC()).build();
        handedOff = DatasetFreshness.using(new DeclaredBlocking(new InMemoryFreshnessStore()), CATALOG)
                .withClock(Clock.systemUTC()).build();
    }

    /** Closes both instances (the second stops its store executor). */
    @TearDown
    public void tearDown() {
        onJobThread.close();
        handedOff.close();
    }

    /** The baseline: the run's writes made on the job's thread. */
    @Benchmark
    public Integer onJobThread() {
        return run(onJobThread);
    }

    /** The same run with its writes handed to the store executor and waited for. */
    @Benchmark
    public Integer handedOff() {
        return run(handedOff);
    }

    private Integer run(DatasetFreshness freshness) {
        next = (next + 1) & (runIds.length - 1);
        return freshness.track(scope, DATASET).runId(runIds[next]).call(run -> {
            run.recordsAffected(10);
            return 10;
        });
    }

    /** An in-memory store that says it may block, as a JDBC store does, and is otherwise the same store. */
    private record DeclaredBlocking(FreshnessStore store) implements FreshnessStore {
        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public void apply(RunEvent event) {
            store.apply(event);
        }

        @Override
        public void applyAll(List<? extends RunEvent> events) {
            store.applyAll(events);
        }

        @Override
        public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
            store.createStatusesIfAbsent(scope, datasets);
        }

        @Override
        public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
            return store.status(scope, dataset);
        }

        @Override
        public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
            return store.statuses(scopes, datasets);
        }

        @Override
        public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
            return store.statusesAcrossScopes(query);
        }

        @Override
        public List<RunRecord> runHistory(RunId runId) {
            return store.runHistory(runId);
        }

        @Override
        public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
            return store.history(scope, dataset, limit);
        }

        @Override
        public int pruneHistory(Instant olderThan) {
            return store.pruneHistory(olderThan);
        }
    }
}
