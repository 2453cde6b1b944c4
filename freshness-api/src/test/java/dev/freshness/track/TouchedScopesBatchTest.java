package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.freshness.track.RedeliveryTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A run that touches many scopes records their outcomes with one {@code applyAll} call when its body ends, with
 * the totals and the job's outcome it would have had one by one; a failed batch is kept, whole, for redelivery.
 */
class TouchedScopesBatchTest {

    private static final int TENANTS = 50;
    private static final Duration SHORT = Duration.ofMillis(2);
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("template_approvals", "Template approvals")
            .producer("template_approval", "template_approvals")
            .build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private CapturedLog quiet;

    @BeforeEach
    void captureTheWarnings() {
        quiet = CapturedLog.of(CapturedLog.TRACKING);
    }

    @AfterEach
    void releaseTheLog() {
        quiet.close();
    }

    @ParameterizedTest(name = "store may block: {0}")
    @ValueSource(booleans = {false, true})
    void theOutcomesOfEveryTouchedScopeGoToTheStoreInOneBatch(boolean mayBlock) {
        RecordingStore store = new RecordingStore(mayBlock);
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build()) {
            String value = freshness.job("template_approval").call(run -> {
                for (int item = 0; item < 3 * TENANTS; item++) {
                    run.touched(tenant(item % TENANTS), "template_approvals", item % TENANTS);
                }
                return "approved";
            });

            assertThat(value).isEqualTo("approved");
            // The starts come in at least two calls (the first start alone), so only the outcomes make 50.
            assertThat(store.batchSizes()).as("the outcomes' batch, and those of the starts, if any").contains(TENANTS);
            assertThat(store.events()).filteredOn(RunEvent.Started.class::isInstance).hasSize(TENANTS);
            assertThat(store.events()).filteredOn(RunEvent.Succeeded.class::isInstance)
                    .map(event -> event.scope().key() + "=" + ((RunEvent.Succeeded) event).recordsAffected())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, TENANTS)
                            .mapToObj(i -> tenant(i).key() + "=" + 3 * i).toList());
        }
    }

    @ParameterizedTest(name = "store may block: {0}")
    @ValueSource(booleans = {false, true})
    void aFailingBodyFailsEveryTouchedScopeInOneBatchAndKeepsItsException(boolean mayBlock) {
        RecordingStore store = new RecordingStore(mayBlock);
        IOException own = new IOException("queue gone");
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build()) {
            Throwable thrown = catchThrowable(() -> freshness.job("template_approval").run(run -> {
                for (int tenant = 0; tenant < TENANTS; tenant++) {
                    run.touched(tenant(tenant), "template_approvals", 1);
                }
                throw own;
            }));

            assertThat(thrown).isSameAs(own);
            assertThat(store.batchSizes()).contains(TENANTS);
            assertThat(store.events()).filteredOn(RunEvent.Failed.class::isInstance).hasSize(TENANTS)
                    .allSatisfy(event -> assertThat(((RunEvent.Failed) event).error().shortForm())
                            .isEqualTo("IOException: queue gone"));
        }
    }

    /** Starts touched while an earlier start is on its way to a slow store are written together, after it. */
    @org.junit.jupiter.api.Test
    void startsTouchedWhileTheStoreIsBusyAreGatheredIntoOneBatch() throws Exception {
        CountDownLatch firstStartArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingStore store = new RecordingStore(true) {
            @Override
            public void apply(RunEvent event) {
                if (event.scope().equals(tenant(0)) && event instanceof RunEvent.Started) {
                    firstStartArrived.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.apply(event);
            }
        };
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build()) {
            freshness.job("template_approval").run(run -> {
                run.touched(tenant(0), "template_approvals", 1);
                assertThat(firstStartArrived.await(10, TimeUnit.SECONDS)).isTrue();
                for (int tenant = 1; tenant < TENANTS; tenant++) {
                    run.touched(tenant(tenant), "template_approvals", 1);
                }
                release.countDown();
            });

            assertThat(store.batchSizes()).containsExactlyInAnyOrder(TENANTS - 1, TENANTS);
            assertThat(store.events()).filteredOn(RunEvent.Started.class::isInstance).hasSize(TENANTS);
            assertThat(store.events()).filteredOn(RunEvent.Succeeded.class::isInstance).hasSize(TENANTS);
        }
    }

    /** The store writes part of the outcomes' batch, then fails: every event of it is redelivered, none lost. */
    @ParameterizedTest(name = "store may block: {0}")
    @ValueSource(booleans = {false, true})
    void aBatchThatFailsPartWayIsKeptWholeForRedelivery(boolean mayBlock) throws Exception {
        AtomicBoolean failNextBatch = new AtomicBoolean();
        AtomicInteger writtenInBatch = new AtomicInteger();
        RecordingStore store = new RecordingStore(mayBlock) {
            @Override
            public void applyAll(List<? extends RunEvent> events) {
                if (!(events.get(0) instanceof RunEvent.Succeeded) || !failNextBatch.getAndSet(false)) {
                    super.applyAll(events);
                    return;
                }
                events.subList(0, events.size() / 2).forEach(event -> {
                    apply(event);
                    writtenInBatch.incrementAndGet();
                });
                throw new IllegalStateException("connection reset after half the batch");
            }
        };
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                .withRedeliveryBackoff(SHORT, SHORT.multipliedBy(5)).build()) {
            String value = freshness.job("template_approval").call(run -> {
                for (int tenant = 0; tenant < TENANTS; tenant++) {
                    run.touched(tenant(tenant), "template_approvals", tenant);
                }
                failNextBatch.set(true);
                return "approved";
            });

            assertThat(value).isEqualTo("approved");
            assertThat(writtenInBatch.get()).isEqualTo(TENANTS / 2);
            awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());

            assertThat(freshness.records().redeliveryStatus().delivered()).isEqualTo(TENANTS);
            assertThat(store.events()).filteredOn(RunEvent.Succeeded.class::isInstance)
                    .map(event -> event.scope().key() + "=" + ((RunEvent.Succeeded) event).recordsAffected())
                    .containsAll(IntStream.range(0, TENANTS).mapToObj(i -> tenant(i).key() + "=" + i).toList());
        }
    }

    private static Scope tenant(int index) {
        return Scope.tenant("tenant-" + index);
    }
}
