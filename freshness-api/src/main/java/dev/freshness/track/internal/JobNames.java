package dev.freshness.track.internal;

import dev.freshness.internal.Checks;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import java.time.Instant;

/** Validates job names early, with the rule the {@link RunEvent.Started} event applies to them. */
final class JobNames {

    private static final DatasetKey ANY_DATASET = DatasetKey.of("any");
    private static final RunId ANY_RUN = RunId.of("any");

    private JobNames() {
    }

    static String check(String jobName) {
        Checks.notNull(jobName, "jobName");
        new RunEvent.Started(Scope.global(), ANY_DATASET, ANY_RUN, Instant.EPOCH, jobName);
        return jobName;
    }
}
