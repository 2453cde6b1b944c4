package dev.freshness.track;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared test helper: the same job outcome run through every form the wrapper offers, so a test can
 * assert that every form returns the job's own value or exception and records the same events.
 */
final class JobForms {

    /** The records a job that returns normally affects; forms that can report a count report this one. */
    static final long RECORDS = 3;
    /** What a job that returns normally returns: a list of {@link #RECORDS} elements. */
    static final String VALUE_PREFIX = "row-";

    private JobForms() {
    }

    /** How a job ends. Each call of {@link #produce} makes a new value or exception, to check identity. */
    enum Outcome {
        VALUE, CHECKED_EXCEPTION, RUNTIME_EXCEPTION, ERROR, INTERRUPT;

        Throwable newThrowable() {
            return switch (this) {
                case VALUE -> null;
                case CHECKED_EXCEPTION -> new IOException("disk full");
                case RUNTIME_EXCEPTION -> new IllegalStateException("bad state");
                case ERROR -> new Error("simulated error");
                case INTERRUPT -> new InterruptedException("interrupted while syncing");
            };
        }
    }

    /** One run of a job: what it produced, and what the wrapped call gave back. */
    static final class Job {
        final Outcome outcome;
        Object producedValue;
        Throwable producedThrowable;

        Job(Outcome outcome) {
            this.outcome = outcome;
        }

        /** Ends the job as its outcome says; an interrupted job sets the flag before it throws. */
        List<String> produce() throws Exception {
            Throwable throwable = outcome.newThrowable();
            if (throwable == null) {
                List<String> value = List.of(VALUE_PREFIX + 1, VALUE_PREFIX + 2, VALUE_PREFIX + 3);
                producedValue = value;
                return value;
            }
            producedThrowable = throwable;
            if (outcome == Outcome.INTERRUPT) {
                Thread.currentThread().interrupt();
            }
            throw JobForms.<Exception>sneaky(throwable);
        }

