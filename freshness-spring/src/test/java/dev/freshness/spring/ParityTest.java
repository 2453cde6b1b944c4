package dev.freshness.spring;

import dev.freshness.DatasetFreshness;
import dev.freshness.track.ThrowingSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every outcome of a job, run once through an annotated bean and once through {@code freshness.track(...)}: the
 * caller sees the same value or the same exception instance, and the same events are recorded.
 */
class ParityTest {

    private static final String TENANT = "brand-7";

    /** The annotated form of what {@link #programmatic} and {@link #programmaticAsync} do. */
    static class Jobs {

        @RefreshesDataset(value = "scorecard", scope = "#tenant", records = "#result == null ? 0 : #result.size()")
        public List<String> sync(String tenant, ThrowingSupplier<List<String>, Exception> body) throws Exception {
            return body.get();
        }

        @RefreshesDataset(value = "scorecard", scope = "#tenant", records = "#result == null ? 0 : #result.size()")
        public CompletableFuture<List<String>> async(String tenant, Supplier<CompletableFuture<List<String>>> body) {
            return body.get();
        }
    }

    @Configuration
    @EnableFreshnessTracking
    static class Config {
        static final RecordedEvents EVENTS = new RecordedEvents();

        @Bean(destroyMethod = "close")
        DatasetFreshness freshness() {
            return EVENTS.freshness();
        }

        @Bean
        Jobs jobs() {
            return new Jobs();
        }
    }

    private final RecordedEvents programmaticEvents = new RecordedEvents();
    private AnnotationConfigApplicationContext context;
    private DatasetFreshness programmatic;
    private Jobs jobs;

    @BeforeEach
    void start() {
        context = new AnnotationConfigApplicationContext(Config.class);
        jobs = context.getBean(Jobs.class);
        programmatic = programmaticEvents.freshness();
        Config.EVENTS.take();
    }

    @AfterEach
    void stop() {
        context.close();
        programmatic.close();
    }

    @Test
    void everySynchronousOutcomeIsTheSameAnnotatedAndProgrammatic() throws Exception {
        IOException checked = new IOException("feed down");
        IllegalStateException runtime = new IllegalStateException("bad row");
        StackOverflowError error = new StackOverflowError("deep");
        List<String> value = List.of("a", "b", "c");

        assertSameSync(() -> value, value, null, 3);
        assertSameSync(() -> List.of(), List.of(), null, 0);
        assertSameSync(() -> null, null, null, 0);
        assertSameSync(() -> { throw checked; }, null, checked, -1);
        assertSameSync(() -> { throw runtime; }, null, runtime, -1);
        assertSameSync(() -> { throw error; }, null, error, -1);
        assertSameSync(() -> {
            Thread.currentThread().interrupt();
            return value;
        }, value, null, 3, true);
        assertSameSync(() -> {
            Thread.currentThread().interrupt();
            throw checked;
        }, null, checked, -1, true);
    }

    @Test
    void everyAsynchronousOutcomeIsTheSameAnnotatedAndProgrammatic() throws Exception {
        IOException checked = new IOException("feed down");
        IllegalStateException runtime = new IllegalStateException("bad row");
        IllegalArgumentException thrownBeforeTheStage = new IllegalArgumentException("no feed");
        CompletionException wrapped = new CompletionException(checked);
        List<String> value = List.of("a", "b");

        assertSameAsync(() -> CompletableFuture.completedFuture(value), value, null, 2);
        assertSameAsync(() -> CompletableFuture.completedFuture(null), null, null, 0);
        assertSameAsync(() -> CompletableFuture.failedFuture(checked), null, checked, -1);
        assertSameAsync(() -> CompletableFuture.failedFuture(runtime), null, runtime, -1);
        assertSameAsync(() -> CompletableFuture.failedFuture(wrapped), null, checked, -1);
        assertSameAsync(() -> CompletableFuture.supplyAsync(() -> value), value, null, 2);
        assertSameAsync(() -> { throw thrownBeforeTheStage; }, null, thrownBeforeTheStage, -1);
        assertSameAsync(() -> null, null, null, -1);
    }

    /** {@code records} is what the success records, or -1 for a failure; a null value and null thrown with -1 is a null stage. */
    private void assertSameSync(ThrowingSupplier<List<String>, Exception> body, List<String> value, Throwable thrown,
                                long records) throws Exception {
        assertSameSync(body, value, thrown, records, false);
    }

    private void assertSameSync(ThrowingSupplier<List<String>, Exception> body, List<String> value, Throwable thrown,
                                long records, boolean interrupted) throws Exception {
        Outcome annotated = Outcome.of(() -> jobs.sync(TENANT, body));
        Outcome direct = Outcome.of(() -> programmatic.track(dev.freshness.core.Scope.tenant(TENANT), "scorecard")
                .recordsFrom((List<String> result) -> result == null ? 0 : result.size()).call(body));

        assertThat(annotated).isEqualTo(direct).isEqualTo(new Outcome(value, thrown, interrupted));
        assertSameEvents(records);
    }

    private void assertSameAsync(Supplier<CompletableFuture<List<String>>> body, List<String> value, Throwable cause,
                                 long records) throws Exception {
        Outcome annotated = Outcome.ofStage(() -> jobs.async(TENANT, body));
        Outcome direct = Outcome.ofStage(() -> programmatic.track(dev.freshness.core.Scope.tenant(TENANT), "scorecard")
                .recordsFrom((List<String> result) -> result == null ? 0 : result.size())
                .callAsync(body::get));

        assertThat(annotated).isEqualTo(direct).isEqualTo(new Outcome(value, cause));
        assertSameEvents(records);
    }

    private void assertSameEvents(long records) throws InterruptedException {
        List<String> annotated = Config.EVENTS.await(2);
        List<String> direct = programmaticEvents.await(2);
        assertThat(annotated).isEqualTo(direct);
        assertThat(annotated.get(0)).isEqualTo(TENANT + " scorecard run1 STARTED job=null");
        if (records >= 0) {
            assertThat(annotated.get(1)).isEqualTo(TENANT + " scorecard run1 SUCCEEDED records=" + records);
        } else {
            assertThat(annotated.get(1)).startsWith(TENANT + " scorecard run1 FAILED ");
        }
        assertThat(Config.EVENTS.take()).isEmpty();
        assertThat(programmaticEvents.take()).isEmpty();
    }

    /**
     * What a caller sees: a value, or a throwable compared by identity, and whether the thread was left
     * interrupted (the flag is cleared once read). For a stage, the value it completes with
     * or its failure's cause with the JDK's {@code CompletionException} taken off; a null stage is a null value.
     */
    record Outcome(Object value, Throwable thrown, boolean interrupted) {

        Outcome(Object value, Throwable thrown) {
            this(value, thrown, false);
        }

        static Outcome of(ThrowingSupplier<Object, Exception> call) {
            try {
                Object value = call.get();
                return new Outcome(value, null, Thread.interrupted());
            } catch (Exception | Error e) {
                return new Outcome(null, e, Thread.interrupted());
            }
        }

        static Outcome ofStage(ThrowingSupplier<CompletionStage<List<String>>, Exception> call) {
            CompletionStage<List<String>> stage;
            try {
                stage = call.get();
            } catch (Exception | Error e) {
                return new Outcome(null, e);
            }
            if (stage == null) {
                return new Outcome(null, null);
            }
            return stage.handle((value, failure) -> new Outcome(value,
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure))
                    .toCompletableFuture().join();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome that && java.util.Objects.equals(value, that.value) && thrown == that.thrown
                    && interrupted == that.interrupted;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(value);
        }
    }
}
