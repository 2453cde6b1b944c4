package dev.freshness.micrometer;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.FinishedRun;
import dev.freshness.track.TrackingListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes each tracked run of a (scope, dataset) a Micrometer {@link Observation}, named
 * {@value DefaultFreshnessRunConvention#NAME} by default: started when the run starts, stopped when it ends,
 * with the run's error (as a {@link FailedRunException}) when it failed. With Micrometer Tracing and its
 * OpenTelemetry bridge on the registry, each becomes a span; the observation that is current on the job's thread
 * when the run starts is its parent. Give it to {@code DatasetFreshness.Builder.withTrackingListener}, or join
 * it to {@link FreshnessMetrics} with {@link TrackingListener#composite}.
 *
 * <p>The observation is not made current while the job runs (the wrapper tells listeners of the start and of the
 * end, not of the body), so spans the job itself makes are siblings, not children, of the run's span. At most
 * {@value #MAX_OPEN_OBSERVATIONS} runs are observed at once (a run handle never closed would otherwise be kept
 * forever); a run ending beyond that is observed from its end alone.
 */
public final class FreshnessObservations implements TrackingListener {

    /** The most runs observed at once. */
    public static final int MAX_OPEN_OBSERVATIONS = 10_000;

    private static final FreshnessRunConvention DEFAULT_CONVENTION = new DefaultFreshnessRunConvention();

    private final ObservationRegistry registry;
    private final FreshnessRunConvention convention;
    private final Map<RunKey, Observation> open = new ConcurrentHashMap<>();

    /** Observations in {@code registry}, named by {@link DefaultFreshnessRunConvention}. */
    public FreshnessObservations(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * Observations in {@code registry}, named by {@code convention}.
     *
     * @param convention replaces {@link DefaultFreshnessRunConvention}; null keeps it
     */
    public FreshnessObservations(ObservationRegistry registry, FreshnessRunConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.convention = convention;
    }

    @Override
    public void onRunStarted(RunEvent.Started event) {
        if (registry.isNoop() || open.size() >= MAX_OPEN_OBSERVATIONS) {
            return;
        }
        Observation observation = observation(new FreshnessRunContext(event.scope(), event.dataset(), event.runId(),
                event.jobName())).start();
        Observation replaced = open.put(new RunKey(event.runId(), event.scope(), event.dataset()), observation);
        if (replaced != null) {
            replaced.stop();
        }
    }

    @Override
    public void onRunFinished(FinishedRun run) {
        if (registry.isNoop()) {
            return;
        }
        Observation observation = open.remove(new RunKey(run.runId(), run.scope(), run.dataset()));
        if (observation == null) {
            observation = observation(new FreshnessRunContext(run.scope(), run.dataset(), run.runId(),
                    run.jobName().orElse(null))).start();
        }
        ((FreshnessRunContext) observation.getContext()).finished(run);
        Observation ended = observation;
        run.error().ifPresent(error -> ended.error(new FailedRunException(error)));
        observation.stop();
    }

    private Observation observation(FreshnessRunContext context) {
        return Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context, registry);
    }

    @Override
    public String toString() {
        return "FreshnessObservations{" + open.size() + " runs open}";
    }

    private record RunKey(RunId runId, Scope scope, DatasetKey dataset) {
    }
}
