package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.core.DatasetStatus;
import dev.freshness.internal.Checks;

import java.util.Optional;

/**
 * The status of one dataset that a derived dataset is built from (directly or through other derived datasets),
 * in the same scope, as a verdict on the derived dataset takes it into account.
 *
 * @param dataset the input dataset
 * @param status its status in the scope judged; an empty status when it has none
 */
public record InputStatus(DatasetDefinition dataset, DatasetStatus status) {

    /** Checks that both describe the same dataset. */
    public InputStatus {
        Checks.notNull(dataset, "dataset");
        Checks.notNull(status, "status");
        if (!dataset.key().equals(status.dataset())) {
            throw new IllegalArgumentException("dataset " + dataset.key() + " and status of " + status.dataset()
                    + " must name the same dataset");
        }
    }

    /** The input's last success; empty when it never succeeded. */
    public Optional<DatasetStatus.Success> lastSuccess() {
        return status.lastSuccess();
    }
}
