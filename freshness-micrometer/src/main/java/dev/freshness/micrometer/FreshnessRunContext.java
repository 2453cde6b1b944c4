package dev.freshness.micrometer;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.FinishedRun;
import io.micrometer.observation.Observation;

import java.util.Objects;
import java.util.Optional;

/**
 * What the observation of one tracked run knows: the (scope, dataset) it refreshes, its run id and job, and,
 * once it has ended, its {@link FinishedRun}. A {@link FreshnessRunConvention} turns it into key values.
 */
public final class FreshnessRunContext extends Observation.Context {

    private final Scope scope;
    private final DatasetKey dataset;
    private final RunId runId;
    private final String jobName;
    private volatile FinishedRun finishedRun;

    /**
     * The context of a run of {@code dataset} for {@code scope}.
     *
     * @param jobName the job, or null when unknown
     */
    public FreshnessRunContext(Scope scope, DatasetKey dataset, RunId runId, String jobName) {
        this.scope = Objects.requireNonNull(scope, "scope must not be null");
        this.dataset = Objects.requireNonNull(dataset, "dataset must not be null");
        this.runId = Objects.requireNonNull(runId, "runId must not be null");
        this.jobName = jobName;
    }

    /** Whose data the run refreshes. */
    public Scope scope() {
        return scope;
    }

    /** The dataset the run refreshes. */
    public DatasetKey dataset() {
        return dataset;
    }

    /** The run. */
    public RunId runId() {
        return runId;
    }

    /** The job, when known. */
    public Optional<String> jobName() {
        return Optional.ofNullable(jobName);
    }

    /** How the run ended; empty while it runs. */
    public Optional<FinishedRun> finishedRun() {
        return Optional.ofNullable(finishedRun);
    }

    void finished(FinishedRun run) {
        this.finishedRun = run;
    }
}
