package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A banner never breaks a page: over a store whose every read fails, the page still gets a report, an
 * unreadable warning that says the freshness could not be checked; code that wants the failure gets a
 * {@link StoreException} with the store's own exception as its cause.
 */
class UnreadableStoreTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final String PAGE = "congruence_insights";
    private static final Instant NOW = Instant.parse("2026-03-02T06:00:00Z");

    private final IllegalStateException readFailure = new IllegalStateException("connection refused");
    private final SettableClock clock = SettableClock.at(NOW);
    private final DatasetFreshness freshness = DatasetFreshness
            .using(new UnreadableStore(readFailure), ReferenceSystem.catalog()).withClock(clock).build();

    @BeforeEach
    void aJobRecordedItsRun() {
        freshness.track(ACME, "ad_classifications").call(() -> 30);
    }

    @AfterEach
    void close() {
        freshness.close();
    }

    @Test
    void reportOrUnreadableGivesAWarningThatSaysTheFreshnessCouldNotBeChecked() {
        FreshnessReport report = freshness.reportOrUnreadable(ACME, PAGE);

        assertThat(report.isReadable()).isFalse();
        assertThat(report.severity()).isEqualTo(Severity.WARNING);
        assertThat(report.isFresh()).isFalse();
        assertThat(report.verdicts()).isEmpty();
        assertThat(report.scope()).isEqualTo(ACME);
        assertThat(report.page().key()).isEqualTo(PAGE);
        assertThat(report.at()).isEqualTo(NOW);
        assertThat(report.banner()).isEqualTo("The freshness of this data could not be checked.");
        assertThat(report.banner(Locale.GERMAN)).isEqualTo("Die Aktualität dieser Daten konnte nicht geprüft werden.");
        assertThat(report.readFailure()).get().satisfies(failure -> assertThat(failure.getCause()).isSameAs(readFailure));
    }

    @Test
    void reportThrowsAStoreExceptionCausedByTheStoresOwn() {
        assertStoreFailure(() -> freshness.report(ACME, PAGE));
    }

    @Test
    void everyOtherReadThrowsTheSame() {
        assertStoreFailure(() -> freshness.staleScopes(PAGE));
        assertStoreFailure(() -> freshness.isAnyScopeStale(PAGE));
        assertStoreFailure(() -> freshness.tenantsNeverSucceeded(PAGE, List.of("acme")));
        assertStoreFailure(() -> freshness.records().status(ACME, "ad_classifications"));
        assertStoreFailure(() -> freshness.records().statuses(ACME, List.of("ad_classifications")));
        assertStoreFailure(() -> freshness.records().statusesLastSucceededBefore("ad_classifications", NOW).toList());
        assertStoreFailure(() -> freshness.records().history(ACME, "ad_classifications", 10));
    }

    @Test
    void aWrongPageKeyIsStillABugNotAnUnreadableReport() {
        assertThatThrownBy(() -> freshness.reportOrUnreadable(ACME, "congruence_insight"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("congruence_insight");
    }

    private void assertStoreFailure(ThrowingCallable read) {
        assertThatThrownBy(read).isInstanceOf(StoreException.class)
                .satisfies(failure -> assertThat(failure.getCause()).isSameAs(readFailure));
    }

    /** Writes go to memory; every read throws the same exception, as a database that stopped answering. */
    private static final class UnreadableStore implements FreshnessStore {

        private final InMemoryFreshnessStore writes = new InMemoryFreshnessStore();
        private final RuntimeException readFailure;

        UnreadableStore(RuntimeException readFailure) {
            this.readFailure = readFailure;
        }

        @Override
        public void apply(RunEvent event) {
            writes.apply(event);
        }

        @Override
        public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
            writes.createStatusesIfAbsent(scope, datasets);
        }

        @Override
        public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
            throw readFailure;
        }

        @Override
        public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
            throw readFailure;
        }

        @Override
        public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
            throw readFailure;
        }

        @Override
        public List<RunRecord> runHistory(RunId runId) {
            throw readFailure;
        }

        @Override
        public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
            throw readFailure;
        }

        @Override
        public int pruneHistory(Instant olderThan) {
            throw readFailure;
        }

        @Override
        public boolean mayBlock() {
            return false;
        }
    }
}
