package dev.freshness.monitor;

import java.util.List;

/**
 * What one run of the monitor did.
 *
 * @param claimed the changes this monitor saw and claimed (another process claims the rest), oldest first
 * @param delivered how many changes were delivered, counted once per channel
 * @param failed how many changes a channel failed to take; they are retried later
 */
public record MonitorRun(List<Change> claimed, int delivered, int failed) {

    /** Copies the list. */
    public MonitorRun {
        claimed = List.copyOf(claimed);
    }
}
