package dev.freshness.spring;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UndeclaredDatasetPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a {@link DatasetFreshness} of the tests reports, heard as its listener. */
final class RecordedEvents implements TrackingListener {

    static final Catalog CATALOG = Catalog.builder()
            .dataset("scorecard", "Scorecard")
            .dataset("ad_assets", "Ad assets")
            .dataset("ad_thumbnails", "Ad thumbnails")
            .build();

    private final BlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();

    /** An instance on its own in-memory store and a fixed clock, strict about datasets, reporting to this. */
    DatasetFreshness freshness() {
        return DatasetFreshness.using(new InMemoryFreshnessStore(), CATALOG)
                .withClock(SettableClock.at(Instant.parse("2026-03-01T10:00:00Z")))
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.REJECT)
                .recordingStartsSynchronously()
                .withTrackingListener(this)
                .build();
    }

    @Override
    public void onRunStarted(RunEvent.Started event) {
        events.add(event);
    }

    @Override
    public void onRunSucceeded(RunEvent.Succeeded event) {
        events.add(event);
    }

    @Override
    public void onRunFailed(RunEvent.Failed event) {
        events.add(event);
    }

    /** The events heard so far, removed, each as a line with its run id numbered by first appearance. */
    List<String> take() {
        List<RunEvent> taken = new ArrayList<>();
        events.drainTo(taken);
        return describe(taken);
    }

    /** Waits until {@code count} events are heard, and takes them; fails after 10 seconds. */
    List<String> await(int count) throws InterruptedException {
        List<RunEvent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (taken.size() < count) {
            RunEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("heard " + describe(taken) + " in 10 s, expected " + count + " events");
            }
            taken.add(event);
        }
        return describe(taken);
    }

    /** The run ids of the events heard so far, in order, without removing them. */
    List<RunId> runIds() {
        return events.stream().map(RunEvent::runId).toList();
    }

    private static List<String> describe(List<RunEvent> events) {
        Map<RunId, Integer> runs = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (RunEvent event : events) {
            String run = "run" + runs.computeIfAbsent(event.runId(), id -> runs.size() + 1);
            String head = event.scope().key() + " " + event.dataset().value() + " " + run + " ";
            if (event instanceof RunEvent.Started started) {
                lines.add(head + "STARTED job=" + started.jobName());
            } else if (event instanceof RunEvent.Succeeded succeeded) {
                lines.add(head + "SUCCEEDED records=" + succeeded.recordsAffected());
            } else {
                lines.add(head + "FAILED " + ((RunEvent.Failed) event).error());
            }
        }
        return lines;
    }
}
