package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FreshnessStore#applyAll}: one call with many events leaves what applying each of them singly leaves,
 * whatever the batch holds (several events of one (scope, dataset), out of order, equal instants, repeats) and
 * however long it is.
 */
abstract class BatchContract extends ContractPart {

    /** The scopes of the large batch: a run over every tenant of a big installation. */
    static final int LARGE_BATCH_SCOPES = 10_000;
    /** Random event sets written in one batch each, spread over scopes of their own. */
    static final int EVENT_SETS = 200;

    private static final List<DatasetKey> DATASETS = List.of(key("orders"), key("orders.daily"));
    private static final Set<DatasetKey> READ = Set.copyOf(DATASETS);
    private static final List<RunId> RUNS = List.of(run("run-1"), run("run-2"), run("run-10"), run("Run-3"));

    @Test
    void aBatchOfRandomEventsLeavesWhatTheReferenceModelComputes() {
        long seed = FreshnessStoreContract.seed();
        Random random = new Random(seed);
        RandomEvents randomEvents = new RandomEvents(random);
        List<RunEvent> batch = new ArrayList<>();
        List<List<RunEvent>> sets = new ArrayList<>();
        for (int set = 0; set < EVENT_SETS; set++) {
            Scope scope = tenant("batch-" + set);
            List<RunEvent> events = randomEvents.eventsOf(scope, DATASETS, RUNS, 1 + random.nextInt(6), 3);
            sets.add(events);
            batch.addAll(randomEvents.shuffledWithRepeats(events));
        }
        // Several sets' events interleaved in one call, so that one chunk of a store mixes keys and kinds.
        Collections.shuffle(batch, random);

        store().applyAll(batch);

        for (int set = 0; set < EVENT_SETS; set++) {
            Scope scope = tenant("batch-" + set);
            ReferenceModel model = new ReferenceModel(sets.get(set));
            String context = "seed " + seed + " (rerun with -D" + FreshnessStoreContract.SEED_PROPERTY + "=" + seed
                    + "), event set " + set + ":\n  " + sets.get(set).stream().map(Object::toString)
                    .collect(Collectors.joining("\n  "));
            assertThat(statusesOf(scope, READ)).as(context).isEqualTo(model.statuses(scope, READ));
            for (DatasetKey dataset : DATASETS) {
                assertThat(store().history(scope, dataset, 100)).as(context)
                        .containsExactlyInAnyOrderElementsOf(model.history(scope, dataset));
            }
        }
    }

    @Test
    void eventsOfOneScopeAndDatasetInOneBatchMergeAsSingles() {
        Scope acme = tenant("acme");
        List<RunEvent> events = List.of(
                succeeded(acme, "orders", "run-2", at(5), 20),
                started(acme, "orders", "run-1", at(0)),
                // Equal instants: the greater run id wins the last success.
                succeeded(acme, "orders", "run-3", at(5), 30),
                failed(acme, "orders", "run-3", at(5), "boom"),
                started(acme, "orders", "run-2", at(1)),
                succeeded(acme, "orders", "run-1", at(2), 10),
                started(acme, "orders", "run-4", at(6)),
                started(acme, "orders", "run-1", at(0)));
        FreshnessStore singles = store();
        Scope other = tenant("acme-singly");
        for (RunEvent event : events) {
            singles.apply(RandomEvents.inScope(event, other));
        }

        store().applyAll(events);

        DatasetStatus batched = statusOf(acme, "orders");
        assertThat(batched.lastSuccess().orElseThrow().runId()).isEqualTo(run("run-3"));
        assertThat(batched.lastSuccess().orElseThrow().recordsAffected()).isEqualTo(30);
        assertThat(batched.lastStart().orElseThrow().runId()).isEqualTo(run("run-4"));
        assertThat(batched.runsInFlight()).extracting(DatasetStatus.Start::runId).containsExactly(run("run-4"));
        // The same run succeeded and failed at the same instant: a failure wins the tie in its history.
        assertThat(recordOf(acme, "orders", "run-3").outcome()).isEqualTo(RunRecord.Outcome.FAILED);
        assertThat(withoutScope(batched)).isEqualTo(withoutScope(statusOf(other, "orders")));
        assertThat(historyWithoutScope(acme)).isEqualTo(historyWithoutScope(other));
    }

    @Test
    void aBatchMergesWithWhatSinglesWroteBeforeAndAfter() {
        Scope acme = tenant("acme");
        apply(succeeded(acme, "orders", "run-9", at(9), 9));

        store().applyAll(List.of(succeeded(acme, "orders", "run-5", at(5), 5), started(acme, "orders", "run-10", at(10))));
        apply(succeeded(acme, "orders", "run-10", at(11), 10));

        DatasetStatus status = statusOf(acme, "orders");
        assertThat(status.lastSuccess().orElseThrow().runId()).isEqualTo(run("run-10"));
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(store().history(acme, key("orders"), 10)).hasSize(3);
    }

    @Test
    void anEmptyBatchWritesNothing() {
        store().applyAll(List.of());

        assertThat(store().statusesAcrossScopes(CrossScopeQuery.of(READ)).statuses()).isEmpty();
    }

    @Test
    void aBatchOverTenThousandScopesRecordsEveryScope() {
        List<RunEvent> events = new ArrayList<>(LARGE_BATCH_SCOPES);
        Set<Scope> scopes = new HashSet<>();
        for (int i = 0; i < LARGE_BATCH_SCOPES; i++) {
            Scope scope = tenant("tenant-" + i);
            scopes.add(scope);
            events.add(succeeded(scope, "orders", "approval-run", at(1), i));
        }
        events.add(succeeded(Scope.global(), "orders", "approval-run", at(1), LARGE_BATCH_SCOPES));

        store().applyAll(events);

        List<DatasetStatus> statuses = store().statuses(scopes, Set.of(key("orders")));
        assertThat(statuses).hasSize(LARGE_BATCH_SCOPES);
        for (DatasetStatus status : statuses) {
            long index = Long.parseLong(status.scope().key().substring(status.scope().key().lastIndexOf('-') + 1));
            assertThat(status.lastSuccess().orElseThrow().recordsAffected()).as(status.scope().toString()).isEqualTo(index);
        }
        assertThat(store().runHistory(run("approval-run"))).hasSize(LARGE_BATCH_SCOPES + 1);
        assertThat(statusOf(Scope.global(), "orders").lastSuccess().orElseThrow().recordsAffected()).isEqualTo(LARGE_BATCH_SCOPES);
    }

    @Test
    void aNullListOrElementIsRejectedNamingItBeforeAnythingIsWritten() {
        Scope acme = tenant("acme");

        assertThatThrownBy(() -> store().applyAll(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("events");
        assertThatThrownBy(() -> store().applyAll(Arrays.asList(started(acme, "orders", "run-1", at(0)), null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("events[1]");

        assertThat(store().status(acme, key("orders"))).isEmpty();
        assertThat(store().runHistory(run("run-1"))).isEmpty();
    }

    private static List<Object> withoutScope(DatasetStatus status) {
        return Arrays.asList(status.dataset(), status.lastStart(), status.lastSuccess(), status.lastFailure(),
                status.runsInFlight());
    }

    private Set<List<Object>> historyWithoutScope(Scope scope) {
        return store().history(scope, key("orders"), 100).stream()
                .map(record -> Arrays.<Object>asList(record.dataset(), record.runId(), record.jobName(),
                        record.startedAt(), record.finishedAt(), record.outcome(), record.recordsAffected(),
                        record.error()))
                .collect(Collectors.toSet());
    }
}
