package dev.freshness.benchmarks;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.micrometer.FreshnessMetrics;
import dev.freshness.micrometer.FreshnessObservations;
import dev.freshness.track.TrackingListener;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * What listening costs a tracked run (a start, then a success with a count) in memory: the same run with no
 * listener (the baseline), with {@link FreshnessMetrics} on a {@link SimpleMeterRegistry}, and with the metrics
 * and a {@link FreshnessObservations} whose registry turns each observation into a timer (as Spring Boot's
 * default handler does).
 *
 * <p>Each benchmark has its own {@code DatasetFreshness} over its own store, so that no store grows from
 * another's runs; run ids cycle through a fixed set, as in {@link InMemoryTrackingBenchmark}. The state is per
 * thread.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MicrometerListenerBenchmark {

    private static final String DATASET = "orders";
    private static final int RUN_IDS = 1024;

    private final Scope scope = Scope.tenant("acme");
    private final RunId[] runIds = new RunId[RUN_IDS];
    private int next;

    private DatasetFreshness withoutListener;
    private DatasetFreshness withMetrics;
    private DatasetFreshness withMetricsAndObservations;

    /** Three instances, each over a new store. */
    @Setup
    public void setUp() {
        Catalog catalog = Catalog.builder().dataset(DATASET, "Orders").producer("sync", DATASET).build();
        for (int i = 0; i < RUN_IDS; i++) {
            runIds[i] = RunId.of("run-" + i);
        }
        withoutListener = instance(catalog, new InMemoryFreshnessStore(), TrackingListener.NO_OP);
        InMemoryFreshnessStore metered = new InMemoryFreshnessStore();
        withMetrics = instance(catalog, metered, metrics(catalog, metered, new SimpleMeterRegistry()));
        InMemoryFreshnessStore observed = new InMemoryFreshnessStore();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        withMetricsAndObservations = instance(catalog, observed, TrackingListener.composite(
                metrics(catalog, observed, meters), new FreshnessObservations(observations)));
    }

    private static FreshnessMetrics metrics(Catalog catalog, InMemoryFreshnessStore store, SimpleMeterRegistry registry) {
        FreshnessMetrics metrics = FreshnessMetrics.builder(store, catalog).build();
        metrics.bindTo(registry);
        return metrics;
    }

    private static DatasetFreshness instance(Catalog catalog, InMemoryFreshnessStore store, TrackingListener listener) {
        return DatasetFreshness.using(store, catalog).withClock(Clock.systemUTC()).withTrackingListener(listener).build();
    }

    /** Closes this thread's instances. */
    @TearDown
    public void tearDown() {
        withoutListener.close();
        withMetrics.close();
        withMetricsAndObservations.close();
    }

    private Integer trackedRun(DatasetFreshness freshness) {
        next = (next + 1) & (RUN_IDS - 1);
        return freshness.track(scope, DATASET).job("sync").runId(runIds[next]).call(run -> {
            run.recordsAffected(10);
            return 10;
        });
    }

    /** The baseline: a tracked run that nobody listens to. */
    @Benchmark
    public Integer noListener() {
        return trackedRun(withoutListener);
    }

    /** A tracked run counted, timed and summarised by {@link FreshnessMetrics}. */
    @Benchmark
    public Integer micrometerMetrics() {
        return trackedRun(withMetrics);
    }

    /** A tracked run with the metrics and an observation handled into a timer. */
    @Benchmark
    public Integer micrometerMetricsAndObservation() {
        return trackedRun(withMetricsAndObservations);
    }
}
