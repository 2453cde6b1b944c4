package dev.freshness.acceptance.reference;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.RunContext;
import dev.freshness.track.RunHandle;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Every job handler of the reference system (docs/reference-system.md) written with the wrapper, each in a few
 * lines; the jobs' own work is faked with fixed counts.
 */
public final class ReferenceJobs {

    /** An item of the template approval queue, of some tenant. */
    public record QueueItem(String tenantId, String templateId) {
    }

    /** What the scorecard job computes. */
    public record Scorecard(long adsAnalysed) {
    }

    /** The product whose tenant no join finds. */
    public static final String ORPHAN_PRODUCT = "p-orphan";

    private final DatasetFreshness freshness;

    public ReferenceJobs(DatasetFreshness freshness) {
        this.freshness = Objects.requireNonNull(freshness);
    }

    // ---- meta_sync: one run, five steps, four datasets --------------------------------------------------------

    /** Steps 1-2 sync 120 insights, step 3 fetches 3 thumbnails, step 4 downloads 8 assets (or fails), step 5 classifies 5 ads. */
    public void metaSync(Scope brand, RunId runId, boolean assetsFail) throws IOException {
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

    // ---- ad_creation: tenant from a join, tracked only when known ---------------------------------------------

    /** Creates 4 ads for the product; tracked for the product's tenant, when a join finds one. */
    public List<String> adCreation(String productId) {
        Optional<Scope> brand = tenantOfProduct(productId).map(Scope::tenant);
        return freshness.track(brand, "ad_creations").recordsFrom(List<?>::size).call(() -> createAds(productId));
    }

    // ---- scorecard, template_scrape: always a tenant ----------------------------------------------------------

    /** Analyses 42 ads. */
    public Scorecard scorecard(Scope brand) {
        return freshness.track(brand, "scorecard").job("scorecard").recordsFrom(Scorecard::adsAnalysed)
                .call(() -> analyseAds(brand));
    }

    /** Scrapes templates asynchronously: recorded when {@code scraping}'s stage completes. */
    public CompletableFuture<Integer> templateScrape(Scope brand, Supplier<CompletionStage<Integer>> scraping) {
        return freshness.track(brand, "templates_scraped").job("template_scrape")
                .recordsFrom(Integer::longValue).callAsync(scraping::get);
    }

    // ---- template_approval: queue items of every tenant, per item's tenant and globally ---------------------

    /** Approves every item: each tenant touched gets its own count, the global scope the total. */
    public void templateApproval(RunId runId, List<QueueItem> queue) {
        freshness.job("template_approval").runId(runId).run(run -> {
            for (QueueItem item : queue) {
                approve(item);
                run.touched(Scope.tenant(item.tenantId()), "template_approvals", 1);
            }
            run.touched(Scope.global(), "template_approvals", queue.size());
        });
    }

    // ---- congruence_reanalysis: tracked only when a target tenant is set ---------------------------------------

    /** Reanalyses 6 ads; tracked only when a target tenant parameter is set. */
    public int congruenceReanalysis(Scope brand, Optional<String> targetTenant) {
        return freshness.track(brand, "congruence_analysis").onlyIf(targetTenant.isPresent())
                .recordsFrom(Integer::longValue).call(() -> 6);
    }

    // ---- ad_classification, asset_download: second producers of a dataset -------------------------------------

    /** Classifies 30 ads: the second producer of {@code ad_classifications}. */
    public long adClassification(Scope brand, RunId runId) {
        return freshness.track(brand, "ad_classifications").job("ad_classification").runId(runId)
                .recordsFrom(Long::longValue).call(() -> 30L);
    }

    /** Downloads videos and images, with a run handle: the second producer of {@code ad_assets}. */
    public void assetDownload(Scope brand, int videos, int images) {
        try (RunHandle run = freshness.track(brand, "ad_assets").job("asset_download").start()) {
            run.succeeded(videos + images);
        }
    }

    // ---- the jobs' own work, faked -----------------------------------------------------------------------------

    private static void syncCampaigns(Scope brand) {
        Objects.requireNonNull(brand);
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

    private static int classify(RunContext context) {
        context.recordsAffected(5);
        return 5;
    }

    /** The join on the product: {@code p-<tenant>} belongs to the tenant, {@link #ORPHAN_PRODUCT} to none. */
    private static Optional<String> tenantOfProduct(String productId) {
        return productId.equals(ORPHAN_PRODUCT) ? Optional.empty() : Optional.of(productId.substring(2));
    }

    private static List<String> createAds(String productId) {
        return List.of("ad1", "ad2", "ad3", "ad4");
    }

    private static Scorecard analyseAds(Scope brand) {
        return new Scorecard(42);
    }

    private static void approve(QueueItem item) {
        if (item.templateId().isBlank()) {
            throw new IllegalArgumentException("no template id");
        }
    }
}
