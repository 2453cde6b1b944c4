package dev.freshness.monitor;

import java.util.Objects;

/**
 * A change waiting for one channel, as a {@link MonitorState} keeps it until the channel accepted it.
 *
 * @param id the state's own id, increasing in the order the changes were claimed
 * @param channel the channel's name
 * @param change the change to deliver
 * @param attempts how many deliveries of it failed so far
 */
public record PendingDelivery(long id, String channel, Change change, int attempts) {

    /** Requires the channel and the change. */
    public PendingDelivery {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(change, "change must not be null");
    }
}
