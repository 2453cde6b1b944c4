package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;

import java.util.List;

/**
 * A job and the datasets it refreshes. One job may refresh several datasets, and several jobs may refresh
 * the same dataset.
 *
 * @param jobName the job's name (letters, digits, {@code _ . -}), such as {@code meta_sync}
 * @param datasets the datasets it refreshes, in the order declared; may be empty for a job that is known
 *     but refreshes no dataset yet
 */
public record Producer(String jobName, List<DatasetKey> datasets) {

    /** Validates the name and copies the datasets. */
    public Producer {
        Checks.identifier(jobName, DatasetKey.MAX_LENGTH, "jobName");
        datasets = List.copyOf(Checks.notNull(datasets, "datasets"));
        if (datasets.stream().distinct().count() != datasets.size()) {
            throw new InvalidCatalogException(Catalog.jobItem(jobName), "lists one dataset twice: " + datasets);
        }
    }
}
