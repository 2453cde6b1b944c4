package dev.freshness.monitor;

import java.util.List;
import java.util.Objects;

/**
 * What a channel receives at once: one change, or a digest of many when at least the monitor's digest threshold
 * were waiting for the channel together.
 *
 * @param id the same for every attempt to deliver these changes, so that a receiver can drop a repeat (after a
 *     process died before it saw the answer, the next process delivers again with the same id)
 * @param changes the changes, oldest first; one unless this is a digest
 * @param digest true when the changes are sent as one digest
 */
public record Delivery(String id, List<Change> changes, boolean digest) {

    /** Requires an id and at least one change; copies the changes. */
    public Delivery {
        Objects.requireNonNull(id, "id must not be null");
        changes = List.copyOf(Objects.requireNonNull(changes, "changes must not be null"));
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("changes must hold at least one change");
        }
    }
}
