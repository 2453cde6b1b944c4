package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.RecordingStore.CreatedStatuses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Before the first event of a (scope, dataset), the library makes the statuses of the datasets that pages need
 * together with it exist ({@code createStatusesIfAbsent}), so that a cross-scope check sees a scope that lacks
 * one of a page's datasets as never having succeeded at it. A store that never blocks is asked before every
 * event (an instance may outlive a store that was cleared); one that may block once per (scope, dataset) per
 * instance (each ask is a round trip).
 */
class CompanionStatusesTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final DatasetKey A = DatasetKey.of("a");
    private static final DatasetKey B = DatasetKey.of("b");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("a", "A").dataset("b", "B").dataset("solo", "Solo").dataset("unread", "Unread")
            .page("both", "Both", Requirement.of("a", DAY), Requirement.of("b", DAY))
            .page("single", "Single", Requirement.of("solo", DAY))
            .build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void aStoreThatMayBlockIsAskedOnceBeforeTheFirstEventOfTheScopeAndDataset() {
        RecordingStore store = new RecordingStore(true);
        DatasetFreshness freshness = instance(store);

        freshness.track(ACME, "a").run(() -> { });
        freshness.track(ACME, "a").run(() -> { });

        List<Object> writes = store.writes();
        assertThat(writes).hasSize(5);
        assertThat(writes.get(0)).isEqualTo(new CreatedStatuses(ACME, Set.of(B)));
        assertThat(writes.subList(1, 5)).allSatisfy(write -> assertThat(write).isInstanceOf(RunEvent.class));
    }

    @Test
    void aStoreThatNeverBlocksIsAskedBeforeEveryEvent() {
        RecordingStore store = new RecordingStore(false);
        DatasetFreshness freshness = instance(store);

        freshness.track(ACME, "a").run(() -> { });
        freshness.track(ACME, "a").run(() -> { });

        List<Object> writes = store.writes();
        assertThat(writes).hasSize(8);
        for (int i = 0; i < 8; i += 2) {
            assertThat(writes.get(i)).isEqualTo(new CreatedStatuses(ACME, Set.of(B)));
            assertThat(writes.get(i + 1)).isInstanceOf(RunEvent.class);
        }
    }

    @Test
    void oncePerScopeAndDatasetPerInstanceForAStoreThatMayBlock() {
        RecordingStore store = new RecordingStore(true);
        DatasetFreshness freshness = instance(store);

        freshness.track(ACME, "a").run(() -> { });
        freshness.track(GLOBEX, "a").run(() -> { });
        freshness.track(ACME, "b").run(() -> { });
        freshness.track(ACME, "a").run(() -> { });
        freshness.track(ACME, "b").run(() -> { });
        instance(store).track(ACME, "a").run(() -> { });

        assertThat(store.createdStatuses()).containsExactly(
                new CreatedStatuses(ACME, Set.of(B)),
                new CreatedStatuses(GLOBEX, Set.of(B)),
                new CreatedStatuses(ACME, Set.of(A)),
                new CreatedStatuses(ACME, Set.of(B)));
    }

    @Test
    void notForADatasetThatNoPageNeedsTogetherWithAnother() {
        RecordingStore store = new RecordingStore(false);
        DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW).build();

        freshness.track(ACME, "solo").run(() -> { });
        freshness.track(ACME, "unread").run(() -> { });
        freshness.track(ACME, "undeclared").run(() -> { });

        assertThat(store.createdStatuses()).isEmpty();
        assertThat(store.events()).hasSize(6);
    }

    @Test
    void theCompanionsAreEveryDatasetOfEveryPageThatNeedsTheDataset() {
        Catalog catalog = Catalog.builder()
                .dataset("a", "A").dataset("b", "B").dataset("c", "C")
                .page("ab", "AB", Requirement.of("a", DAY), Requirement.of("b", DAY))
                .page("ca", "CA", Requirement.of("c", DAY), Requirement.of("a", DAY))
                .build();
        RecordingStore store = new RecordingStore(false);

        DatasetFreshness.using(store, catalog).withClock(clock).build().track(ACME, "a").run(() -> { });

        assertThat(store.createdStatuses()).containsOnly(new CreatedStatuses(ACME, Set.of(B, DatasetKey.of("c"))));
    }

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void everyWayOfRecordingCreatesThemBeforeItsFirstEvent(boolean mayBlock) {
        List<Consumer<DatasetFreshness>> ways = List.of(
                freshness -> freshness.job("sync").run(run -> run.track(ACME, "a").run(() -> { })),
                freshness -> freshness.job("sync").run(run -> run.touched(ACME, "a", 2)),
                freshness -> freshness.job("sync").run(run -> run.succeeded(ACME, "a", 2)),
                freshness -> freshness.job("sync").run(run -> run.failed(ACME, "a", new IllegalStateException("x"))),
                freshness -> freshness.start(ACME, "a").succeeded(1),
                freshness -> freshness.records().recordStart(ACME, "a", RunId.of("run-1"), null),
                freshness -> freshness.records().recordSuccess(ACME, "a", RunId.of("run-1"), 1),
                freshness -> freshness.records().recordFailure(ACME, "a", RunId.of("run-1"), new IllegalStateException("x")));

        for (Consumer<DatasetFreshness> way : ways) {
            RecordingStore store = new RecordingStore(mayBlock);
            way.accept(instance(store));

            assertThat(store.writes()).hasSizeGreaterThan(1);
            assertThat(store.writes().get(0)).isEqualTo(new CreatedStatuses(ACME, Set.of(B)));
            assertThat(store.createdStatuses()).hasSize(mayBlock ? 1 : store.events().size());
        }
    }

    @Test
    void aFailureToCreateThemIsAStoreErrorTheEventIsStillWrittenAndTheyAreAskedForAgain() {
        AtomicInteger attempts = new AtomicInteger();
        RecordingStore store = new RecordingStore(false) {
            @Override
            public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("store down");
                }
                super.createStatusesIfAbsent(scope, datasets);
            }
        };
        DatasetFreshness freshness = instance(store);

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "a").call(() -> "value")).isEqualTo("value");
            freshness.track(ACME, "a").run(() -> { });

            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("Could not record the start");
            // The failed write is kept for redelivery, and written again (companions included) by close() at the latest.
            freshness.close();
        }
        assertThat(attempts).hasValue(5);
        assertThat(store.createdStatuses()).containsOnly(new CreatedStatuses(ACME, Set.of(B))).hasSize(4);
        assertThat(store.events()).as("the event is written even when its companions could not be").hasSize(5);
        assertThat(store.events().get(0)).as("and again by the redelivery").isIn(store.events().subList(1, 5));
    }

    /**
     * An instance over {@code store}. For a store that may block, the start of a run is written before its body
     * runs: otherwise the start and the outcome are written on two threads of the store executor at once, and
     * both may find the companions not yet created (creating them twice is harmless, the call is idempotent,
     * but it is not what these tests count).
     */
    private DatasetFreshness instance(RecordingStore store) {
        DatasetFreshness.Builder builder = DatasetFreshness.using(store, CATALOG).withClock(clock);
        return (store.mayBlock() ? builder.recordingStartsSynchronously() : builder).build();
    }

    @Test
    void theInputsOfADerivedDatasetAPageNeedsAreCompanionsOfItAndOfEachOther() {
        Catalog derived = Catalog.builder()
                .dataset("meta", "Meta").dataset("classes", "Classes").dataset("hooks", "Hooks").dataset("scorecard", "Scorecard")
                .derived("scorecard", "hooks", "meta").derived("hooks", "classes")
                .page("scorecard", "Scorecard", Requirement.of("scorecard", DAY))
                .build();
        RecordingStore store = new RecordingStore(true);
        DatasetFreshness freshness = DatasetFreshness.using(store, derived).withClock(clock).recordingStartsSynchronously().build();

        freshness.track(ACME, "scorecard").run(() -> { });
        freshness.track(ACME, "classes").run(() -> { });

        assertThat(store.createdStatuses()).containsExactly(
                new CreatedStatuses(ACME, Set.of(DatasetKey.of("hooks"), DatasetKey.of("meta"), DatasetKey.of("classes"))),
                new CreatedStatuses(ACME, Set.of(DatasetKey.of("hooks"), DatasetKey.of("meta"), DatasetKey.of("scorecard"))));
    }
}