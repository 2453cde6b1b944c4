package dev.freshness.acceptance.wrapper;

import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.wrapper.FaultyStore.Fault;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.ThrowingSupplier;
import dev.freshness.track.TrackedJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stores that throw, fail one call in three, or hang, behind randomized jobs and forms: over 10,000 runs the
 * wrapped job returns the very value and throws the very exception the unwrapped job does, keeps the interrupt
 * flag as the job left it, and a hanging store holds no job longer than the store timeout plus a margin.
 */
class FaultInjectionTest {

    private static final int RUNS = 10_000;
    /** Every this many runs goes to a hanging store, so hangs are a fixed share of the runs. */
    private static final int HANG_EVERY = 50;
    private static final Duration BOUND = Duration.ofMillis(50);
    /**
     * Room for thread scheduling on a busy machine: a correctness bound, not a speed benchmark. A job the wrapper
     * failed to let go would be held until the test releases the deaf store at its end, far longer than this.
     */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Scope ACME = Scope.tenant("acme");

    private final List<DatasetFreshness> instances = new ArrayList<>();
    private final List<FaultyStore> stores = new ArrayList<>();
    private CapturedLog log;

    @BeforeEach
    void captureStoreWarnings() {
        // The default policy logs the store errors it lets through (once a minute per dataset): expected here.
        log = CapturedLog.atConfiguredLevel(CapturedLog.TRACKING);
    }

    @AfterEach
    void closeInstancesAndReleaseTheLog() {
        try {
            stores.forEach(FaultyStore::release);
            instances.forEach(DatasetFreshness::close);
        } finally {
            log.close();
        }
    }

    /** A job's outcome: what it returned or threw, and whether it left its thread interrupted. */
    record Outcome(Object value, Throwable thrown, boolean interrupted) {
    }

    enum Form {
        CALL, CALL_WITH_CONTEXT, DECORATE, DECORATE_CALLABLE, DECORATE_SUPPLIER, CALL_ASYNC,
        DECORATE_COMPLETION_STAGE, RUN_HANDLE, STEP_OF_A_RUN, TOUCHING_RUN
    }

    @Test
    void wrappedJobsKeepTheirOutcomeWhateverTheStoreDoes() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T06:00:00Z"));
        List<FaultyStore> failing = List.of(new FaultyStore(Fault.THROWS, false), new FaultyStore(Fault.THROWS, true),
                new FaultyStore(Fault.FAILS_ONE_IN_THREE, false), new FaultyStore(Fault.FAILS_ONE_IN_THREE, true));
        List<FaultyStore> hanging = List.of(new FaultyStore(Fault.HANGS, true),
                new FaultyStore(Fault.HANGS_IGNORING_INTERRUPTS, true));
        List<DatasetFreshness> failingInstances = failing.stream().map(store -> instance(store, clock)).toList();
        List<DatasetFreshness> hangingInstances = hanging.stream().map(store -> instance(store, clock)).toList();

        List<String> mismatches = new ArrayList<>();
        List<Long> hangingRunNanos = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            boolean hangs = run % HANG_EVERY == 0;
            List<DatasetFreshness> pool = hangs ? hangingInstances : failingInstances;
            int storeIndex = random.nextInt(pool.size());
            DatasetFreshness freshness = pool.get(storeIndex);
            Form form = Form.values()[random.nextInt(Form.values().length)];
            ThrowingSupplier<Object, Exception> job = randomJob(random);
            clock.advance(Duration.ofSeconds(1));

            Outcome unwrapped = outcomeOf(job);
            long start = System.nanoTime();
            Outcome wrapped = outcomeOf(() -> runWrapped(freshness, form, job));
            long elapsed = System.nanoTime() - start;

