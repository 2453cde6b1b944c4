package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class AsyncJobsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final RecordingStore store = new RecordingStore(false);
    private final DatasetFreshness freshness = AnyDataset.using(store)
            .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).build();

    @Test
    void theOutcomeIsRecordedWhenTheStageCompletesNotWhenItIsReturned() {
        CompletableFuture<List<String>> pending = new CompletableFuture<>();

        CompletableFuture<List<String>> tracked = freshness.track(ACME, "templates_scraped")
                .recordsFrom(List<?>::size).callAsync(() -> pending);

        assertThat(tracked).isNotDone();
        assertThat(store.events()).singleElement().isInstanceOf(RunEvent.Started.class);

        List<String> templates = List.of("a", "b");
        pending.complete(templates);

        assertThat(tracked.join()).isSameAs(templates);
        assertThat(store.events()).hasSize(2).last().isInstanceOfSatisfying(RunEvent.Succeeded.class,
                succeeded -> assertThat(succeeded.recordsAffected()).isEqualTo(2));
    }

    @Test
    void aStageFailedOnAnotherThreadCompletesWithTheSameExceptionTheJobsStageHolds() throws Exception {
        IOException own = new IOException("feed down");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> jobStage = CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CompletionException(own);
        });

        CompletableFuture<String> tracked = freshness.track(ACME, "templates_scraped").callAsync(() -> jobStage);
        go.countDown();

        Throwable fromJob = catchThrowable(() -> JobForms.awaitStage(jobStage));
        Throwable fromTracked = catchThrowable(() -> JobForms.awaitStage(tracked));
        assertThat(fromTracked).isSameAs(fromJob);
        assertThat(fromTracked).isInstanceOf(CompletionException.class).hasCause(own);
        assertThat(catchThrowable(tracked::get)).hasCause(own);
        assertThat(store.events()).last().isInstanceOfSatisfying(RunEvent.Failed.class,
                failed -> assertThat(failed.error().shortForm()).isEqualTo("IOException: feed down"));
    }

    @Test
    void aJobThatThrowsBeforeReturningAStageIsRecordedAndThrowsItsOwnException() {
        IOException own = new IOException("no connection");

        Throwable thrown = catchThrowable(() -> freshness.track(ACME, "templates_scraped")
                .<String, IOException>callAsync(() -> {
                    throw own;
                }));

        assertThat(thrown).isSameAs(own);
        assertThat(store.events()).hasSize(2).last().isInstanceOf(RunEvent.Failed.class);
    }

    @Test
    void aJobThatReturnsNoStageIsRecordedAsFailedAndReturnsNull() {
        CompletionStage<String> none = null;
        assertThat(freshness.track(ACME, "templates_scraped").callAsync(() -> none)).isNull();
        assertThat(store.events()).last().isInstanceOfSatisfying(RunEvent.Failed.class,
                failed -> assertThat(failed.error().message()).contains("returned null"));
    }

    @Test
    void aDecoratedStageSupplierRecordsEachInvocationAsItsOwnRun() {
        var decorated = freshness.track(ACME, "templates_scraped")
                .decorateCompletionStage(() -> CompletableFuture.completedFuture("x"));
        decorated.get().join();
        decorated.get().join();
        assertThat(store.events()).hasSize(4);
        assertThat(store.events().stream().map(RunEvent::runId).distinct()).hasSize(2);
    }
}
