package dev.freshness.spi;

import dev.freshness.core.DatasetStatus;

/**
 * The last start, last success and last failure of one (scope, dataset): the part of a status that events merge
 * into with {@link EventMerge#merge(LatestEvents, dev.freshness.core.RunEvent)}. A store written in Java keeps
 * one per (scope, dataset) and builds a {@link DatasetStatus} from it when one is read.
 *
 * @param lastStart the start with the greatest instant, or null
 * @param lastSuccess the success with the greatest instant, or null
 * @param lastFailure the failure with the greatest instant, or null
 */
public record LatestEvents(DatasetStatus.Start lastStart, DatasetStatus.Success lastSuccess,
                           DatasetStatus.Failure lastFailure) {

    /** Nothing happened yet. */
    public static final LatestEvents NONE = new LatestEvents(null, null, null);
}
