package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One decorated job called from many threads at once: each call is its own run, none lost, none mixed up. */
class ConcurrentRunsTest {

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void aDecoratedJobCalledFromManyThreadsRecordsEveryCallAsItsOwnRun(boolean mayBlock) throws Exception {
        RecordingStore store = new RecordingStore(mayBlock);
        DatasetFreshness freshness = AnyDataset.using(store)
                .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).build();
        Callable<Integer> tracked = freshness.track(Scope.tenant("acme"), "scorecard")
                .recordsFrom(Integer::longValue).decorateCallable(() -> 7);
        int calls = 2000;

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                results.add(pool.submit(tracked));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(7);
            }
        } finally {
            pool.shutdownNow();
        }

        List<RunEvent> events = store.events();
        assertThat(events).hasSize(2 * calls);
        assertThat(events.stream().map(RunEvent::runId).distinct()).hasSize(calls);
        assertThat(events).filteredOn(RunEvent.Succeeded.class::isInstance).hasSize(calls)
                .allSatisfy(event -> assertThat(((RunEvent.Succeeded) event).recordsAffected()).isEqualTo(7));
    }
}
