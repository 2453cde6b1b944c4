package dev.freshness.acceptance.wrapper;

import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.acceptance.reference.ReferenceJobs;
import dev.freshness.acceptance.reference.ReferenceJobs.QueueItem;
import dev.freshness.acceptance.reference.ReferenceJobs.Scorecard;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.track.RunHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every job handler of the reference system (docs/reference-system.md), written with the wrapper in
 * {@link ReferenceJobs}, and the statuses that result.
 */
class ReferenceJobsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");

    private final SettableClock clock = SettableClock.at(T0);
    private final DatasetFreshness freshness = DatasetFreshness
            .using(new InMemoryFreshnessStore(), ReferenceSystem.catalogOfTheTrackedJobs()).withClock(clock).build();
    private final FreshnessRecords records = freshness.records();
    private final ReferenceJobs jobs = new ReferenceJobs(freshness);

    @AfterEach
    void close() {
        freshness.close();
    }

    // ---- meta_sync: one run, five steps, four datasets --------------------------------------------------------

    @Test
    void metaSyncRecordsEveryStepUnderTheSchedulersRunId() throws IOException {
        jobs.metaSync(ACME, RunId.of("meta_sync#101"), false);

        Map<String, Long> counts = lastSuccessCounts(ACME, "meta_ads_performance", "ad_thumbnails", "ad_assets",
                "ad_classifications");
        assertThat(counts).containsExactly(Map.entry("meta_ads_performance", 120L), Map.entry("ad_thumbnails", 3L),
                Map.entry("ad_assets", 8L), Map.entry("ad_classifications", 5L));
        assertThat(records.runHistory(RunId.of("meta_sync#101"))).hasSize(4)
                .allSatisfy(record -> {
                    assertThat(record.job()).contains("meta_sync");
                    assertThat(record.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
                });
    }

    @Test
    void aFailingStepFourOfMetaSyncLeavesStepsOneToThreeSucceeded() throws IOException {
        jobs.metaSync(ACME, RunId.of("meta_sync#101"), false);
        clock.advance(Duration.ofHours(6));

        Throwable thrown = catchThrowable(() -> jobs.metaSync(ACME, RunId.of("meta_sync#102"), true));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("CDN timed out");
        for (String done : List.of("meta_ads_performance", "ad_thumbnails")) {
            DatasetStatus status = records.status(ACME, done);
            assertThat(status.lastSuccess()).get().extracting(DatasetStatus.Success::runId).isEqualTo(RunId.of("meta_sync#102"));
            assertThat(status.latestAttemptFailed()).isFalse();
        }
        DatasetStatus assets = records.status(ACME, "ad_assets");
        assertThat(assets.latestAttemptFailed()).isTrue();
        assertThat(assets.lastFailure()).get().satisfies(failure -> {
            assertThat(failure.runId()).isEqualTo(RunId.of("meta_sync#102"));
            assertThat(failure.error().shortForm()).isEqualTo("IOException: CDN timed out");
        });
        assertThat(assets.lastSuccess()).get().extracting(DatasetStatus.Success::runId).isEqualTo(RunId.of("meta_sync#101"));
        DatasetStatus classifications = records.status(ACME, "ad_classifications");
        assertThat(classifications.lastStart()).get().extracting(DatasetStatus.Start::runId)
                .as("step 5 never started in the failed run").isEqualTo(RunId.of("meta_sync#101"));
        assertThat(classifications.runsInFlight()).isEmpty();
    }

    // ---- ad_creation: tenant from a join, tracked only when known ---------------------------------------------

    @Test
    void adCreationIsTrackedForAKnownTenantAndOnlyRunsForAnUnknownOne() {
        assertThat(jobs.adCreation("p-acme")).hasSize(4);
        assertThat(jobs.adCreation(ReferenceJobs.ORPHAN_PRODUCT)).hasSize(4);

        assertThat(records.status(ACME, "ad_creations").lastSuccess()).get()
                .extracting(DatasetStatus.Success::recordsAffected).isEqualTo(4L);
        assertThat(records.statusesLastSucceededBefore("ad_creations", T0.plusSeconds(1)))
                .extracting(DatasetStatus::scope).containsExactly(ACME);
    }

    // ---- scorecard, template_scrape: always a tenant ----------------------------------------------------------

    @Test
    void scorecardCountsTheAdsAnalysedFromItsResult() {
        Scorecard card = jobs.scorecard(ACME);

        assertThat(card.adsAnalysed()).isEqualTo(42);
        assertThat(records.status(ACME, "scorecard").lastSuccess()).get()
                .extracting(DatasetStatus.Success::recordsAffected).isEqualTo(42L);
    }

    @Test
    void templateScrapeAsAnAsyncJobIsRecordedWhenItsFutureCompletes() {
        CompletableFuture<Integer> scraping = new CompletableFuture<>();
        CompletableFuture<Integer> tracked = jobs.templateScrape(ACME, () -> scraping);

        assertThat(records.status(ACME, "templates_scraped").runsInFlight()).hasSize(1);
        clock.advance(Duration.ofMinutes(3));
        scraping.complete(11);

        assertThat(tracked.join()).isEqualTo(11);
        DatasetStatus status = records.status(ACME, "templates_scraped");
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(status.lastSuccess()).get().satisfies(success -> {
            assertThat(success.recordsAffected()).isEqualTo(11);
            assertThat(success.at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        });
    }

    // ---- template_approval: queue items of every tenant, per item's tenant and globally ---------------------

    @Test
    void templateApprovalRecordsEachTenantItTouchedWithItsOwnCountAndAGlobalTotal() {
        List<QueueItem> queue = List.of(new QueueItem("acme", "t1"), new QueueItem("globex", "t2"),
                new QueueItem("acme", "t3"), new QueueItem("acme", "t4"));

        jobs.templateApproval(RunId.of("approval#7"), queue);

        assertThat(successCount(ACME, "template_approvals")).isEqualTo(3);
        assertThat(successCount(GLOBEX, "template_approvals")).isEqualTo(1);
        assertThat(successCount(Scope.global(), "template_approvals")).isEqualTo(4);
        assertThat(records.runHistory(RunId.of("approval#7"))).hasSize(3)
                .allSatisfy(record -> assertThat(record.job()).contains("template_approval"));
    }

    // ---- congruence_reanalysis: tracked only when a target tenant is set ---------------------------------------

    @Test
    void congruenceReanalysisIsTrackedOnlyWhenATargetTenantIsSet() {
        assertThat(jobs.congruenceReanalysis(GLOBEX, Optional.empty())).isEqualTo(6);
        assertThat(jobs.congruenceReanalysis(ACME, Optional.of("acme"))).isEqualTo(6);

        assertThat(records.status(GLOBEX, "congruence_analysis").isEmpty()).isTrue();
        assertThat(successCount(ACME, "congruence_analysis")).isEqualTo(6);
    }

    // ---- ad_classification, asset_download: second producers of a dataset -------------------------------------

    @Test
    void adClassificationIsASecondProducerAndTheLaterSuccessWins() throws IOException {
        jobs.metaSync(ACME, RunId.of("meta_sync#101"), false);
        clock.advance(Duration.ofHours(1));

        long classified = jobs.adClassification(ACME, RunId.of("classify#9"));

        assertThat(classified).isEqualTo(30);
        DatasetStatus status = records.status(ACME, "ad_classifications");
        assertThat(status.lastSuccess()).get().satisfies(success -> {
            assertThat(success.runId()).isEqualTo(RunId.of("classify#9"));
            assertThat(success.recordsAffected()).isEqualTo(30);
        });
        assertThat(records.history(ACME, "ad_classifications", 10)).extracting(record -> record.job().orElseThrow())
                .containsExactly("ad_classification", "meta_sync");
    }

    @Test
    void assetDownloadWithARunHandleCountsVideosAndImages() {
        jobs.assetDownload(ACME, 2, 5);
        try (RunHandle crashed = freshness.track(GLOBEX, "ad_assets").job("asset_download").start()) {
            // The download stops here without reporting: closing the handle records that.
            assertThat(crashed.tracked()).isTrue();
        }

        assertThat(successCount(ACME, "ad_assets")).isEqualTo(7);
        assertThat(records.status(GLOBEX, "ad_assets").lastFailure()).get()
                .extracting(failure -> failure.error().type()).isEqualTo(RunHandle.CLOSED_WITHOUT_OUTCOME.type());
    }

    private long successCount(Scope scope, String dataset) {
        return records.status(scope, dataset).lastSuccess().orElseThrow().recordsAffected();
    }

    private Map<String, Long> lastSuccessCounts(Scope scope, String... datasets) {
        return records.statuses(scope, List.of(datasets)).entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().value(), entry -> entry.getValue().lastSuccess().orElseThrow().recordsAffected(),
                (a, b) -> a, LinkedHashMap::new));
    }
}
