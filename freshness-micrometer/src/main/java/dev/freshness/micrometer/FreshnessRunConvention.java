package dev.freshness.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a tracked run's observation and its key values. Implement it (or extend
 * {@link DefaultFreshnessRunConvention}) and pass it to {@link FreshnessObservations} to change them; an
 * {@code ObservationRegistry}'s global conventions for {@link FreshnessRunContext} take precedence, as usual.
 */
public interface FreshnessRunConvention extends ObservationConvention<FreshnessRunContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof FreshnessRunContext;
    }
}
