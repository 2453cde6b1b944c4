package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.examples.ControlPlane.QueueItem;
import dev.freshness.examples.ControlPlane.Scorecard;
import dev.freshness.track.RunHandle;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The eight job handlers of the reference system (docs/reference-system.md), as ordinary methods wrapped with the
 * library. Before Freshness each handler called record-start, record-success and record-failure by hand, with
 * hand-written guards; here each says once what it refreshes, and the wrapper does the rest. Every handler
 * returns the job's own value and throws the job's own exception, exactly as it would untracked.
 */
public final class ReferenceJobs {

    private final DatasetFreshness freshness;
    private final ControlPlane plane;

    /** Handlers that record into {@code freshness} and do their work on {@code plane}. */
    public ReferenceJobs(DatasetFreshness freshness, ControlPlane plane) {
        this.freshness = freshness;
        this.plane = plane;
    }

    /**
     * meta_sync: one run, five steps, four datasets, all under the scheduler's run id. Each step records its
     * own outcome, so a failure in step 4 leaves steps 1 to 3 refreshed. Step 5 runs only for tenants with
     * ad classification switched on.
     */
    public void metaSync(String tenantId, RunId runId) throws MetaApiException {
        Scope brand = Scope.tenant(tenantId);
        freshness.job("meta_sync").runId(runId).run(run -> {
            run.track(brand, "meta_ads_performance").run(step -> {
                plane.syncCampaigns(tenantId);                                   // step 1
                step.recordsAffected(plane.syncInsights(tenantId));              // step 2
            });
            run.track(brand, "ad_thumbnails").recordsFrom(List<?>::size)
                    .call(() -> plane.fetchThumbnails(tenantId));                // step 3
            run.track(brand, "ad_assets").run(step -> {                          // step 4
                step.addRecordsAffected(plane.downloadVideos(tenantId));
                step.addRecordsAffected(plane.downloadImages(tenantId));
            });
            if (plane.tenant(tenantId).classifiesAds()) {
                run.track(brand, "ad_classifications").recordsFrom(Integer::longValue)
                        .call(() -> plane.classifyAds(tenantId));                // step 5
            }
        });
    }

    /**
     * ad_creation: the tenant comes from a join on the product. When the join finds none (the brand was
     * deleted), the ads are still created, and nothing is recorded: there is no tenant to record them for.
     */
    public List<String> adCreation(String productId) {
        Optional<Scope> brand = plane.tenantOfProduct(productId).map(Scope::tenant);
        return freshness.track(brand, "ad_creations").job("ad_creation").recordsFrom(List<?>::size)
                .call(() -> plane.createAds(productId));
    }

    /** scorecard: always has a tenant; the records affected are the ads the scorecard analysed. */
    public Scorecard scorecard(String tenantId) {
        return freshness.track(Scope.tenant(tenantId), "scorecard").job("scorecard")
                .recordsFrom(Scorecard::adsAnalysed)
                .call(() -> plane.buildScorecard(tenantId));
    }

    /**
     * template_scrape: an asynchronous job. Its run is recorded when the scrape completes, not when it is
     * started; until then the dataset shows as refreshing.
     */
    public CompletableFuture<Integer> templateScrape(String tenantId) {
        return freshness.track(Scope.tenant(tenantId), "templates_scraped").job("template_scrape")
                .recordsFrom(Integer::longValue)
                .callAsync(() -> plane.scrapeTemplates(tenantId));
    }

    /**
     * template_approval: works through one queue holding the templates of every tenant. It could not be
     * tracked when a status needed one tenant; now each item's tenant gets its own count, and the global scope
     * the total, all in one run.
     */
    public int templateApproval(RunId runId) {
        return freshness.job("template_approval").runId(runId).call(run -> {
            List<QueueItem> queue = plane.takeApprovalQueue();
            for (QueueItem item : queue) {
                plane.approve(item);
                run.touched(Scope.tenant(item.tenantId()), "template_approvals", 1);
            }
            run.touched(Scope.global(), "template_approvals", queue.size());
            return queue.size();
        });
    }

    /**
     * congruence_reanalysis: tracked only when a target tenant is given. A full reanalysis of every tenant
     * runs untracked, because it refreshes no single tenant's dataset in full.
     */
    public int congruenceReanalysis(Optional<String> targetTenant) {
        return freshness.track(targetTenant.map(Scope::tenant), "congruence_analysis").job("congruence_reanalysis")
                .recordsFrom(Integer::longValue)
                .call(() -> plane.reanalyseCongruence(targetTenant));
    }

    /** ad_classification: always has a tenant; a second producer of {@code ad_classifications}. */
    public int adClassification(String tenantId, RunId runId) {
        return freshness.track(Scope.tenant(tenantId), "ad_classifications").job("ad_classification").runId(runId)
                .recordsFrom(Integer::longValue)
                .call(() -> plane.classifyAds(tenantId));
    }

    /**
     * asset_download: a second producer of {@code ad_assets}, written the old way (start at the top, success
     * before the end, failure in the catch) with a {@link RunHandle}, as code that cannot be put in a lambda
     * would be.
     */
    public int assetDownload(String tenantId) {
        try (RunHandle run = freshness.track(Scope.tenant(tenantId), "ad_assets").job("asset_download").start()) {
            try {
                int downloaded = plane.downloadVideos(tenantId) + plane.downloadImages(tenantId);
                run.succeeded(downloaded);
                return downloaded;
            } catch (RuntimeException e) {
                run.failed(e);
                throw e;
            }
        }
    }
}
