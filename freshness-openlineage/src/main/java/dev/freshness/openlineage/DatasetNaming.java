package dev.freshness.openlineage;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;

/** The OpenLineage name of a (scope, dataset) that a run refreshed. */
@FunctionalInterface
public interface DatasetNaming {

    /** The dataset key for the global scope, {@code <tenant id>/<dataset key>} for a tenant. */
    DatasetNaming TENANT_SLASH_DATASET = (scope, dataset) ->
            scope.tenantId().map(tenant -> tenant + "/" + dataset.value()).orElse(dataset.value());

    /** The name of {@code dataset} in {@code scope}. */
    String nameOf(Scope scope, DatasetKey dataset);
}
