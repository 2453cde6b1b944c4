package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A dataset the catalog does not declare is most often a typo, whose runs no page would ever show: WARN (the
 * default) says so once per key and names the closest declared key, REJECT refuses it before anything runs or
 * is written, ALLOW stays silent.
 */
class UndeclaredDatasetPolicyTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final String TYPO = "ad_clasifications";
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("ad_classifications", "Ad classifications")
            .dataset("ad_assets", "Ad assets")
            .dataset("ad_creations", "Ad creations")
            .producer("ad_classification", "ad_classifications")
            .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(48)))
            .build();

    private final RecordingStore store = new RecordingStore(false);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    /** Every way to name a dataset when recording. */
    enum Entry {
        TRACK, TRACK_OPTIONAL, TRACK_NULL_SCOPE, START, RUN_TRACK, RUN_TOUCHED, RUN_SUCCEEDED, RUN_FAILED,
        RECORD_START, RECORD_SUCCESS, RECORD_FAILURE;

        /** Records one run of {@code dataset} this way; {@code ran} is set when the job's own code runs. */
        void record(DatasetFreshness freshness, String dataset, AtomicBoolean ran) {
            switch (this) {
                case TRACK -> freshness.track(ACME, dataset).run(() -> ran.set(true));
                case TRACK_OPTIONAL -> freshness.track(Optional.of(ACME), dataset).run(() -> ran.set(true));
                case TRACK_NULL_SCOPE -> freshness.track((Scope) null, dataset).run(() -> ran.set(true));
                case START -> {
                    try (RunHandle handle = freshness.start(ACME, dataset)) {
                        ran.set(true);
                        handle.succeeded(1);
                    }
                }
                case RUN_TRACK -> freshness.job("meta_sync").run(run -> run.track(ACME, dataset).run(() -> ran.set(true)));
                case RUN_TOUCHED -> freshness.job("template_approval").run(run -> {
                    run.touched(ACME, dataset, 1);
                    ran.set(true);
                });
                case RUN_SUCCEEDED -> freshness.job("template_approval").run(run -> {
                    run.succeeded(ACME, dataset, 1);
                    ran.set(true);
                });
                case RUN_FAILED -> freshness.job("template_approval").run(run -> {
                    run.failed(ACME, dataset, new IllegalStateException("rejected"));
                    ran.set(true);
                });
                case RECORD_START -> freshness.records().recordStart(ACME, dataset, RunId.of("run-1"), null);
                case RECORD_SUCCESS -> freshness.records().recordSuccess(ACME, dataset, RunId.of("run-1"), 1);
                case RECORD_FAILURE -> freshness.records().recordFailure(ACME, dataset, RunId.of("run-1"),
                        new IllegalStateException("rejected"));
            }
        }

        boolean runsCode() {
            return ordinal() < RECORD_START.ordinal();
        }
    }

    @Test
    void warnIsTheDefault() {
        assertThat(DatasetFreshness.DEFAULT_UNDECLARED_DATASET_POLICY).isEqualTo(UndeclaredDatasetPolicy.WARN);

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            DatasetFreshness.using(store, CATALOG).withClock(clock).build().track(ACME, TYPO).run(() -> { });
            assertThat(log.messages(Level.WARN)).hasSize(1);
        }
    }

    @Test
    void warnLogsOncePerKeyNamingTheClosestDeclaredKeyAndRecordsAnyway() {
        DatasetFreshness freshness = instance(UndeclaredDatasetPolicy.WARN);

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            for (Entry entry : Entry.values()) {
                entry.record(freshness, TYPO, new AtomicBoolean());
            }
            freshness.track(ACME, "ad_asets").run(() -> { });
            freshness.track(ACME, "ad_asets").run(() -> { });
            freshness.track(ACME, "ad_classifications").run(() -> { });

            List<String> warnings = log.messages(Level.WARN).stream()
                    .filter(message -> message.startsWith("Tracking ")).toList();
            assertThat(warnings).containsExactly(
                    "Tracking ad_clasifications: dataset 'ad_clasifications' is not declared in the catalog (did you mean"
                            + " 'ad_classifications'?). Its runs are recorded, but no page will ever show it: declare it in"
                            + " the catalog, or fix the key.",
                    "Tracking ad_asets: dataset 'ad_asets' is not declared in the catalog (did you mean 'ad_assets'?)."
                            + " Its runs are recorded, but no page will ever show it: declare it in the catalog, or fix the key.");
        }
        assertThat(store.events()).isNotEmpty().allSatisfy(event -> assertThat(event.dataset().value()).isIn(TYPO, "ad_asets",
                "ad_classifications"));
    }

    @Test
    void warnWithACatalogThatDeclaresNothingSuggestsNothing() {
        DatasetFreshness freshness = DatasetFreshness.using(store, AnyDataset.EMPTY_CATALOG).withClock(clock).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.track(ACME, TYPO).run(() -> { });
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .isEqualTo("Tracking ad_clasifications: dataset 'ad_clasifications' is not declared in the catalog"
                            + " (it declares no dataset). Its runs are recorded, but no page will ever show it: declare it"
                            + " in the catalog, or fix the key.");
        }
    }

    @Test
    void aKeyFarFromEveryDeclaredOneIsNotTakenForATypo() {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            instance(UndeclaredDatasetPolicy.WARN).track(ACME, "orders_v2").run(() -> { });
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("dataset 'orders_v2' is not declared in the catalog (the closest declared key is '")
                    .doesNotContain("did you mean");
        }
    }

    @Test
    void eachInstanceWarnsForItself() {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            instance(UndeclaredDatasetPolicy.WARN).track(ACME, TYPO).run(() -> { });
            instance(UndeclaredDatasetPolicy.WARN).track(ACME, TYPO).run(() -> { });
            assertThat(log.messages(Level.WARN)).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Entry.class)
    void rejectThrowsNamingTheKeyAndTheClosestOneBeforeTheJobRunsAndBeforeTheStoreIsCalled(Entry entry) {
        DatasetFreshness freshness = instance(UndeclaredDatasetPolicy.REJECT);
        AtomicBoolean ran = new AtomicBoolean();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThatThrownBy(() -> entry.record(freshness, TYPO, ran))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dataset 'ad_clasifications' is not declared in the catalog (did you mean"
                            + " 'ad_classifications'?); the undeclared dataset policy is REJECT");
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
        assertThat(ran).as("the job's code did not run").isFalse();
        assertThat(store.writes()).as("the store saw nothing").isEmpty();
    }

    @Test
    void rejectStillTracksDeclaredDatasets() {
        DatasetFreshness freshness = instance(UndeclaredDatasetPolicy.REJECT);

        for (Entry entry : Entry.values()) {
            AtomicBoolean ran = new AtomicBoolean();
            try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
                entry.record(freshness, "ad_classifications", ran);
                assertThat(log.messages(Level.WARN)).noneMatch(message -> message.contains("not declared"));
            }
            assertThat(ran.get()).as("%s ran the job's code", entry).isEqualTo(entry.runsCode());
        }
        assertThat(store.events()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Entry.class, names = "TRACK_NULL_SCOPE", mode = EnumSource.Mode.EXCLUDE) // records nothing
    void aDeclaredDatasetIsRecordedUnderTheCatalogsOwnKey(Entry entry) {
        DatasetFreshness freshness = instance(UndeclaredDatasetPolicy.REJECT);

        entry.record(freshness, new String("ad_classifications"), new AtomicBoolean());

        // The same instance, not an equal one: tracking a declared dataset builds and checks no key per call.
        assertThat(store.events()).isNotEmpty().allSatisfy(event -> assertThat(event.dataset())
                .isSameAs(CATALOG.dataset(event.dataset()).orElseThrow().key()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(UndeclaredDatasetPolicy.class)
    void aMalformedOrNullKeyIsRejectedUnderEveryPolicyBeforeTheStoreIsCalled(UndeclaredDatasetPolicy policy) {
        DatasetFreshness freshness = instance(policy);

        assertThatThrownBy(() -> freshness.track(ACME, "ad classifications"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ad classifications'");
        assertThatThrownBy(() -> freshness.track(ACME, (String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> freshness.records().recordStart(ACME, "", RunId.of("run-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.writes()).isEmpty();
    }

    @Test
    void rejectHappensBeforeAnAsyncJobOrADecoratedJobIsCreated() {
        DatasetFreshness freshness = instance(UndeclaredDatasetPolicy.REJECT);
        AtomicBoolean ran = new AtomicBoolean();
        ThrowingCallable asyncJob = () -> freshness.track(ACME, TYPO).callAsync(() -> {
            ran.set(true);
            return CompletableFuture.completedFuture(1);
        });

        assertThatThrownBy(asyncJob).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> freshness.track(ACME, TYPO).decorateRunnable(() -> ran.set(true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ran).isFalse();
        assertThat(store.writes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Entry.class)
    void allowIsSilent(Entry entry) {
        DatasetFreshness freshness = instance(UndeclaredDatasetPolicy.ALLOW);
        AtomicBoolean ran = new AtomicBoolean();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            entry.record(freshness, TYPO, ran);
            assertThat(log.messages(Level.WARN)).filteredOn(message -> !message.contains("ran untracked")).isEmpty();
            assertThat(log.messages(Level.DEBUG)).noneMatch(message -> message.contains("not declared"));
        }
        assertThat(ran.get()).isEqualTo(entry.runsCode());
    }

    private DatasetFreshness instance(UndeclaredDatasetPolicy policy) {
        return DatasetFreshness.using(store, CATALOG).withClock(clock).withUndeclaredDatasetPolicy(policy).build();
    }
}
