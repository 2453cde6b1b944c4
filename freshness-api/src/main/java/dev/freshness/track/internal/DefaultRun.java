package dev.freshness.track.internal;

import dev.freshness.internal.Checks;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.internal.Tracking.PendingWrite;
import dev.freshness.track.internal.Tracking.StoreFailure;
import dev.freshness.track.internal.Tracking.WaitBudget;
import dev.freshness.track.Run;
import dev.freshness.track.RecordingFailedException;
import dev.freshness.track.TrackedJob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a {@link DefaultJobRunner}. Steps record themselves; touched scopes and immediate outcomes are
 * collected here, and their store errors are surfaced (strict policy) when the body ends.
 */
final class DefaultRun implements Run {

    /** The key the log of a run-wide recording problem is rate-limited under. */
    private static final DatasetKey WHOLE_RUN = DatasetKey.of("whole-run");

    private final Tracking tracking;
    private final RunId runId;
    private final String jobName;
    private final Map<Touch, Touched> touched = new ConcurrentHashMap<>();
    private final List<StoreFailure> storeFailures = new ArrayList<>();
    private final WaitBudget budget;
    private final TouchedStarts touchedStarts = new TouchedStarts();
    private volatile boolean finished;

    DefaultRun(Tracking tracking, RunId runId, String jobName) {
        this.tracking = tracking;
        this.runId = runId;
        this.jobName = jobName;
        this.budget = tracking.newBudget();
    }

    @Override
    public RunId runId() {
        return runId;
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public TrackedJob track(Scope scope, String dataset) {
        Checks.notNull(scope, "scope");
        checkRunning();
        return DefaultTrackedJob.of(tracking, scope, tracking.declaredDataset(dataset), false).inRun(runId, jobName, budget);
    }

    @Override
    public TrackedJob track(Optional<Scope> scope, String dataset) {
        Checks.notNull(scope, "scope");
        checkRunning();
        return DefaultTrackedJob.of(tracking, scope.orElse(null), tracking.declaredDataset(dataset), false)
                .inRun(runId, jobName, budget);
    }

    @Override
    public void touched(Scope scope, String dataset, long recordsAffected) {
        Touch key = new Touch(Checks.notNull(scope, "scope"), tracking.declaredDataset(dataset));
        Checks.notNegative(recordsAffected, "recordsAffected");
        checkRunning();
        Touched touch = touched.computeIfAbsent(key, k -> new Touched(tracking.recorder(k.scope, k.dataset, runId, jobName, budget)));
        touch.records.accumulateAndGet(recordsAffected, DefaultRunContext::saturatedAdd);
        if (touch.firstTouch()) {
            if (tracking.synchronousStart()) {
                touch.recorder.start();
            } else {
                touchedStarts.add(touch.recorder);
            }
        }
    }

    @Override
    public void succeeded(Scope scope, String dataset, long recordsAffected) {
        RunEvent event = new RunEvent.Succeeded(Checks.notNull(scope, "scope"), tracking.declaredDataset(dataset), runId,
                tracking.now(), recordsAffected);
        checkRunning();
        PendingWrite write = tracking.submit(event);
        tracking.finished(jobName, null, event);
        collect(tracking.await(List.of(write), budget));
    }

    @Override
    public void failed(Scope scope, String dataset, Throwable error) {
        Checks.notNull(error, "error");
        RunEvent event = new RunEvent.Failed(Checks.notNull(scope, "scope"), tracking.declaredDataset(dataset), runId,
                tracking.now(), tracking.errorOf(error));
        checkRunning();
        PendingWrite write = tracking.submit(event);
        tracking.finished(jobName, null, event);
        collect(tracking.await(List.of(write), budget));
    }

    /** Records the outcome of every touched scope; under the strict policy returns what to surface. Never throws. */
    RecordingFailedException finishSucceeded() {
        finished = true;
        try {
            touchedStarts.flush();
            Map<RunRecorder, Long> totals = new LinkedHashMap<>();
            touched.values().forEach(touch -> totals.put(touch.recorder, touch.records.get()));
            collect(tracking.succeedAll(totals, budget));
            synchronized (storeFailures) {
                return tracking.strictFailure(storeFailures);
            }
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(WHOLE_RUN, "the successes of run " + runId, broken);
            return null;
        }
    }

    /** Records the body's failure for every touched scope; never throws, so the body's exception comes out. */
    void finishFailed(Throwable failure) {
        finished = true;
        try {
            touchedStarts.flush();
            List<RunRecorder> recorders = touched.values().stream().map(touch -> touch.recorder).toList();
            collect(tracking.failAll(recorders, tracking.errorOf(failure), budget));
            synchronized (storeFailures) {
                tracking.attachStrictFailures(failure, storeFailures);
            }
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(WHOLE_RUN, "the failures of run " + runId, broken);
        }
    }

    private void collect(List<StoreFailure> failures) {
        synchronized (storeFailures) {
            storeFailures.addAll(failures);
        }
    }

    private void checkRunning() {
        if (finished) {
            throw new IllegalStateException("run " + runId + " of job " + jobName
                    + " has finished: record inside the body of call(...) or run(...)");
        }
    }

    private record Touch(Scope scope, DatasetKey dataset) {
    }

    private static final class Touched {
        private final RunRecorder recorder;
        private final AtomicLong records = new AtomicLong();
        private boolean started;

        Touched(RunRecorder recorder) {
            this.recorder = recorder;
        }

        /** True the first time only: the touch that records the start. */
        synchronized boolean firstTouch() {
            if (started) {
                return false;
            }
            started = true;
            return true;
        }
    }

    /**
     * The starts of touched scopes, written without holding the job: the first is written at once, and those
     * touched while a write is on its way are gathered and written together, in one
     * {@link dev.freshness.spi.FreshnessStore#applyAll} call, as soon as it is over. A job that touches 10,000
     * tenants thus writes its starts in a few batches rather than 10,000 calls, and a store that never blocks
     * still gets each start at its touch. What waits when the body ends is written then, before the outcomes.
     */
    private final class TouchedStarts {
        private final List<RunRecorder> waiting = new ArrayList<>();
        private boolean writing;

        void add(RunRecorder recorder) {
            synchronized (this) {
                waiting.add(recorder);
                if (writing) {
                    return;
                }
                writing = true;
            }
            writeWaiting();
        }

        /** Writes what waits, then, when the store call is over, what gathered meanwhile; never throws. */
        private void writeWaiting() {
            synchronized (this) {
                if (waiting.isEmpty()) {
                    writing = false;
                    return;
                }
                // Under the lock, so that flush() finds every start taken from the queue already handed over.
                write(takeWaiting(), this::writeWaiting);
            }
        }

        /** Writes what waits now, even while another write is on its way; never throws. */
        synchronized void flush() {
            if (!waiting.isEmpty()) {
                write(takeWaiting(), null);
            }
        }

        private List<RunRecorder> takeWaiting() {
            List<RunRecorder> taken = new ArrayList<>(waiting);
            waiting.clear();
            return taken;
        }

        private void write(List<RunRecorder> recorders, Runnable afterwards) {
            List<RunRecorder> made = new ArrayList<>(recorders.size());
            List<RunEvent> starts = new ArrayList<>(recorders.size());
            for (RunRecorder recorder : recorders) {
                RunEvent.Started start = recorder.startEvent();
                if (start != null) {
                    made.add(recorder);
                    starts.add(start);
                }
            }
            List<PendingWrite> writes = tracking.submitAll(starts, afterwards);
            for (int i = 0; i < made.size(); i++) {
                made.get(i).startSubmitted(writes.get(i));
            }
        }
    }
}
