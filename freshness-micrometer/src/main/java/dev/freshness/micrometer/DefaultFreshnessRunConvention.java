package dev.freshness.micrometer;

import dev.freshness.micrometer.internal.TenantTags;
import io.micrometer.common.KeyValues;

/**
 * The observation {@value #NAME}: low-cardinality key values {@code dataset}, {@code job} (or
 * {@value FreshnessMetrics#NO_JOB}) and {@code outcome} ({@code success}, {@code failure}, or
 * {@code running} until the run ends); high-cardinality {@code tenant} (the tenant id, or
 * {@value FreshnessMetrics#GLOBAL_SCOPE}) and {@code run.id}. Its contextual name, the span name when traced, is
 * {@code "freshness.run <dataset>"}.
 */
public class DefaultFreshnessRunConvention implements FreshnessRunConvention {

    /** The name of the observation of a tracked run. */
    public static final String NAME = "freshness.run";

    /** The convention; it keeps no state. */
    public DefaultFreshnessRunConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(FreshnessRunContext context) {
        return NAME + " " + context.dataset().value();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(FreshnessRunContext context) {
        String outcome = context.finishedRun().map(run -> run.succeeded() ? "success" : "failure").orElse("running");
        return KeyValues.of("dataset", context.dataset().value(), "job", context.jobName().orElse(FreshnessMetrics.NO_JOB),
                "outcome", outcome);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(FreshnessRunContext context) {
        String tenant = context.scope().tenantId().orElse(TenantTags.GLOBAL);
        return KeyValues.of("tenant", tenant, "run.id", context.runId().value());
    }
}
