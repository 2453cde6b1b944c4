package dev.freshness.spring.internal;

import org.springframework.expression.Expression;

import java.util.List;

/**
 * A {@code @RefreshesDataset} method, its expressions parsed: each expression is null where the annotation
 * leaves it empty.
 *
 * @param description the method as messages name it, {@code OrderJobs.refresh(String)}
 * @param async whether the method returns a stage, recorded when it completes
 */
record TrackedMethod(String description, List<String> datasets, String job, Expression scope, Expression records,
                     Expression runId, Expression condition, boolean async) {
}
