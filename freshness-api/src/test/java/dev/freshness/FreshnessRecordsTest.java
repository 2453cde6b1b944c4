package dev.freshness;

import ch.qos.logback.classic.Level;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw facts, from {@link DatasetFreshness#records()}. */
class FreshnessRecordsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final DatasetKey CUSTOMERS = DatasetKey.of("customers");
    private static final Catalog CATALOG = Catalog.builder().dataset("orders", "Orders").dataset("customers", "Customers").build();

    private final MutableClock clock = new MutableClock(NOW);

    private static DatasetStatus succeeded(Scope scope, DatasetKey dataset, Duration ago) {
        return DatasetStatus.of(scope, dataset, null, new DatasetStatus.Success(RunId.of("run-1"), NOW.minus(ago), 4),
                null, List.of());
    }

    @Test
    void aStatusNeverRecordedIsEmpty() {
        ScriptedStore store = new ScriptedStore(false).with(succeeded(ACME, ORDERS, Duration.ofHours(1)));
        FreshnessRecords records = records(store);

        assertThat(records.status(ACME, "orders")).isEqualTo(succeeded(ACME, ORDERS, Duration.ofHours(1)));
        assertThat(records.status(ACME, "customers")).isEqualTo(DatasetStatus.empty(ACME, CUSTOMERS));
        assertThat(records.status(Scope.global(), "orders").isEmpty()).isTrue();
    }

    @Test
    void statusesHoldEveryRequestedDatasetInTheOrderGivenReadInOneCall() {
        ScriptedStore store = new ScriptedStore(false)
                .with(succeeded(ACME, CUSTOMERS, Duration.ofHours(1)))
                .with(succeeded(Scope.tenant("globex"), ORDERS, Duration.ofHours(1)));

        Map<DatasetKey, DatasetStatus> statuses = records(store).statuses(ACME, List.of("orders", "customers", "orders"));

        assertThat(statuses.keySet()).containsExactly(ORDERS, CUSTOMERS);
        assertThat(statuses.get(ORDERS)).as("another scope's status is not this one's").isEqualTo(DatasetStatus.empty(ACME, ORDERS));
        assertThat(statuses.get(CUSTOMERS)).isEqualTo(succeeded(ACME, CUSTOMERS, Duration.ofHours(1)));
        assertThat(store.calls("statuses")).isEqualTo(1);
        assertThat(records(store).statuses(ACME, List.of())).isEmpty();
        assertThat(store.calls("statuses")).as("nothing to read").isEqualTo(1);
    }

    @Test
    void statusesLastSucceededBeforeIsAStreamThatReadsTheStorePageByPageAsItIsConsumed() {
        ScriptedStore store = new ScriptedStore(false);
        for (int i = 0; i < 1200; i++) {
            store.with(succeeded(Scope.tenant(String.format("tenant-%04d", i)), ORDERS, Duration.ofDays(2)));
        }
        store.with(succeeded(Scope.tenant("fresh"), ORDERS, Duration.ofMinutes(5)));
        store.with(DatasetStatus.empty(Scope.tenant("never"), ORDERS));
        FreshnessRecords records = records(store);

        Stream<DatasetStatus> stale = records.statusesLastSucceededBefore("orders", NOW.minus(Duration.ofDays(1)));
        assertThat(store.calls("statusesAcrossScopes")).as("nothing read yet").isZero();

        assertThat(records.statusesLastSucceededBefore("orders", NOW.minus(Duration.ofDays(1))).limit(10).toList()).hasSize(10);
        assertThat(store.calls("statusesAcrossScopes")).as("one page for the first ten").isEqualTo(1);

        List<DatasetStatus> all = stale.toList();
        assertThat(all).hasSize(1201).extracting(status -> status.scope().key()).isSorted()
                .contains("never").doesNotContain("fresh");
        assertThat(store.calls("statusesAcrossScopes")).as("1 + %s-status pages", FreshnessRecords.STATUSES_PER_READ)
                .isEqualTo(1 + 3);
    }

    @Test
    void historyRunHistoryAndPruningGoToTheStore() {
        RunRecord record = new RunRecord(ACME, ORDERS, RunId.of("run-1"), "sync", NOW.minusSeconds(60), NOW,
                RunRecord.Outcome.SUCCEEDED, 4, null);
        ScriptedStore store = new ScriptedStore(false).with(record);
        FreshnessRecords records = records(store);

        assertThat(records.history(ACME, "orders", 5)).containsExactly(record);
        assertThat(records.runHistory(RunId.of("run-1"))).containsExactly(record);
        assertThat(records.runHistory(RunId.of("run-2"))).isEmpty();
        assertThat(records.pruneHistoryOlderThan(Duration.ofDays(30))).isEqualTo(3);
        assertThat(store.lastPruneCutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }

    @Test
    void anAgeBeyondTheStartOfTimePrunesNothingAndDoesNotCallTheStore() {
        ScriptedStore store = new ScriptedStore(false);

        assertThat(records(store).pruneHistoryOlderThan(Duration.ofSeconds(Long.MAX_VALUE))).isZero();
        assertThat(store.calls("pruneHistory")).isZero();
    }

    @Test
    void buildLogsEachFindingOfTheCatalogOnceAtInfo() {
        try (CapturedLog log = CapturedLog.of(DatasetFreshness.class.getName())) {
            DatasetFreshness.using(new ScriptedStore(false), CATALOG).build();

            assertThat(log.messages(Level.INFO)).containsExactly(
                    "Catalog: dataset 'orders' has no producer",
                    "Catalog: dataset 'customers' has no producer",
                    "Catalog: dataset 'orders' is needed by no page: nobody is warned when it goes stale",
                    "Catalog: dataset 'customers' is needed by no page: nobody is warned when it goes stale");
        }
    }

    private FreshnessRecords records(ScriptedStore store) {
        return DatasetFreshness.using(store, CATALOG).withClock(clock).build().records();
    }
}
