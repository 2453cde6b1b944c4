package dev.freshness;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.track.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever a store throws when it is read comes out of every read of {@link DatasetFreshness} and
 * {@link FreshnessRecords} as a {@link StoreException} whose cause is the store's own exception (a
 * {@code StoreException} thrown by the store comes out unchanged), except {@code reportOrUnreadable}, whose
 * report then says that the freshness could not be checked.
 */
class StoreFailuresOnReadTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Scope ACME = Scope.tenant("acme");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .dataset("customers", "Customers")
            .producer("sync", "orders", "customers")
            .page("dashboard", "Dashboard", Requirement.of("orders", Duration.ofHours(24)))
            .page("crm", "CRM", Requirement.of("orders", Duration.ofHours(24)), Requirement.of("customers", Duration.ofHours(48)))
            .page("counts", "Counts", Requirement.of("orders", Duration.ofHours(24)).ignoringEmptyRefreshes())
            .build();

    private final MutableClock clock = new MutableClock(NOW);

    /** Every read of the public API. */
    enum Read {
        REPORT(freshness -> freshness.report(ACME, "dashboard")),
        REPORT_OF_SEVERAL_DATASETS(freshness -> freshness.report(ACME, "crm")),
        STALE_SCOPES(freshness -> freshness.staleScopes("dashboard")),
        STALE_SCOPES_PAGE(freshness -> freshness.staleScopes("crm", new StaleScopesPage.Cursor(Severity.CRITICAL, "a"), 10)),
        IS_ANY_SCOPE_STALE(freshness -> freshness.isAnyScopeStale("crm")),
        TENANTS_NEVER_SUCCEEDED(freshness -> freshness.tenantsNeverSucceeded("dashboard", List.of("acme", "globex"))),
        STATUS(freshness -> freshness.records().status(ACME, "orders")),
        STATUSES(freshness -> freshness.records().statuses(ACME, List.of("orders", "customers"))),
        STATUSES_LAST_SUCCEEDED_BEFORE(freshness -> freshness.records().statusesLastSucceededBefore("orders", NOW).toList()),
        HISTORY(freshness -> freshness.records().history(ACME, "orders", 10)),
        RUN_HISTORY(freshness -> freshness.records().runHistory(RunId.of("run-1"))),
        PRUNE_HISTORY(freshness -> freshness.records().pruneHistoryOlderThan(Duration.ofDays(30)));

        private final Consumer<DatasetFreshness> call;

        Read(Consumer<DatasetFreshness> call) {
            this.call = call;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Read.class)
    void anyRuntimeExceptionOfTheStoreComesOutAsAStoreExceptionCausedByIt(Read read) {
        IllegalStateException storeError = new IllegalStateException("connection refused");
        DatasetFreshness freshness = instance(new ScriptedStore(false).failingEveryRead(storeError));

        Throwable thrown = catchThrowable(() -> read.call.accept(freshness));

        assertThat(thrown).isExactlyInstanceOf(StoreException.class).hasMessageStartingWith("could not ")
                .hasMessageContaining("connection refused");
        assertThat(thrown.getCause()).isSameAs(storeError);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Read.class)
    void aStoreExceptionOfTheStoreComesOutUnchanged(Read read) {
        StoreException storeError = new StoreException("could not reach the database", new IllegalStateException("down"));
        DatasetFreshness freshness = instance(new ScriptedStore(true).failingEveryRead(storeError));

        assertThat(catchThrowable(() -> read.call.accept(freshness))).isSameAs(storeError);
    }

    @Test
    void theStreamOfStatusesReadsNothingUntilItIsConsumed() {
        IllegalStateException storeError = new IllegalStateException("connection refused");
        ScriptedStore store = new ScriptedStore(false).failingEveryRead(storeError);
        DatasetFreshness freshness = instance(store);

        var statuses = freshness.records().statusesLastSucceededBefore("orders", NOW);

        assertThat(store.calls("statusesAcrossScopes")).isZero();
        assertThatThrownBy(statuses::findFirst).isInstanceOf(StoreException.class).hasCause(storeError);
    }

    @Test
    void reportOrUnreadableGivesAnUnreadableReportInsteadOfAnException() {
        IllegalStateException storeError = new IllegalStateException("connection refused");
        DatasetFreshness freshness = instance(new ScriptedStore(false).failingEveryRead(storeError));

        FreshnessReport report = freshness.reportOrUnreadable(ACME, "crm");

        assertThat(report.isReadable()).isFalse();
        assertThat(report.verdicts()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(report.severity()).isEqualTo(Severity.WARNING);
        assertThat(report.isFresh()).isFalse();
        assertThat(report.banner()).isEqualTo("The freshness of this data could not be checked.");
        assertThat(report.banner(Locale.GERMAN)).isEqualTo("Die Aktualität dieser Daten konnte nicht geprüft werden.");
        assertThat(report.scope()).isEqualTo(ACME);
        assertThat(report.page().key()).isEqualTo("crm");
        assertThat(report.at()).isEqualTo(NOW);
        assertThat(report.readFailure()).get().isInstanceOf(StoreException.class)
                .satisfies(failure -> assertThat(failure.getCause()).isSameAs(storeError));
        assertThat(report.toString()).contains("unreadable");

        assertThatThrownBy(() -> freshness.report(ACME, "crm")).as("the same store through report()")
                .isInstanceOf(StoreException.class).hasCause(storeError);
    }

    @Test
    void reportOrUnreadableKeepsAStoreExceptionOfTheStoreAsItIs() {
        StoreException storeError = new StoreException("could not reach the database", new IllegalStateException("down"));
        DatasetFreshness freshness = instance(new ScriptedStore(false).failingEveryRead(storeError));

        assertThat(freshness.reportOrUnreadable(ACME, "dashboard").readFailure()).containsSame(storeError);
    }

    @Test
    void aHistoryReadThatFailsMakesTheReportFailOrUnreadableToo() {
        // The last success affected no records and the page ignores such refreshes: the report searches history.
        ScriptedStore store = new ScriptedStore(false)
                .with(DatasetStatus.of(ACME, dev.freshness.core.DatasetKey.of("orders"), null,
                        new DatasetStatus.Success(RunId.of("empty"), NOW.minusSeconds(60), 0), null, List.of()))
                .failing("history", new IllegalStateException("history table locked"));
        DatasetFreshness freshness = instance(store);

        assertThatThrownBy(() -> freshness.report(ACME, "counts")).isInstanceOf(StoreException.class)
                .hasMessageContaining("history").hasRootCauseMessage("history table locked");
        assertThat(freshness.reportOrUnreadable(ACME, "counts").isReadable()).isFalse();
        assertThat(store.calls("statuses")).isEqualTo(2);
    }

    @Test
    void aReadableReportIsReadable() {
        DatasetFreshness freshness = instance(new ScriptedStore(false));

        FreshnessReport report = freshness.reportOrUnreadable(ACME, "dashboard");

        assertThat(report.isReadable()).isTrue();
        assertThat(report.readFailure()).isEmpty();
        assertThat(report.severity()).as("never refreshed").isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anUnknownPageIsTheCallersMistakeNotAnUnreadableReport() {
        DatasetFreshness freshness = instance(new ScriptedStore(false).failingEveryRead(new IllegalStateException("down")));

        assertThatThrownBy(() -> freshness.reportOrUnreadable(ACME, "nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExplicitRecordingMethodsWriteOnTheCallersThreadAndThrowAStoreException() {
        IllegalStateException storeError = new IllegalStateException("disk full");
        ScriptedStore store = new ScriptedStore(true);
        DatasetFreshness freshness = instance(store);
        FreshnessRecords records = freshness.records();

        records.recordStart(ACME, "orders", RunId.of("run-1"), "sync");
        records.recordSuccess(ACME, "orders", RunId.of("run-1"), 4);
        assertThat(store.applied()).hasSize(2);
        assertThat(store.applyThreads()).as("even for a store that may block").containsOnly(Thread.currentThread().getName());

        store.failing("apply", storeError);
        assertThatThrownBy(() -> records.recordFailure(ACME, "orders", RunId.of("run-2"), new RuntimeException("bad row")))
                .isExactlyInstanceOf(StoreException.class).hasCause(storeError)
                .hasMessageContaining("could not record the failure of run run-2");
        assertThatThrownBy(() -> records.recordStart(ACME, "orders", RunId.of("run-2"), null))
                .isInstanceOf(StoreException.class).hasCause(storeError);

        StoreException ownStoreError = new StoreException("could not reach the database", storeError);
        store.failing("apply", ownStoreError);
        assertThat(catchThrowable(() -> records.recordSuccess(ACME, "orders", RunId.of("run-3"), 1))).isSameAs(ownStoreError);
    }

    private DatasetFreshness instance(ScriptedStore store) {
        return DatasetFreshness.using(store, CATALOG).withClock(clock).build();
    }
}
