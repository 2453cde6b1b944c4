package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.FreshnessReport;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Events a tracked job could not write are kept in a bounded queue and written when the store answers again,
 * oldest first; the job's outcome and timing are those it would have had; a full queue drops the oldest, counted
 * and logged once a minute; {@code close()} tries within its bound and says what it could not write.
 */
class RedeliveryTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final Duration SHORT = Duration.ofMillis(2);
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .dataset("scorecard", "Scorecard")
            .producer("import", "orders", "scorecard")
            .page("orders_page", "Orders", Requirement.of("orders", Duration.ofHours(24)))
            .build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    /** The warnings every test here provokes, kept off the build's output. */
    private CapturedLog quiet;

    @BeforeEach
    void captureTheWarnings() {
        quiet = CapturedLog.of(CapturedLog.TRACKING);
    }

    @AfterEach
    void releaseTheLog() {
        quiet.close();
    }

    private DatasetFreshness.Builder builder(SwitchableStore store) {
        return DatasetFreshness.using(store, CATALOG).withClock(clock).withRedeliveryBackoff(SHORT, SHORT.multipliedBy(5));
    }

    @ParameterizedTest(name = "store may block: {0}")
    @ValueSource(booleans = {false, true})
    void eventsTheStoreRefusedAreWrittenWhenItAnswersAgainAndTheJobsKeepTheirOutcome(boolean mayBlock) throws Exception {
        SwitchableStore store = new SwitchableStore(mayBlock);
        try (DatasetFreshness freshness = builder(store).build(); CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            store.down();
            List<RunEvent> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                int value = i;
                RunId runId = RunId.of("r" + i);
                if (i % 2 == 0) {
                    assertThat(freshness.track(ACME, "orders").runId(runId).call(() -> value)).isEqualTo(i);
                } else {
                    IOException own = new IOException("job " + i);
                    assertThatThrownBy(() -> freshness.track(ACME, "orders").runId(runId).call(() -> {
                        throw own;
                    })).isSameAs(own);
                }
            }
            RedeliveryStatus queued = freshness.records().redeliveryStatus();
            assertThat(queued.queued()).isEqualTo(20);
            assertThat(queued.queuedByDataset()).containsEntry("orders", 20);
            assertThat(queued.oldestQueued()).hasValue(Instant.parse("2026-03-01T10:00:01Z"));
            assertThat(queued.capacity()).isEqualTo(DatasetFreshness.DEFAULT_REDELIVERY_QUEUE_CAPACITY);
            assertThat(log.messages(Level.WARN)).hasSize(1).first().asString()
                    .contains("kept for redelivery when the store answers again");

            // While the store is down, the redelivery tries again and again, after its (short) backoff.
            awaitTrue(() -> freshness.records().redeliveryStatus().failedAttempts() > 2);
            store.up();
            awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());

            assertThat(store.events()).hasSize(20);
            assertThat(store.batchSizes()).as("what was queued, written in one store call").last().isEqualTo(20);
            assertThat(store.events()).extracting(RunEvent::runId).containsOnly(
                    RunId.of("r0"), RunId.of("r1"), RunId.of("r2"), RunId.of("r3"), RunId.of("r4"), RunId.of("r5"),
                    RunId.of("r6"), RunId.of("r7"), RunId.of("r8"), RunId.of("r9"));
            assertThat(store.events().stream().filter(RunEvent.Succeeded.class::isInstance).count()).isEqualTo(5);
            assertThat(store.events().stream().filter(RunEvent.Failed.class::isInstance).count()).isEqualTo(5);
            if (!mayBlock) {
                // Called on the job's thread, the store refused them in the order they happened: oldest first.
                expected.addAll(store.events());
                assertThat(expected).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
            }
            RedeliveryStatus after = freshness.records().redeliveryStatus();
            assertThat(after.delivered()).isEqualTo(20);
            assertThat(after.dropped()).isZero();
            assertThat(after.failedAttempts()).isPositive();
        }
    }

    @Test
    void aFullQueueDropsExactlyTheOldestCountsThemAndSaysSoOnceAMinute() throws Exception {
        SwitchableStore store = new SwitchableStore(false);
        try (DatasetFreshness freshness = builder(store).withRedeliveryQueueCapacity(5)
                .withRedeliveryCloseTimeout(Duration.ZERO).build();
             CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            store.down();
            for (int i = 0; i < 6; i++) {
                clock.advance(Duration.ofSeconds(1));
                freshness.track(ACME, "orders").runId(RunId.of("r" + i)).run(() -> { });
            }
            RedeliveryStatus status = freshness.records().redeliveryStatus();
            assertThat(status.queued()).isEqualTo(5);
            assertThat(status.dropped()).isEqualTo(7);
            List<String> full = log.messages(Level.WARN).stream().filter(line -> line.contains("queue is full")).toList();
            assertThat(full).containsExactly("The redelivery queue is full (5 events): dropped the oldest, the start of"
                    + " run r0 for tenant:acme/orders; 1 dropped since this instance was built");

            clock.advance(Duration.ofMinutes(1));
            freshness.track(ACME, "orders").runId(RunId.of("r6")).run(() -> { });
            full = log.messages(Level.WARN).stream().filter(line -> line.contains("queue is full")).toList();
            assertThat(full).hasSize(2);
            assertThat(full.get(1)).isEqualTo("The redelivery queue is full (5 events): dropped the oldest, the success"
                    + " of run r3 for tenant:acme/orders (and 6 more since the last message); 8 dropped since this"
                    + " instance was built");
            assertThat(freshness.records().redeliveryStatus().dropped()).isEqualTo(9);

            store.up();
            awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());
            // The last 5 of 14 events, and only those: runs r4 (outcome), r5 and r6.
            assertThat(store.events()).extracting(event -> event.runId().value() + ":" + event.getClass().getSimpleName())
                    .containsExactly("r4:Succeeded", "r5:Started", "r5:Succeeded", "r6:Started", "r6:Succeeded");
        }
    }

    @Test
    void underTheStrictPolicyTheJobStillLearnsThatTheWriteFailedAndTheEventIsWrittenLater() throws Exception {
        SwitchableStore store = new SwitchableStore(false);
        try (DatasetFreshness freshness = builder(store).withStoreFailurePolicy(StoreFailurePolicy.STRICT).build()) {
            store.down();
            Throwable thrown = catchThrowable(() -> freshness.track(ACME, "orders").call(() -> 42));
            assertThat(thrown).isInstanceOf(RecordingFailedException.class);
            assertThat(freshness.records().redeliveryStatus().queued()).isEqualTo(2);
            store.up();
            awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());
            assertThat(store.events()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "store may block: {0}")
    @ValueSource(booleans = {false, true})
    void anAsyncJobKeepsTheSameEventsAsTheSameJobRunNow(boolean mayBlock) throws Exception {
        SwitchableStore store = new SwitchableStore(mayBlock);
        try (DatasetFreshness freshness = builder(store).build()) {
            store.down();
            freshness.track(ACME, "orders").runId(RunId.of("sync")).call(() -> 1);
            CompletableFuture<Integer> async = freshness.track(ACME, "orders").runId(RunId.of("async"))
                    .callAsync(() -> CompletableFuture.supplyAsync(() -> 1));
            assertThat(async.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            RedeliveryStatus status = freshness.records().redeliveryStatus();
            assertThat(status.queued()).isEqualTo(4);
            store.up();
            awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());
            assertThat(store.events()).filteredOn(event -> event.runId().value().equals("sync"))
                    .extracting(event -> event.getClass().getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(store.events().stream()
                            .filter(event -> event.runId().value().equals("async"))
                            .map(event -> event.getClass().getSimpleName()).toList());
        }
    }

    @Test
    void aReportOfAScopeWithQueuedEventsIsMarkedPossiblyBehindUntilTheyAreWritten() throws Exception {
        SwitchableStore store = new SwitchableStore(false);
        try (DatasetFreshness freshness = builder(store).withRedeliveryBackoff(Duration.ofMinutes(1),
                Duration.ofMinutes(1)).build()) {
            store.down();
            freshness.track(ACME, "orders").run(() -> { });
            int refusedBefore = store.refused();
            FreshnessReport unreadable = freshness.reportOrUnreadable(ACME, "orders_page");
            assertThat(unreadable.isReadable()).isFalse();
            assertThat(unreadable.possiblyBehind()).isTrue();
            assertThat(store.refused()).as("one read, and no more store calls for the mark").isEqualTo(refusedBefore + 1);

            store.up();
            FreshnessReport acme = freshness.report(ACME, "orders_page");
            assertThat(acme.possiblyBehind()).isTrue();
            assertThat(acme.banner()).endsWith("Freshness may be out of date: recent runs are still being recorded.");
            assertThat(acme.banner(Locale.GERMAN)).contains("möglicherweise veraltet");
            assertThat(freshness.report(GLOBEX, "orders_page").possiblyBehind()).isFalse();
            assertThat(freshness.report(GLOBEX, "orders_page").banner()).doesNotContain("out of date");
        }
        // Closing wrote the queue (the pause of a minute does not hold close).
        assertThat(store.events()).hasSize(2);
    }

    @ParameterizedTest(name = "store may block: {0}")
    @ValueSource(booleans = {false, true})
    void aWriteTheStoreTakesCutsTheBackoffShort(boolean mayBlock) throws Exception {
        SwitchableStore store = new SwitchableStore(mayBlock);
        try (DatasetFreshness freshness = builder(store).withRedeliveryBackoff(Duration.ofMinutes(1),
                Duration.ofMinutes(1)).build()) {
            store.down();
            freshness.track(ACME, "orders").runId(RunId.of("during")).run(() -> { });
            store.up();
            freshness.track(ACME, "orders").runId(RunId.of("after")).run(() -> { });
            awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());
            assertThat(store.events()).extracting(event -> event.runId().value()).containsOnly("during", "after")
                    .hasSize(4);
        }
    }

    @Test
    void closeWritesWhatIsQueuedWhenTheStoreAnswersWithoutWaitingForTheBackoff() {
        SwitchableStore store = new SwitchableStore(false);
        DatasetFreshness freshness = builder(store).withRedeliveryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .build();
        store.down();
        freshness.track(ACME, "orders").run(() -> { });
        store.up();
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.close();
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
        assertThat(store.events()).hasSize(2);
    }

    @Test
    void closeGivesUpAtItsBoundAndSaysPerDatasetWhatIsLost() {
        SwitchableStore store = new SwitchableStore(false);
        DatasetFreshness freshness = builder(store).withRedeliveryCloseTimeout(Duration.ofMillis(200)).build();
        store.down();
        freshness.track(ACME, "orders").run(() -> { });
        freshness.track(GLOBEX, "orders").run(() -> { });
        freshness.track(ACME, "scorecard").run(() -> { });
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            long started = System.nanoTime();
            freshness.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis).isBetween(190L, 200L + 1_000L);
            assertThat(log.messages(Level.WARN)).containsExactly("Closed with 6 event(s) that could not be written to"
                    + " the store within PT0.2S, now lost: orders: 4, scorecard: 2");
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void theOwnThreadIsOneDaemonThreadThatEndsAtClose() throws Exception {
        SwitchableStore store = new SwitchableStore(false);
        DatasetFreshness freshness = builder(store).withRedeliveryCloseTimeout(Duration.ZERO).build();
        // Instances of other tests, left open over failing stores, may have threads of their own.
        List<Thread> others = threadsNamed("freshness-redelivery-");
        freshness.track(ACME, "scorecard").run(() -> { });
        assertThat(threadsNamed("freshness-redelivery-")).as("none before an event is kept")
                .containsExactlyInAnyOrderElementsOf(others);
        store.down();
        freshness.track(ACME, "orders").run(() -> { });
        awaitTrue(() -> store.refused() > 3);
        List<Thread> threads = new ArrayList<>(threadsNamed("freshness-redelivery-"));
        threads.removeAll(others);
        assertThat(threads).hasSize(1).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.close();
            assertThat(log.messages(Level.WARN)).singleElement().asString().endsWith("now lost: orders: 2");
        }
        threads.get(0).join(5_000);
        assertThat(threads.get(0).isAlive()).isFalse();
    }

    @Test
    void aSchedulerOfTheApplicationRunsTheRedeliveryAndStaysItsOwn() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                task -> new Thread(task, "application-scheduler"));
        try {
            SwitchableStore store = new SwitchableStore(false);
            try (DatasetFreshness freshness = builder(store).withRedeliveryScheduler(scheduler).build()) {
                store.down();
                freshness.track(ACME, "orders").run(() -> { });
                store.up();
                awaitTrue(() -> freshness.records().redeliveryStatus().isEmpty());
                assertThat(store.writeThreads()).contains("application-scheduler")
                        .noneMatch(thread -> thread.startsWith("freshness-redelivery-"));
            }
            assertThat(scheduler.isShutdown()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aStoreBoundToACallersTransactionGetsNoRedelivery() {
        SwitchableStore store = new SwitchableStore(false) {
            @Override
            public boolean acceptsRedelivery() {
                return false;
            }
        };
        try (DatasetFreshness freshness = builder(store).build()) {
            store.down();
            freshness.track(ACME, "orders").run(() -> { });
            assertThat(freshness.records().redeliveryStatus().queued()).isZero();
            assertThat(quiet.messages(Level.WARN)).singleElement().asString().doesNotContain("redelivery");
        }
    }

    @Test
    void badRedeliverySettingsAreRefusedNamingTheParameter() {
        DatasetFreshness.Builder builder = builder(new SwitchableStore(false));
        assertThatThrownBy(() -> builder.withRedeliveryQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redeliveryQueueCapacity must be > 0, was 0");
        assertThatThrownBy(() -> builder.withRedeliveryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redeliveryInitialBackoff must be positive, was PT0S");
        assertThatThrownBy(() -> builder.withRedeliveryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redeliveryMaxBackoff must be at least redeliveryInitialBackoff (PT2S), was PT1S");
        assertThatThrownBy(() -> builder.withRedeliveryBackoff(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("redeliveryInitialBackoff must not be null");
        assertThatThrownBy(() -> builder.withRedeliveryCloseTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redeliveryCloseTimeout must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> builder.withRedeliveryScheduler(null))
                .isInstanceOf(NullPointerException.class).hasMessage("redeliveryScheduler must not be null");
        assertThatThrownBy(() -> builder.withRedeliverySpool(null))
                .isInstanceOf(NullPointerException.class).hasMessage("redeliverySpool must not be null");
    }

    static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive()).toList();
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
