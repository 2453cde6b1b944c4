package dev.freshness.track.internal;

import dev.freshness.ErrorRedactor;
import dev.freshness.internal.Checks;
import dev.freshness.internal.Redaction;
import dev.freshness.DatasetKey;
import dev.freshness.JobError;
import dev.freshness.RunEvent;
import dev.freshness.RunId;
import dev.freshness.Scope;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.track.JobRunner;
import dev.freshness.track.StoreFailureException;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.TrackedJob;
import dev.freshness.track.TrackingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tracked-job wrapper of one {@code DatasetFreshness} shares: the store and how to call it (directly,
 * or bounded by the store timeout on a small daemon executor), the clock, the listener and the store failure
 * policy. Every recording goes through {@link #submit} and {@link #await}, which never throw.
 */
public final class Tracking {

    static final Logger LOG = LoggerFactory.getLogger("dev.freshness.track");

    /** Threads calling a store that may block; idle ones end, so an unused instance holds no thread. */
    static final int STORE_THREADS = 4;
    /** Store calls that may wait for a thread; beyond it a call is rejected (a store error) rather than queued. */
    static final int STORE_QUEUE_CAPACITY = 1024;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final FreshnessStore store;
    private final Clock clock;
    private final StoreFailurePolicy policy;
    private final Duration storeTimeout;
    private final SafeListener listener;
    private final ErrorRedactor errorRedactor;
    private final RateLimitedLog storeErrorLog;
    private final ThreadPoolExecutor storeExecutor;

    /** The wrapper's shared state; the arguments were validated by the builder. */
    public Tracking(FreshnessStore store, Clock clock, StoreFailurePolicy policy, Duration storeTimeout,
                    TrackingListener listener, ErrorRedactor errorRedactor) {
        this.store = Checks.notNull(store, "store");
        this.clock = Checks.notNull(clock, "clock");
        this.policy = Checks.notNull(policy, "storeFailurePolicy");
        this.storeTimeout = Checks.notNull(storeTimeout, "storeTimeout");
        this.errorRedactor = Checks.notNull(errorRedactor, "errorRedactor");
        this.storeErrorLog = new RateLimitedLog(clock, StoreFailurePolicy.LOG_INTERVAL);
        this.listener = new SafeListener(Checks.notNull(listener, "listener"),
                new RateLimitedLog(clock, StoreFailurePolicy.LOG_INTERVAL), errorRedactor);
        this.storeExecutor = store.mayBlock() ? newStoreExecutor() : null;
    }

    /** A tracked job for {@code dataset} in {@code scope}; a null scope makes it run untracked. */
    public TrackedJob track(Scope scope, String dataset) {
        return DefaultTrackedJob.of(this, scope, DatasetKey.of(dataset));
    }

    /** A job runner for several steps under one run id. */
    public JobRunner job(String jobName) {
        return new DefaultJobRunner(this, JobNames.check(jobName), null);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Tells the listener, then hands {@code event} to the store: directly when the store never blocks
     * (the call has then finished on return), otherwise on the store executor. Never throws.
     */
    PendingWrite submit(RunEvent event) {
        listener.heard(event);
        if (storeExecutor == null) {
            try {
                store.apply(event);
                return PendingWrite.finished(event, null);
            } catch (Throwable storeError) {
                return PendingWrite.finished(event, storeError);
            }
        }
        FutureTask<Void> task = new FutureTask<>(() -> {
            store.apply(event);
            return null;
        });
        try {
            storeExecutor.execute(task);
        } catch (RejectedExecutionException rejected) {
            return PendingWrite.finished(event, new RejectedExecutionException("the store is too slow: "
                    + STORE_QUEUE_CAPACITY + " store calls are already waiting", rejected));
        }
        return PendingWrite.running(event, task);
    }

    /**
     * Waits for {@code writes} together, at most the store timeout in all, handles each store error once
     * (listener, then the log under {@link StoreFailurePolicy#LOG_AND_CONTINUE}) and returns them. A store
     * call still running at the deadline is cancelled with an interrupt. The thread's interrupt flag is not
     * consumed: an interrupted thread still waits up to the deadline, and finds its flag set afterwards.
     */
    List<StoreFailure> await(Collection<PendingWrite> writes) {
        long deadline = System.nanoTime() + storeTimeout.toNanos();
        boolean interrupted = false;
        List<StoreFailure> failures = new ArrayList<>();
        try {
            for (PendingWrite write : writes) {
                // Cleared while waiting so that a wait is not cut short; restored below.
                interrupted |= Thread.interrupted();
                interrupted |= write.awaitUntil(deadline, storeTimeout);
                Throwable error = write.takeError();
                if (error != null) {
                    failures.add(new StoreFailure(write.event, error));
                    listener.storeError(write.event, error);
                    if (policy == StoreFailurePolicy.LOG_AND_CONTINUE) {
                        storeErrorLog.warn(write.event.dataset(), error, (suppressed, cause) -> LOG.warn(
                                "Could not record {}; the job's outcome is unchanged.{}", describe(write.event),
                                suppressedNote(suppressed), Redaction.forLog(cause, errorRedactor)));
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return failures;
    }

    /**
     * Applies the strict policy to a job that succeeded: the store errors as one exception to throw, or null
     * when there is nothing to surface.
     */
    StoreFailureException strictFailure(List<StoreFailure> failures) {
        if (policy != StoreFailurePolicy.STRICT || failures.isEmpty()) {
            return null;
        }
        StoreFailureException surfaced = failures.get(0).asException();
        for (int i = 1; i < failures.size(); i++) {
            surfaced.addSuppressed(failures.get(i).asException());
        }
        return surfaced;
    }

    /** Applies the strict policy to a job that failed: the store errors join the job's own exception. */
    void attachStrictFailures(Throwable jobFailure, List<StoreFailure> failures) {
        StoreFailureException surfaced = strictFailure(failures);
        if (surfaced != null) {
            jobFailure.addSuppressed(surfaced);
        }
    }

    /** Records a success for several runs at once, waiting for all of them within one store timeout. */
    List<StoreFailure> succeedAll(Map<RunRecorder, Long> recordsAffected) {
        List<PendingWrite> writes = new ArrayList<>();
        recordsAffected.forEach((recorder, records) -> writes.addAll(recorder.succeed(records)));
        return await(writes);
    }

    /** Records a failure for several runs at once, waiting for all of them within one store timeout. */
    List<StoreFailure> failAll(Collection<RunRecorder> recorders, JobError error) {
        List<PendingWrite> writes = new ArrayList<>();
        recorders.forEach(recorder -> writes.addAll(recorder.fail(error)));
        return await(writes);
    }

    /**
     * Describes a job's exception for its failure event, redacted, even one whose {@code getMessage()} (or the
     * redactor) throws.
     */
    JobError errorOf(Throwable failure) {
        try {
            return JobError.of(failure, errorRedactor);
        } catch (RuntimeException describing) {
            return JobError.of(failure.getClass().getName(), "", null);
        }
    }

    RunRecorder recorder(Scope scope, DatasetKey dataset, RunId runId, String jobName) {
        return new RunRecorder(this, scope, dataset, runId, jobName);
    }

    void warn(DatasetKey dataset, String message, Throwable error) {
        storeErrorLog.warn(dataset, error, (suppressed, cause) ->
                LOG.warn("{}{}", message, suppressedNote(suppressed), Redaction.forLog(cause, errorRedactor)));
    }

    private static String describe(RunEvent event) {
        String kind = event instanceof RunEvent.Started ? "the start"
                : event instanceof RunEvent.Succeeded ? "the success" : "the failure";
        return kind + " of run " + event.runId() + " for " + event.scope() + "/" + event.dataset();
    }

    private static String suppressedNote(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " more for this dataset were not logged since the last message)";
    }

    private static ThreadPoolExecutor newStoreExecutor() {
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "freshness-store-" + instance + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(STORE_THREADS, STORE_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(STORE_QUEUE_CAPACITY), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** A store error for one event. */
    record StoreFailure(RunEvent event, Throwable error) {
        StoreFailureException asException() {
            return new StoreFailureException(event, error);
        }
    }

    /** One event on its way to the store. */
    static final class PendingWrite {
        private final RunEvent event;
        private final FutureTask<Void> task;
        private Throwable error;
        private boolean reported;

        private PendingWrite(RunEvent event, FutureTask<Void> task, Throwable error) {
            this.event = event;
            this.task = task;
            this.error = error;
        }

        static PendingWrite finished(RunEvent event, Throwable error) {
            return new PendingWrite(event, null, error);
        }

        static PendingWrite running(RunEvent event, FutureTask<Void> task) {
            return new PendingWrite(event, task, null);
        }

        /** Waits until the write is done or the deadline passed; true when an interrupt arrived meanwhile. */
        synchronized boolean awaitUntil(long deadline, Duration timeout) {
            if (task == null || reported) {
                return false;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return interrupted;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    error = e.getCause();
                    return interrupted;
                } catch (TimeoutException e) {
                    task.cancel(true);
                    error = new TimeoutException("the store did not answer within " + timeout
                            + " (the store timeout); the call was cancelled");
                    return interrupted;
                } catch (RuntimeException e) {
                    error = e;
                    return interrupted;
                }
            }
        }

        /** The write's error, once: a write waited for again reports nothing new. */
        synchronized Throwable takeError() {
            if (reported) {
                return null;
            }
            reported = true;
            return error;
        }
    }
}
