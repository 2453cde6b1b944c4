package dev.freshness.acceptance.wrapper;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.track.RunHandle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every job handler of the reference system (docs/reference-system.md) written with the wrapper, each in a few
 * lines, and the statuses that result.
 */
class ReferenceJobsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");

    private final SettableClock clock = SettableClock.at(T0);
    private final InMemoryFreshnessStore store = new InMemoryFreshnessStore();
    private final DatasetFreshness freshness = DatasetFreshness.using(store).withClock(clock).build();

    // ---- meta_sync: one run, five steps, four datasets --------------------------------------------------------

    private void metaSync(Scope brand, RunId runId, boolean assetsFail) throws IOException {
        freshness.job("meta_sync").runId(runId).run(run -> {
            run.track(brand, "meta_ads_performance").run(step -> {
                syncCampaigns(brand);                                    // step 1
                step.recordsAffected(syncInsights(brand));               // step 2
            });
            run.track(brand, "ad_thumbnails").recordsFrom(List<?>::size).call(() -> fetchThumbnails(brand)); // 3
            run.track(brand, "ad_assets").run(step -> step.recordsAffected(downloadAssets(assetsFail)));     // 4
            run.track(brand, "ad_classifications").call(context -> classify(context));                       // 5
        });
    }

    @Test
    void metaSyncRecordsEveryStepUnderTheSchedulersRunId() throws IOException {
        metaSync(ACME, RunId.of("meta_sync#101"), false);

        Map<String, Long> counts = lastSuccessCounts(ACME, "meta_ads_performance", "ad_thumbnails", "ad_assets",
                "ad_classifications");
        assertThat(counts).containsExactly(Map.entry("meta_ads_performance", 120L), Map.entry("ad_thumbnails", 3L),
                Map.entry("ad_assets", 8L), Map.entry("ad_classifications", 5L));
        assertThat(freshness.runHistory(RunId.of("meta_sync#101"))).hasSize(4)
                .allSatisfy(record -> {
                    assertThat(record.job()).contains("meta_sync");
                    assertThat(record.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
                });
    }

    @Test
    void aFailingStepFourOfMetaSyncLeavesStepsOneToThreeSucceeded() throws IOException {
        metaSync(ACME, RunId.of("meta_sync#101"), false);
        clock.advance(Duration.ofHours(6));

        Throwable thrown = catchThrowable(() -> metaSync(ACME, RunId.of("meta_sync#102"), true));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("CDN timed out");
        for (String done : List.of("meta_ads_performance", "ad_thumbnails")) {
            DatasetStatus status = freshness.status(ACME, done);
            assertThat(status.lastSuccess()).get().extracting(DatasetStatus.Success::runId).isEqualTo(RunId.of("meta_sync#102"));
            assertThat(status.latestAttemptFailed()).isFalse();
        }
        DatasetStatus assets = freshness.status(ACME, "ad_assets");
        assertThat(assets.latestAttemptFailed()).isTrue();
        assertThat(assets.lastFailure()).get().satisfies(failure -> {
            assertThat(failure.runId()).isEqualTo(RunId.of("meta_sync#102"));
            assertThat(failure.error().shortForm()).isEqualTo("IOException: CDN timed out");
        });
        assertThat(assets.lastSuccess()).get().extracting(DatasetStatus.Success::runId).isEqualTo(RunId.of("meta_sync#101"));
        DatasetStatus classifications = freshness.status(ACME, "ad_classifications");
        assertThat(classifications.lastStart()).get().extracting(DatasetStatus.Start::runId)
                .as("step 5 never started in the failed run").isEqualTo(RunId.of("meta_sync#101"));
        assertThat(classifications.runsInFlight()).isEmpty();
    }

    // ---- ad_creation: tenant from a join, tracked only when known ---------------------------------------------

    private List<String> adCreation(String productId) throws IOException {
        Optional<Scope> brand = tenantOfProduct(productId).map(Scope::tenant);
        return freshness.track(brand, "ad_creations").recordsFrom(List<?>::size).call(() -> createAds(productId));
    }

    @Test
    void adCreationIsTrackedForAKnownTenantAndOnlyRunsForAnUnknownOne() throws IOException {
        assertThat(adCreation("p-acme")).hasSize(4);
        assertThat(adCreation("p-orphan")).hasSize(4);

        assertThat(freshness.status(ACME, "ad_creations").lastSuccess()).get()
                .extracting(DatasetStatus.Success::recordsAffected).isEqualTo(4L);
        assertThat(freshness.statusesLastSucceededBefore("ad_creations", T0.plusSeconds(1), 10).statuses())
                .extracting(DatasetStatus::scope).containsExactly(ACME);
    }

    // ---- scorecard, template_scrape: always a tenant ----------------------------------------------------------

    record Scorecard(long adsAnalysed) {
    }

    @Test
    void scorecardCountsTheAdsAnalysedFromItsResult() {
        Scorecard card = freshness.track(ACME, "scorecard").job("scorecard").recordsFrom(Scorecard::adsAnalysed)
                .call(() -> new Scorecard(42));

        assertThat(card.adsAnalysed()).isEqualTo(42);
        assertThat(freshness.status(ACME, "scorecard").lastSuccess()).get()
                .extracting(DatasetStatus.Success::recordsAffected).isEqualTo(42L);
    }

    @Test
    void templateScrapeAsAnAsyncJobIsRecordedWhenItsFutureCompletes() {
        CompletableFuture<Integer> scraping = new CompletableFuture<>();
        CompletableFuture<Integer> tracked = freshness.track(ACME, "templates_scraped").job("template_scrape")
                .recordsFrom(Integer::longValue).callAsync(() -> scraping);

        assertThat(freshness.status(ACME, "templates_scraped").runsInFlight()).hasSize(1);
        clock.advance(Duration.ofMinutes(3));
        scraping.complete(11);

        assertThat(tracked.join()).isEqualTo(11);
        DatasetStatus status = freshness.status(ACME, "templates_scraped");
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(status.lastSuccess()).get().satisfies(success -> {
            assertThat(success.recordsAffected()).isEqualTo(11);
            assertThat(success.at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        });
    }

    // ---- template_approval: queue items of every tenant, per item's tenant and globally ---------------------

    record QueueItem(String tenantId, String templateId) {
    }

    @Test
    void templateApprovalRecordsEachTenantItTouchedWithItsOwnCountAndAGlobalTotal() {
        List<QueueItem> queue = List.of(new QueueItem("acme", "t1"), new QueueItem("globex", "t2"),
                new QueueItem("acme", "t3"), new QueueItem("acme", "t4"));

        freshness.job("template_approval").runId(RunId.of("approval#7")).run(run -> {
            for (QueueItem item : queue) {
                approve(item);
                run.touched(Scope.tenant(item.tenantId()), "template_approvals", 1);
            }
            run.touched(Scope.global(), "template_approvals", queue.size());
        });

        assertThat(successCount(ACME, "template_approvals")).isEqualTo(3);
        assertThat(successCount(GLOBEX, "template_approvals")).isEqualTo(1);
        assertThat(successCount(Scope.global(), "template_approvals")).isEqualTo(4);
        assertThat(freshness.runHistory(RunId.of("approval#7"))).hasSize(3)
                .allSatisfy(record -> assertThat(record.job()).contains("template_approval"));
    }

    // ---- congruence_reanalysis: tracked only when a target tenant is set ---------------------------------------

    private int congruenceReanalysis(Scope brand, Optional<String> targetTenant) {
        return freshness.track(brand, "congruence_analysis").onlyIf(targetTenant.isPresent())
                .recordsFrom(Integer::longValue).call(() -> 6);
    }

    @Test
    void congruenceReanalysisIsTrackedOnlyWhenATargetTenantIsSet() {
        assertThat(congruenceReanalysis(GLOBEX, Optional.empty())).isEqualTo(6);
        assertThat(congruenceReanalysis(ACME, Optional.of("acme"))).isEqualTo(6);

        assertThat(freshness.status(GLOBEX, "congruence_analysis").isEmpty()).isTrue();
        assertThat(successCount(ACME, "congruence_analysis")).isEqualTo(6);
    }

    // ---- ad_classification, asset_download: second producers of a dataset -------------------------------------

    @Test
    void adClassificationIsASecondProducerAndTheLaterSuccessWins() throws IOException {
        metaSync(ACME, RunId.of("meta_sync#101"), false);
        clock.advance(Duration.ofHours(1));

        long classified = freshness.track(ACME, "ad_classifications").job("ad_classification")
                .runId(RunId.of("classify#9")).recordsFrom(Long::longValue).call(() -> 30L);

        assertThat(classified).isEqualTo(30);
        DatasetStatus status = freshness.status(ACME, "ad_classifications");
        assertThat(status.lastSuccess()).get().satisfies(success -> {
            assertThat(success.runId()).isEqualTo(RunId.of("classify#9"));
            assertThat(success.recordsAffected()).isEqualTo(30);
        });
        assertThat(freshness.history(ACME, "ad_classifications", 10)).extracting(record -> record.job().orElseThrow())
                .containsExactly("ad_classification", "meta_sync");
    }

    @Test
    void assetDownloadWithARunHandleCountsVideosAndImages() {
        try (RunHandle run = freshness.track(ACME, "ad_assets").job("asset_download").start()) {
            int videos = 2;
            int images = 5;
            run.succeeded(videos + images);
        }
        try (RunHandle crashed = freshness.track(GLOBEX, "ad_assets").job("asset_download").start()) {
            // The download stops here without reporting: closing the handle records that.
            assertThat(crashed.tracked()).isTrue();
        }

        assertThat(successCount(ACME, "ad_assets")).isEqualTo(7);
        assertThat(freshness.status(GLOBEX, "ad_assets").lastFailure()).get()
                .extracting(failure -> failure.error().type()).isEqualTo(RunHandle.CLOSED_WITHOUT_OUTCOME.type());
    }

    // ---- the jobs' own work, faked -----------------------------------------------------------------------------

    private static void syncCampaigns(Scope brand) {
        assertThat(brand).isNotNull();
    }

    private static long syncInsights(Scope brand) {
        return 120;
    }

    private static List<String> fetchThumbnails(Scope brand) {
        return List.of("th1", "th2", "th3");
    }

    private static long downloadAssets(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("CDN timed out");
        }
        return 8;
    }

    private static int classify(dev.freshness.track.RunContext context) {
        context.recordsAffected(5);
        return 5;
    }

    private static Optional<String> tenantOfProduct(String productId) {
        return productId.equals("p-acme") ? Optional.of("acme") : Optional.empty();
    }

    private static List<String> createAds(String productId) {
        return List.of("ad1", "ad2", "ad3", "ad4");
    }

    private static void approve(QueueItem item) {
        assertThat(item.templateId()).isNotBlank();
    }

    private long successCount(Scope scope, String dataset) {
        return freshness.status(scope, dataset).lastSuccess().orElseThrow().recordsAffected();
    }

    private Map<String, Long> lastSuccessCounts(Scope scope, String... datasets) {
        return freshness.statuses(scope, List.of(datasets)).entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().value(), entry -> entry.getValue().lastSuccess().orElseThrow().recordsAffected(),
                (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