        /** The same outcome delivered by a stage: completed, or failed with the job's exception. */
        CompletionStage<List<String>> produceStage() {
            try {
                return CompletableFuture.completedFuture(produce());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        /** Sneaks a checked exception through a form whose type cannot declare it, as Lombok users do. */
        List<String> produceUnchecked() {
            try {
                return produce();
            } catch (Exception e) {
                throw JobForms.<RuntimeException>sneaky(e);
            }
        }
    }

    /** Every way to run a job with the wrapper. */
    enum Form {
        CALL(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                return tracked.recordsFrom(List<?>::size).call(job::produce);
            }
        },
        CALL_WITH_CONTEXT(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                return tracked.call(context -> {
                    List<String> value = job.produce();
                    context.recordsAffected(value.size());
                    return value;
                });
            }
        },
        RUN(false, false) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                tracked.run(() -> {
                    job.produce();
                });
                return null;
            }
        },
        RUN_WITH_CONTEXT(true, false) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                tracked.run(context -> context.addRecordsAffected(job.produce().size()));
                return null;
            }
        },
        DECORATE(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                ThrowingSupplier<List<String>, Exception> decorated = tracked.recordsFrom(List<?>::size).decorate(job::produce);
                return decorated.get();
            }
        },
        DECORATE_CALLABLE(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                return tracked.recordsFrom(List<?>::size).decorateCallable(job::produce).call();
            }
        },
        DECORATE_SUPPLIER(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) {
                return tracked.recordsFrom(List<?>::size).decorateSupplier(job::produceUnchecked).get();
            }
        },
        DECORATE_RUNNABLE(false, false) {
            @Override
            Object invoke(TrackedJob tracked, Job job) {
                tracked.decorateRunnable(job::produceUnchecked).run();
                return null;
            }
        },
        CALL_ASYNC(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                return awaitStage(tracked.recordsFrom(List<?>::size).callAsync(job::produceStage));
            }
        },
        CALL_ASYNC_THROWING_BEFORE_STAGE(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                return awaitStage(tracked.recordsFrom(List<?>::size)
                        .callAsync(() -> CompletableFuture.completedFuture(job.produce())));
            }
        },
        DECORATE_COMPLETION_STAGE(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                return awaitStage(tracked.recordsFrom(List<?>::size).decorateCompletionStage(job::produceStage).get());
            }
        },
        RUN_HANDLE(true) {
            @Override
            Object invoke(TrackedJob tracked, Job job) throws Exception {
                try (RunHandle run = tracked.start()) {
                    List<String> value;
                    try {
                        value = job.produce();
                    } catch (Exception | Error e) {
                        run.failed(e);
                        throw e;
                    }
                    run.succeeded(value.size());
                    return value;
                }
            }
        };

        /** Whether the form can report the records affected; the others record 0. */
        final boolean reportsRecords;
        /** Whether the form returns the job's value; the others return nothing (null here). */
        final boolean returnsValue;

        Form(boolean reportsRecords) {
            this(reportsRecords, true);
        }

        Form(boolean reportsRecords, boolean returnsValue) {
            this.reportsRecords = reportsRecords;
            this.returnsValue = returnsValue;
        }

        /** Runs {@code job} through this form and returns what the wrapped call returned, or throws what it threw. */
        abstract Object invoke(TrackedJob tracked, Job job) throws Exception;
    }

    /**
     * Runs {@code job} through {@code form} and asserts that the wrapped call returned the job's own value or
     * threw its own exception, that the interrupt flag survived, and that {@code store} received exactly a
     * start and the matching outcome of one run, under {@code jobName}.
     */
    static void assertTrackedLikeUnwrapped(Form form, Job job, TrackedJob tracked, RecordingStore store,
                                           Scope scope, String dataset, String jobName) {
        Object returned = null;
        Throwable thrown = null;
        try {
            returned = form.invoke(tracked, job);
        } catch (Throwable t) {
            thrown = t;
        }
        boolean interrupted = Thread.interrupted();

        if (job.outcome == Outcome.VALUE) {
            assertThat(thrown).as("%s threw", form).isNull();
            assertThat(returned).as("%s returns the job's own value", form)
                    .isSameAs(form.returnsValue ? job.producedValue : null);
        } else {
            assertThat(thrown).as("%s throws the job's own exception", form).isSameAs(job.producedThrowable);
            assertThat(thrown.getSuppressed()).as("nothing added to the job's exception").isEmpty();
        }
        assertThat(interrupted).as("%s keeps the interrupt flag", form).isEqualTo(job.outcome == Outcome.INTERRUPT);

        assertThat(normalized(store.events()))
                .as("%s records the same events", form)
                .containsExactlyElementsOf(expectedEvents(job, form, scope, dataset, jobName));
        assertThat(store.events().stream().map(RunEvent::runId).distinct()).as("one run id").hasSize(1);
    }

    /** An event without its run id and instant, which vary between runs. */
    record Recorded(String kind, Scope scope, DatasetKey dataset, String jobName, long records, JobError error) {
    }

    static List<Recorded> normalized(List<RunEvent> events) {
        return events.stream().map(JobForms::normalized)
                .sorted(Comparator.comparing((Recorded r) -> !r.kind.equals("started"))).toList();
    }

    static Recorded normalized(RunEvent event) {
        if (event instanceof RunEvent.Started started) {
            return new Recorded("started", event.scope(), event.dataset(), started.jobName(), 0, null);
        }
        if (event instanceof RunEvent.Succeeded succeeded) {
            return new Recorded("succeeded", event.scope(), event.dataset(), null, succeeded.recordsAffected(), null);
        }
        return new Recorded("failed", event.scope(), event.dataset(), null, 0, ((RunEvent.Failed) event).error());
    }

    static List<Recorded> expectedEvents(Job job, Form form, Scope scope, String dataset, String jobName) {
        DatasetKey key = DatasetKey.of(dataset);
        Recorded started = new Recorded("started", scope, key, jobName, 0, null);
        Recorded outcome = job.outcome == Outcome.VALUE
                ? new Recorded("succeeded", scope, key, null, form.reportsRecords ? RECORDS : 0, null)
                : new Recorded("failed", scope, key, null, 0, JobError.of(Objects.requireNonNull(job.outcome.newThrowable())));
        return List.of(started, outcome);
    }

    /** What the stage completed with: its value, or its exception exactly as the stage holds it. */
    static Object awaitStage(CompletionStage<?> stage) throws Exception {
        Object[] value = new Object[1];
        Throwable[] error = new Throwable[1];
        stage.toCompletableFuture().handle((v, e) -> {
            value[0] = v;
            error[0] = e;
            return null;
        }).join();
        if (error[0] != null) {
            throw JobForms.<Exception>sneaky(error[0]);
        }
        return value[0];
    }

    /** Throws {@code throwable} as itself, whatever its type, past the compiler's checks. */
    @SuppressWarnings("unchecked")
    static <X extends Throwable> X sneaky(Throwable throwable) throws X {
        throw (X) throwable;
    }
}
