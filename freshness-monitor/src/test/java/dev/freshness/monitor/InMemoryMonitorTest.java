package dev.freshness.monitor;

import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.FreshnessStore;

/** The scenarios on the in-memory store, with monitors sharing one {@link InMemoryMonitorState}. */
class InMemoryMonitorTest extends MonitorScenarios {

    private final InMemoryMonitorState state = new InMemoryMonitorState();

    /** One writer: an embedded database gains nothing from more, its writers only contend for its locks. */
    @Override
    int writerThreads() {
        return 1;
    }

    @Override
    FreshnessStore store() {
        return new InMemoryFreshnessStore();
    }

    @Override
    MonitorState newState() {
        return state;
    }
}