            String where = "run " + run + " (seed " + seed + ", " + (hangs ? hanging : failing).get(storeIndex).fault()
                    + ", " + form + ")";
            if (wrapped.value() != unwrapped.value()) {
                mismatches.add(where + ": returned " + wrapped.value() + " instead of " + unwrapped.value());
            }
            if (wrapped.thrown() != unwrapped.thrown()) {
                mismatches.add(where + ": threw " + wrapped.thrown() + " instead of " + unwrapped.thrown());
            }
            if (wrapped.interrupted() != unwrapped.interrupted()) {
                mismatches.add(where + ": interrupted " + wrapped.interrupted() + " instead of " + unwrapped.interrupted());
            }
            if (wrapped.thrown() != null && wrapped.thrown().getSuppressed().length > 0) {
                mismatches.add(where + ": something was added to the job's exception");
            }
            if (hangs) {
                hangingRunNanos.add(elapsed);
                if (elapsed > BOUND.plus(MARGIN).toNanos()) {
                    break;
                }
            }
        }

        long longest = hangingRunNanos.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(Duration.ofNanos(longest)).as("the longest a hanging store held a job (seed %d)", seed)
                .isLessThanOrEqualTo(BOUND.plus(MARGIN));
        assertThat(mismatches).as("seed %d", seed).isEmpty();
        assertThat(hangingRunNanos).hasSize(RUNS / HANG_EVERY);
        // A store that always fails fills the redelivery queue, which then drops its oldest events, and says so.
        assertThat(log.warnings()).as("the store errors let through are logged").isNotEmpty()
                .allSatisfy(warning -> assertThat(warning).matches("(Could not record |The redelivery queue is full ).*"))
                .anySatisfy(warning -> assertThat(warning).startsWith("Could not record "));
    }

    private DatasetFreshness instance(FaultyStore store, SettableClock clock) {
        DatasetFreshness freshness = DatasetFreshness.using(store, catalog()).withClock(clock).withStoreTimeout(BOUND).build();
        stores.add(store);
        instances.add(freshness);
        return freshness;
    }

    /** Declares every dataset the jobs of this test refresh: one per form, the step and the touched dataset. */
    private static Catalog catalog() {
        Catalog.Builder catalog = Catalog.builder();
        for (Form form : Form.values()) {
            catalog.dataset(dataset(form), "Fault " + form);
        }
        return catalog.dataset("fault_step", "Fault step").dataset("fault_touched", "Fault touched").build();
    }

    private static String dataset(Form form) {
        return "fault_" + form.name().toLowerCase();
    }

    /** A job that returns a fresh object or null, or throws a fresh checked or runtime exception or error, or is interrupted. */
    private static ThrowingSupplier<Object, Exception> randomJob(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> {
                Object value = new Object();
                yield () -> value;
            }
            case 1 -> () -> null;
            case 2 -> {
                IOException checked = new IOException("disk full");
                yield () -> {
                    throw checked;
                };
            }
            case 3 -> {
                IllegalStateException runtime = new IllegalStateException("bad state");
                yield () -> {
                    throw runtime;
                };
            }
            case 4 -> {
                Error error = new Error("simulated error");
                yield () -> {
                    throw error;
                };
            }
            default -> {
                InterruptedException interrupted = new InterruptedException("stop");
                yield () -> {
                    Thread.currentThread().interrupt();
                    throw interrupted;
                };
            }
        };
    }

    private static Outcome outcomeOf(ThrowingSupplier<Object, Exception> call) {
        Object value = null;
        Throwable thrown = null;
        try {
            value = call.get();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(value, thrown, Thread.interrupted());
    }

    private static Object runWrapped(DatasetFreshness freshness, Form form, ThrowingSupplier<Object, Exception> job)
            throws Exception {
        TrackedJob tracked = freshness.track(ACME, dataset(form));
        return switch (form) {
            case CALL -> tracked.call(job);
            case CALL_WITH_CONTEXT -> tracked.call(context -> {
                context.recordsAffected(1);
                return job.get();
            });
            case DECORATE -> tracked.decorate(job).get();
            case DECORATE_CALLABLE -> tracked.decorateCallable(job::get).call();
            case DECORATE_SUPPLIER -> tracked.decorateSupplier(() -> sneakyGet(job)).get();
            case CALL_ASYNC -> stageOutcome(tracked.callAsync(() -> asStage(job)));
            case DECORATE_COMPLETION_STAGE -> stageOutcome(tracked.decorateCompletionStage(() -> asStage(job)).get());
            case RUN_HANDLE -> {
                try (var handle = tracked.start()) {
                    Object value;
                    try {
                        value = job.get();
                    } catch (Exception | Error e) {
                        handle.failed(e);
                        throw e;
                    }
                    handle.succeeded(1);
                    yield value;
                }
            }
            case STEP_OF_A_RUN -> freshness.job("fault_run").call(run -> run.track(ACME, "fault_step").call(job));
            case TOUCHING_RUN -> freshness.job("fault_run").call(run -> {
                run.touched(ACME, "fault_touched", 1);
                run.touched(Scope.global(), "fault_touched", 1);
                return job.get();
            });
        };
    }

    /** The job as an asynchronous one: its outcome delivered by a completed stage. */
    private static CompletionStage<Object> asStage(ThrowingSupplier<Object, Exception> job) {
        try {
            return CompletableFuture.completedFuture(job.get());
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /** The stage's own value, or its own exception thrown as itself. */
    private static Object stageOutcome(CompletableFuture<Object> stage) throws Exception {
        Object[] value = new Object[1];
        Throwable[] error = new Throwable[1];
        stage.handle((v, e) -> {
            value[0] = v;
            error[0] = e;
            return null;
        }).get(10, TimeUnit.SECONDS);
        if (error[0] != null) {
            throw FaultInjectionTest.<Exception>sneaky(error[0]);
        }
        return value[0];
    }

    private static Object sneakyGet(ThrowingSupplier<Object, Exception> job) {
        try {
            return job.get();
        } catch (Exception e) {
            throw FaultInjectionTest.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable throwable) throws X {
        throw (X) throwable;
    }
}
