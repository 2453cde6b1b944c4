package dev.freshness.track.internal;

import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.internal.Checks;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.track.FinishedRun;
import dev.freshness.track.JobRun;
import dev.freshness.track.JobRunner;
import dev.freshness.track.RecordingFailedException;
import dev.freshness.track.RedeliveryStatus;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.TrackedJob;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UndeclaredDatasetPolicy;
import dev.freshness.track.UntrackedRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tracked-job wrapper of one {@code DatasetFreshness} shares: the store and how to call it (directly,
 * or bounded by the store timeout on an executor), the catalog, the clock, the listener and the policies. Every
 * recording of a tracked job goes through {@link #submit} and {@link #await}, which never throw.
 */
public final class Tracking implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("dev.freshness.track");

    /** Threads of the instance's own executor; idle ones end, so an unused instance holds no thread. */
    static final int STORE_THREADS = 4;
    /** Store calls that may wait for a thread of the own executor; beyond it a call is rejected (a store error). */
    static final int STORE_QUEUE_CAPACITY = 1024;
    /** How many (scope, dataset) pairs of a blocking store are remembered as having their companions' statuses created. */
    static final int COMPANIONS_REMEMBERED = 100_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * The wrapper's configuration, validated by the builder.
     *
     * @param storeExecutor the caller's executor for store calls, or null for the instance's own
     */
    public record Settings(FreshnessStore store, Catalog catalog, Clock clock, StoreFailurePolicy storeFailurePolicy,
                           Duration storeTimeout, TrackingListener listener, ErrorRedactor errorRedactor,
                           UndeclaredDatasetPolicy undeclaredDatasetPolicy, Executor storeExecutor,
                           boolean synchronousStart, int redeliveryCapacity, Duration redeliveryInitialBackoff,
                           Duration redeliveryMaxBackoff, Duration redeliveryCloseTimeout,
                           ScheduledExecutorService redeliveryScheduler, Path redeliverySpool) {
    }

    private final FreshnessStore store;
    private final Clock clock;
    private final StoreFailurePolicy policy;
    private final Duration storeTimeout;
    /** How long a job's thread polls its store call before it parks, from the store calls timed so far. */
    private final AwaitPoll awaitPoll = new AwaitPoll(Runtime.getRuntime().availableProcessors());
    private final SafeListener listener;
    private final ErrorRedactor errorRedactor;
    private final boolean synchronousStart;
    private final DeclaredDatasets declared;
    private final RateLimitedLog storeErrorLog;
    private final RateLimitedLog untrackedLog;
    private final Executor storeExecutor;
    private final ThreadPoolExecutor ownExecutor;
    private final Set<Pair> companionsCreated = ConcurrentHashMap.newKeySet();
    private final Redelivery redelivery;
    private final boolean redeliverable;
    private volatile boolean closed;

    /** The wrapper's shared state. */
    public Tracking(Settings settings) {
        this.store = Checks.notNull(settings.store(), "store");
        this.clock = Checks.notNull(settings.clock(), "clock");
        this.policy = Checks.notNull(settings.storeFailurePolicy(), "storeFailurePolicy");
        this.storeTimeout = Checks.notNull(settings.storeTimeout(), "storeTimeout");
        this.errorRedactor = Checks.notNull(settings.errorRedactor(), "errorRedactor");
        this.synchronousStart = settings.synchronousStart();
        this.redeliverable = store.acceptsRedelivery();
        this.declared = new DeclaredDatasets(settings.catalog(), settings.undeclaredDatasetPolicy());
        this.storeErrorLog = new RateLimitedLog(clock, StoreFailurePolicy.LOG_INTERVAL);
        this.untrackedLog = new RateLimitedLog(clock, StoreFailurePolicy.LOG_INTERVAL);
        this.listener = new SafeListener(Checks.notNull(settings.listener(), "listener"),
                new RateLimitedLog(clock, StoreFailurePolicy.LOG_INTERVAL), errorRedactor);
        if (!store.mayBlock()) {
            this.ownExecutor = null;
            this.storeExecutor = null;
        } else if (settings.storeExecutor() != null) {
            this.ownExecutor = null;
            this.storeExecutor = settings.storeExecutor();
        } else {
            this.ownExecutor = newStoreExecutor();
            this.storeExecutor = ownExecutor;
        }
        // Last: a spool left by a previous run is written from here on, through this instance's write().
        this.redelivery = new Redelivery(new Redelivery.Settings(settings.redeliveryCapacity(),
                settings.redeliveryInitialBackoff(), settings.redeliveryMaxBackoff(),
                settings.redeliveryCloseTimeout(), settings.redeliveryScheduler(), settings.redeliverySpool()),
                clock, this::writeAll);
    }

    /** Where the redelivery of events that could not be written stands. */
    public RedeliveryStatus redeliveryStatus() {
        return redelivery.status();
    }

    /** True when events of {@code scope} wait to be written, so that what the store says of it may be behind. */
    public boolean hasQueuedEvents(Scope scope) {
        return redelivery.hasQueued(scope);
    }

    /** A tracked job for {@code dataset} in {@code scope}; a null scope makes it run untracked, with a warning. */
    public TrackedJob track(Scope scope, String dataset) {
        return DefaultTrackedJob.of(this, scope, declared.check(dataset), scope == null);
    }

    /** A tracked job for {@code dataset} in a scope that may be unknown: an empty one runs it untracked, quietly. */
    public TrackedJob trackIfKnown(Scope scope, String dataset) {
        return DefaultTrackedJob.of(this, scope, declared.check(dataset), false);
    }

    /** A job runner for several steps under one run id. */
    public JobRunner job(String jobName) {
        return new DefaultJobRunner(this, JobNames.check(jobName), null);
    }

    /** The key of {@code dataset}, checked against the catalog under the undeclared-dataset policy. */
    public DatasetKey declaredDataset(String dataset) {
        return declared.check(dataset);
    }

    /**
     * Records {@code event} now on the caller's thread, for the explicit recording methods: store failures
     * come out as a {@link StoreException}.
     */
    public void recordNow(RunEvent event) {
        try {
            write(event);
        } catch (StoreException failure) {
            throw failure;
        } catch (RuntimeException failure) {
            throw new StoreException("could not record " + describe(event) + " in the store: " + failure, failure);
        }
    }

    /**
     * Stops the own executor, after waiting at most the store timeout for the writes in progress, then gives the
     * redelivery its close timeout to write what is queued.
     */
    @Override
    public void close() {
        closed = true;
        try {
            stopOwnExecutor();
        } finally {
            redelivery.close();
        }
    }

    private void stopOwnExecutor() {
        if (ownExecutor == null) {
            return;
        }
        ownExecutor.shutdown();
        boolean interrupted = false;
        try {
            if (!ownExecutor.awaitTermination(storeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                int abandoned = ownExecutor.shutdownNow().size();
                LOG.warn("Closed with store calls still running after the store timeout of {}; {} waiting call(s)"
                        + " were not made", storeTimeout, abandoned);
            }
        } catch (InterruptedException e) {
            ownExecutor.shutdownNow();
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The key under which a failure to report a whole job run is logged, rate limited. */
    private static final DatasetKey JOB_RUN = DatasetKey.of("job-run");

    Instant now() {
        return clock.instant();
    }

    /** The clock's instant, or null when the clock throws: a broken clock must never fail a job. */
    Instant nowIfReadable() {
        try {
            return clock.instant();
        } catch (Throwable broken) {
            return null;
        }
    }

    /**
     * A new run id for a run that starts at {@code startedAt}: a UUIDv7 of that instant, or of the system's time
     * when the start is unknown (the clock threw).
     */
    RunId newRunId(Instant startedAt) {
        return startedAt != null ? RunId.timeOrdered(startedAt) : RunId.random();
    }

    boolean synchronousStart() {
        return synchronousStart;
    }

    /** A fresh allowance of store waiting for one run: the store timeout, shared by all its writes. */
    WaitBudget newBudget() {
        // A store that never blocks is called on the job's thread and never waited for: no allowance to keep.
        return storeExecutor == null ? WaitBudget.NEVER_WAITS : new WaitBudget(storeTimeout.toNanos());
    }

    /**
     * Tells the listener, then hands {@code event} to the store: directly when the store never blocks (the call
     * has then finished on return), otherwise on the store executor. Never throws.
     */
    PendingWrite submit(RunEvent event) {
        listener.heard(event);
        return hand(event);
    }

    /**
     * {@link #submit}, joining {@code event} to the store call of {@code earlier} (a run's start) while that call
     * has not finished writing it: the one call then writes both, one after the other, and the store executor's
     * thread is woken once for the run rather than twice. A job shorter than the write of its start thus costs one
     * hand-off. When the start is written already, or {@code earlier} is not a call of its own (null, written on
     * this thread, part of a batch), the event gets a call of its own. Never throws.
     */
    PendingWrite submitAfter(PendingWrite earlier, RunEvent event) {
        listener.heard(event);
        if (earlier != null && earlier.call != null && !(closed && ownExecutor != null)) {
            PendingWrite joined = PendingWrite.running(event);
            joined.task = earlier.task;
            if (earlier.call.join(joined)) {
                return joined;
            }
        }
        return hand(event);
    }

    private PendingWrite hand(RunEvent event) {
        if (storeExecutor == null) {
            try {
                write(event);
                redelivery.storeAnswered();
                return PendingWrite.WRITTEN;
            } catch (Throwable storeError) {
                return keptFor(PendingWrite.finished(event, storeError));
            }
        }
        if (closed && ownExecutor != null) {
            return PendingWrite.finished(event, new RejectedExecutionException(
                    "this DatasetFreshness instance is closed: nothing more is written"));
        }
        PendingWrite pending = PendingWrite.running(event);
        StoreCall call = new StoreCall(pending);
        FutureTask<Void> task = new FutureTask<>(call);
        pending.task = task;
        pending.call = call;
        try {
            storeExecutor.execute(task);
        } catch (RejectedExecutionException rejected) {
            return keptFor(PendingWrite.finished(event, new RejectedExecutionException(ownExecutor == null
                    ? "the store executor rejected the call" : "the store is too slow: " + STORE_QUEUE_CAPACITY
                    + " store calls are already waiting", rejected)));
        }
        return pending;
    }

    /**
     * One store call on the executor: one event, then the one that {@linkplain #join joined} it before that first
     * write was over, if any. Each is written alone, as it would be by a call of its own (two single writes cost
     * fewer round trips than a batch of two in a transaction), so each write has its own error and is kept for
     * redelivery on its own; the call itself never throws.
     */
    private final class StoreCall implements Callable<Void> {
        private final PendingWrite first;
        /** The joined write; {@link #CLOSED} once the first write is over or the call was cancelled. */
        @SuppressWarnings("unused") // through JOINED
        private volatile Object second;

        StoreCall(PendingWrite first) {
            this.first = first;
        }

        /**
         * Adds {@code write} to the call; false when its first write is over, the call was cancelled, or another
         * write joined it.
         */
        boolean join(PendingWrite write) {
            return JOINED.compareAndSet(this, null, write);
        }

        /**
         * Lets no more writes join: the call was cancelled (its wait timed out), perhaps before it began, and would
         * then never write what joined it.
         */
        void refuseJoins() {
            JOINED.compareAndSet(this, null, CLOSED);
        }

        @Override
        public Void call() {
            long began = System.nanoTime();
            writeAlone(first);
            // Joins are taken until the first write is over: an outcome that came meanwhile is written by this
            // thread right after it, rather than waking another thread to write the same status row beside it.
            Object joined = JOINED.getAndSet(this, CLOSED);
            if (joined instanceof PendingWrite other) {
                writeAlone(other);
            }
            awaitPoll.callTook(System.nanoTime() - began);
            return null;
        }

        private void writeAlone(PendingWrite pending) {
            try {
                write(pending.event);
            } catch (Throwable storeError) {
                pending.storeError = storeError;
                keep(pending);
                return;
            }
            redelivery.storeAnswered();
        }
    }

    private static final Object CLOSED = new Object();
    private static final VarHandle JOINED;

    static {
        try {
            JOINED = MethodHandles.lookup().findVarHandle(StoreCall.class, "second", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Tells the listener that a run ended with {@code outcome}. A start after the outcome (the clock went back)
     * is left out rather than giving a negative duration. Never throws.
     */
    void finished(String jobName, Instant startedAt, RunEvent outcome) {
        if (!listener.listening()) {
            return;
        }
        try {
            listener.finished(new FinishedRun(jobName,
                    startedAt == null || startedAt.isAfter(outcome.at()) ? null : startedAt, outcome));
        } catch (Throwable broken) {
            warnRecordingBroke(outcome.dataset(), "the end of run " + outcome.runId(), broken);
        }
    }

    /** Tells the listener that a job runner's run began its body at {@code at}. Never throws. */
    void jobRunStarted(RunId runId, String jobName, Instant at) {
        if (!listener.listening()) {
            return;
        }
        try {
            listener.jobRunStarted(new JobRun(runId, jobName, at, null, null));
        } catch (Throwable broken) {
            warnRecordingBroke(JOB_RUN, "the start of run " + runId, broken);
        }
    }

    /**
     * Tells the listener that a job runner's run that began at {@code startedAt} ended its body, with
     * {@code failure} (null when it returned). Never throws.
     */
    void jobRunFinished(RunId runId, String jobName, Instant startedAt, Throwable failure) {
        if (!listener.listening()) {
            return;
        }
        try {
            Instant now = now();
            listener.jobRunFinished(new JobRun(runId, jobName, startedAt, now.isBefore(startedAt) ? startedAt : now,
                    failure == null ? null : errorOf(failure)));
        } catch (Throwable broken) {
            warnRecordingBroke(JOB_RUN, "the end of run " + runId, broken);
        }
    }

    /** Tells the listener that a guard left a run of {@code dataset} untracked. Never throws. */
    void untracked(DatasetKey dataset, String jobName, UntrackedRun.Reason reason) {
        if (!listener.listening()) {
            return;
        }
        try {
            listener.untracked(new UntrackedRun(dataset, jobName, reason));
        } catch (Throwable broken) {
            warnRecordingBroke(dataset, "an untracked run", broken);
        }
    }

    /**
     * Waits for {@code writes}, at most what is left of {@code budget}, handles each store error once (listener,
     * then the log under {@link StoreFailurePolicy#LOG_AND_CONTINUE}) and returns them. A store call still
     * running when the budget runs out is cancelled with an interrupt. The thread's interrupt flag is not
     * consumed: an interrupted thread still waits up to the deadline, and finds its flag set afterwards.
     */
    List<StoreFailure> await(Collection<PendingWrite> writes, WaitBudget budget) {
        if (writes.isEmpty()) {
            // Every write already went through (a store that never blocks): no clock to read, nothing to spend.
            return List.of();
        }
        long started = System.nanoTime();
        long deadline = started + budget.remainingNanos();
        boolean interrupted = false;
        // Made at the first failure: a run whose writes all went through allocates no list.
        List<StoreFailure> failures = null;
        try {
            for (PendingWrite write : writes) {
                if (write == PendingWrite.WRITTEN) {
                    continue;
                }
                // Cleared while waiting so that a wait is not cut short; restored below.
                interrupted |= Thread.interrupted();
                interrupted |= write.awaitUntil(deadline, storeTimeout, awaitPoll.pollNanos());
                Throwable error = write.takeError();
                if (error != null) {
                    // A write that timed out or was never run is kept too: writing it twice is harmless.
                    keep(write);
                    if (failures == null) {
                        failures = new ArrayList<>();
                    }
                    failures.add(new StoreFailure(write.event, error));
                    listener.storeError(write.event, error);
                    if (policy == StoreFailurePolicy.LOG_AND_CONTINUE) {
                        safely(() -> storeErrorLog.warn(write.event.dataset(), error, (suppressed, cause) -> LOG.warn(
                                "Could not record {}; the job's outcome is unchanged.{}{}", describe(write.event),
                                write.kept ? " It is kept for redelivery when the store answers again." : "",
                                suppressedNote(suppressed), LoggedErrors.forLog(cause, errorRedactor))));
                    }
                }
            }
        } finally {
            budget.spend(System.nanoTime() - started);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return failures == null ? List.of() : failures;
    }

    /**
     * Waits for {@code write} to finish, within {@code budget}, without handling its error: that is done once,
     * when the run's outcome is awaited together with it.
     */
    void waitFor(PendingWrite write, WaitBudget budget) {
        long started = System.nanoTime();
        boolean interrupted = Thread.interrupted();
        try {
            interrupted |= write.awaitUntil(started + budget.remainingNanos(), storeTimeout, awaitPoll.pollNanos());
        } finally {
            budget.spend(System.nanoTime() - started);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Applies the strict policy to a job that succeeded: the store errors as one exception to throw, or null
     * when there is nothing to surface.
     */
    RecordingFailedException strictFailure(List<StoreFailure> failures) {
        if (policy != StoreFailurePolicy.STRICT || failures.isEmpty()) {
            return null;
        }
        RecordingFailedException surfaced = failures.get(0).asException();
        for (int i = 1; i < failures.size(); i++) {
            surfaced.addSuppressed(failures.get(i).asException());
        }
        return surfaced;
    }

    /** Applies the strict policy to a job that failed: the store errors join the job's own exception. */
    void attachStrictFailures(Throwable jobFailure, List<StoreFailure> failures) {
        RecordingFailedException surfaced = strictFailure(failures);
        if (surfaced != null) {
            try {
                jobFailure.addSuppressed(surfaced);
            } catch (Throwable refused) {
                // A job's exception may refuse suppressed exceptions (one built with suppression disabled does
                // nothing; an odd subclass might throw): the job's own exception still comes out unchanged.
            }
        }
    }

    /**
     * Records a success for several (scope, dataset) pairs of a run at once, waiting for all of them within the
     * run's budget: several outcomes go to the store in one {@link FreshnessStore#applyAll} call.
     */
    List<StoreFailure> succeedAll(Map<RunRecorder, Long> recordsAffected, WaitBudget budget) {
        if (recordsAffected.size() == 1) {
            Map.Entry<RunRecorder, Long> only = recordsAffected.entrySet().iterator().next();
            return await(only.getKey().succeed(only.getValue()), budget);
        }
        List<RunRecorder> recorders = new ArrayList<>(recordsAffected.size());
        List<RunEvent> outcomes = new ArrayList<>(recordsAffected.size());
        recordsAffected.forEach((recorder, records) -> {
            recorders.add(recorder);
            outcomes.add(recorder.success(records));
        });
        return await(writeOutcomes(recorders, outcomes), budget);
    }

    /**
     * Records a failure for several (scope, dataset) pairs of a run at once, waiting for all of them within the
     * run's budget: several outcomes go to the store in one {@link FreshnessStore#applyAll} call.
     */
    List<StoreFailure> failAll(Collection<RunRecorder> recorders, JobError error, WaitBudget budget) {
        if (recorders.size() == 1) {
            return await(recorders.iterator().next().fail(error), budget);
        }
        List<RunRecorder> ordered = new ArrayList<>(recorders);
        List<RunEvent> outcomes = new ArrayList<>(ordered.size());
        ordered.forEach(recorder -> outcomes.add(recorder.failure(error)));
        return await(writeOutcomes(ordered, outcomes), budget);
    }

    /**
     * Hands the outcomes that could be made (null where a recorder's clock threw) to the store in one call,
     * and returns the writes of every recorder: its start and its outcome.
     */
    private List<PendingWrite> writeOutcomes(List<RunRecorder> recorders, List<RunEvent> outcomes) {
        List<RunEvent> made = new ArrayList<>(outcomes.size());
        for (RunEvent outcome : outcomes) {
            if (outcome != null) {
                made.add(outcome);
            }
        }
        List<PendingWrite> outcomeWrites = submitAll(made);
        List<PendingWrite> writes = new ArrayList<>(2 * recorders.size());
        int next = 0;
        for (int i = 0; i < recorders.size(); i++) {
            RunEvent outcome = outcomes.get(i);
            writes.addAll(recorders.get(i).outcomeSubmitted(outcome, outcome == null ? null : outcomeWrites.get(next++)));
        }
        return writes;
    }

    /**
     * Tells the listener of each event, then hands them all to the store in one {@link FreshnessStore#applyAll}
     * call, directly or on the store executor like {@link #submit}: one write per event, all settled by that one
     * call. When it fails, every event is kept for redelivery, since the store may have written any part of
     * them. Never throws.
     */
    List<PendingWrite> submitAll(List<RunEvent> events) {
        if (events.size() <= 1) {
            return events.isEmpty() ? List.of() : List.of(submit(events.get(0)));
        }
        return submitAll(events, null);
    }

    /**
     * {@link #submitAll(List)}, then runs {@code afterwards} (when not null) once the store call is over,
     * whether it succeeded, failed, was cancelled or never made: on the store's thread, or on this one for a store
     * that never blocks. Never throws.
     */
    List<PendingWrite> submitAll(List<RunEvent> events, Runnable afterwards) {
        Runnable then = afterwards == null ? () -> { } : () -> safely(afterwards);
        if (events.isEmpty()) {
            then.run();
            return List.of();
        }
        events.forEach(listener::heard);
        List<PendingWrite> pending = new ArrayList<>(events.size());
        if (storeExecutor == null) {
            Throwable storeError = null;
            try {
                writeAll(events);
                redelivery.storeAnswered();
            } catch (Throwable failure) {
                storeError = failure;
            }
            for (RunEvent event : events) {
                PendingWrite write = PendingWrite.finished(event, storeError);
                pending.add(storeError == null ? write : keptFor(write));
            }
            then.run();
            return pending;
        }
        if (closed && ownExecutor != null) {
            RejectedExecutionException rejected = new RejectedExecutionException(
                    "this DatasetFreshness instance is closed: nothing more is written");
            events.forEach(event -> pending.add(PendingWrite.finished(event, rejected)));
            then.run();
            return pending;
        }
        events.forEach(event -> pending.add(PendingWrite.running(event)));
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                writeAll(events);
            } catch (Throwable storeError) {
                pending.forEach(this::keep);
                throw storeError;
            }
            redelivery.storeAnswered();
            return null;
        }) {
            @Override
            protected void done() {
                then.run();
            }
        };
        pending.forEach(write -> write.task = task);
        try {
            storeExecutor.execute(task);
        } catch (RejectedExecutionException rejected) {
            RejectedExecutionException error = new RejectedExecutionException(ownExecutor == null
                    ? "the store executor rejected the call" : "the store is too slow: " + STORE_QUEUE_CAPACITY
                    + " store calls are already waiting", rejected);
            List<PendingWrite> failed = new ArrayList<>(events.size());
            events.forEach(event -> failed.add(keptFor(PendingWrite.finished(event, error))));
            then.run();
            return failed;
        }
        return pending;
    }

    /**
     * Describes a job's exception for its failure event, redacted, even one whose {@code getMessage()} (or the
     * redactor) throws.
     */
    JobError errorOf(Throwable failure) {
        try {
            return JobError.of(failure, errorRedactor);
        } catch (Throwable describing) {
            return JobError.of(failure.getClass().getName(), "", null);
        }
    }

    RunRecorder recorder(Scope scope, DatasetKey dataset, dev.freshness.core.RunId runId, String jobName,
                         WaitBudget budget) {
        return new RunRecorder(this, scope, dataset, runId, jobName, budget);
    }

    void warn(DatasetKey dataset, String message, Throwable error) {
        safely(() -> storeErrorLog.warn(dataset, error, (suppressed, cause) ->
                LOG.warn("{}{}", message, suppressedNote(suppressed), LoggedErrors.forLog(cause, errorRedactor))));
    }

    /** Says, at most once a minute per dataset, that a job ran untracked because its scope was null. */
    void warnNullScope(DatasetKey dataset) {
        safely(() -> untrackedLog.warn(dataset, null, (suppressed, cause) -> LOG.warn("A job of {} ran untracked:"
                + " its scope is null. If no scope is known on purpose, pass Optional.empty() or use onlyIf(false) to"
                + " skip tracking quietly.{}", dataset, suppressedNote(suppressed))));
    }

    /**
     * Says that recording failed in the library itself (a clock, redactor or exception of the application's that
     * threw while the library used it): the job goes on as if nothing were recorded.
     */
    void warnRecordingBroke(DatasetKey dataset, String what, Throwable error) {
        safely(() -> storeErrorLog.warn(dataset, error, (suppressed, cause) -> LOG.warn("Could not record {} of {}: {}"
                + " threw while it was being recorded; the job's outcome is unchanged.{}", what, dataset,
                cause.getClass().getName(), suppressedNote(suppressed), LoggedErrors.forLog(cause, errorRedactor))));
    }

    /**
     * Runs {@code logging}, which must never change a job's outcome: whatever it throws (a broken appender, a
     * stack overflow in foreign code) is dropped.
     */
    static void safely(Runnable logging) {
        try {
            logging.run();
        } catch (Throwable dropped) {
            // Nothing more can be said without risking the job: the logging itself failed.
        }
    }

    /**
     * Writes one event, after making the statuses of the datasets that pages need together with it exist, so
     * that cross-scope checks see a scope that lacks one. A store that never blocks is asked every time (it
     * costs a map lookup, and a test may clear the store under a live instance); one that may block is asked once
     * per (scope, dataset) per instance, since each ask is a round trip.
     */
    private void write(RunEvent event) {
        RuntimeException companionsFailure = null;
        try {
            createCompanions(event);
        } catch (RuntimeException failure) {
            companionsFailure = failure;
        }
        // The event matters more than its companions: it is written even when they could not be.
        store.apply(event);
        if (companionsFailure != null) {
            throw companionsFailure;
        }
    }

    /** Makes the statuses of the datasets that pages need together with {@code event}'s exist; see {@link #write}. */
    private void createCompanions(RunEvent event) {
        Set<DatasetKey> companions = declared.companionsOf(event.dataset());
        if (companions.isEmpty()) {
            return;
        }
        Pair pair = storeExecutor == null ? null : new Pair(event.scope(), event.dataset());
        if (pair == null || !companionsCreated.contains(pair)) {
            store.createStatusesIfAbsent(event.scope(), companions);
            if (pair != null) {
                if (companionsCreated.size() >= COMPANIONS_REMEMBERED) {
                    companionsCreated.clear();
                }
                companionsCreated.add(pair);
            }
        }
    }

    /** {@link #write} for several events: their companions first, then the events in one store call. */
    private void writeAll(List<RunEvent> events) {
        if (events.size() == 1) {
            write(events.get(0));
            return;
        }
        RuntimeException companionsFailure = null;
        for (RunEvent event : events) {
            try {
                createCompanions(event);
            } catch (RuntimeException failure) {
                companionsFailure = companionsFailure == null ? failure : companionsFailure;
            }
        }
        store.applyAll(events);
        if (companionsFailure != null) {
            throw companionsFailure;
        }
    }

    static String describe(RunEvent event) {
        String kind = event instanceof RunEvent.Started ? "the start"
                : event instanceof RunEvent.Succeeded ? "the success" : "the failure";
        return kind + " of run " + event.runId() + " for " + event.scope() + "/" + event.dataset();
    }

    /** Hands a failed write's event to the redelivery, once however many times its failure is seen. */
    private void keep(PendingWrite write) {
        if (write.handedToRedelivery.compareAndSet(false, true) && redeliverable) {
            write.kept = redelivery.keep(write.event);
        }
    }

    private PendingWrite keptFor(PendingWrite write) {
        keep(write);
        return write;
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
                new HandOffQueue(STORE_QUEUE_CAPACITY, HandOffQueue.DEFAULT_POLL_NANOS), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private record Pair(Scope scope, DatasetKey dataset) {
    }

    /** A store error for one event. */
    record StoreFailure(RunEvent event, Throwable error) {
        RecordingFailedException asException() {
            return new RecordingFailedException(event, error);
        }
    }

    /**
     * How long one run may still wait for the store, in all: each wait spends from it, so a run of many steps
     * over a hanging store is held at most the store timeout, not the timeout per step.
     */
    static final class WaitBudget {
        /**
         * The budget of every run on a store that never blocks: its writes are done when they return, so nothing
         * is ever waited for; shared, it spends nothing (threads would otherwise contend on it).
         */
        static final WaitBudget NEVER_WAITS = new WaitBudget(0);

        private long remainingNanos;

        WaitBudget(long nanos) {
            this.remainingNanos = nanos;
        }

        long remainingNanos() {
            return this == NEVER_WAITS ? 0 : remaining();
        }

        void spend(long nanos) {
            if (this != NEVER_WAITS) {
                spendOwn(nanos);
            }
        }

        private synchronized long remaining() {
            return remainingNanos;
        }

        private synchronized void spendOwn(long nanos) {
            remainingNanos = Math.max(0, remainingNanos - Math.max(0, nanos));
        }
    }

    /** One event on its way to the store. */
    static final class PendingWrite {
        /**
         * Every write that a store that never blocks finished without an error: there is nothing to wait for,
         * report or redeliver, so one shared instance stands for all of them.
         */
        static final PendingWrite WRITTEN = new PendingWrite(null, null);

        private final RunEvent event;
        private volatile FutureTask<Void> task;
        /** The store call of a write handed over alone, which a later event of its run may join; else null. */
        private volatile StoreCall call;
        /** What {@link #call} failed with, written before its task completes and read after; null when written. */
        private Throwable storeError;
        private Throwable error;
        private boolean settled;
        private boolean reported;
        private final AtomicBoolean handedToRedelivery = new AtomicBoolean();
        private volatile boolean kept;

        private PendingWrite(RunEvent event, Throwable error) {
            this.event = event;
            this.error = error;
        }

        static PendingWrite finished(RunEvent event, Throwable error) {
            return new PendingWrite(event, error);
        }

        /** A write about to run on the store executor; its task is set before it is handed over. */
        static PendingWrite running(RunEvent event) {
            return new PendingWrite(event, null);
        }

        /** Waits until the write is done or the deadline passed; true when an interrupt arrived meanwhile. */
        boolean awaitUntil(long deadline, Duration timeout, long pollNanos) {
            // Not synchronized on the shared WRITTEN: threads would contend on a write with nothing to wait for.
            return this != WRITTEN && awaitTask(deadline, timeout, pollNanos);
        }

        private synchronized boolean awaitTask(long deadline, Duration timeout, long pollNanos) {
            if (task == null || settled) {
                return false;
            }
            awaitBriefly(task, deadline, pollNanos);
            boolean interrupted = false;
            while (true) {
                try {
                    task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    // A store call of its own reports its error here (it never throws); a batch's throws it.
                    error = storeError;
                    settled = true;
                    return interrupted;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    error = e.getCause();
                    settled = true;
                    return interrupted;
                } catch (TimeoutException | java.util.concurrent.CancellationException e) {
                    // Cancelled: by this wait, or by the wait of another write of the same store call (a batch).
                    task.cancel(true);
                    if (call != null) {
                        call.refuseJoins();
                    }
                    error = new TimeoutException("the store did not answer within " + timeout
                            + " (the store timeout of a run); the call was cancelled");
                    settled = true;
                    return interrupted;
                } catch (RuntimeException e) {
                    error = e;
                    settled = true;
                    return interrupted;
                }
            }
        }

        /**
         * Polls the task for {@code pollNanos} at most before {@code get} parks the thread: a short store call is
         * then seen done without the wake-up a parked thread waits for (see {@link AwaitPoll}).
         */
        private static void awaitBriefly(FutureTask<Void> task, long deadline, long pollNanos) {
            if (pollNanos == 0) {
                return;
            }
            long until = Math.min(deadline, System.nanoTime() + pollNanos);
            while (!task.isDone() && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        }

        /** The write's error, once: a write waited for again reports nothing new. */
        Throwable takeError() {
            return this == WRITTEN ? null : takeOwnError();
        }

        private synchronized Throwable takeOwnError() {
            if (reported) {
                return null;
            }
            reported = true;
            return error;
        }
    }
}
