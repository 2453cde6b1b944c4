package dev.freshness.examples.boot;

import dev.freshness.spring.RefreshesDataset;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The eight job handlers of the reference system, each saying once what it refreshes. Each call is tracked
 * through the bean's proxy, so {@link JobSchedule} calls them on this bean, never from inside it.
 */
@Component
public class ReferenceJobs {

    private final ControlPlane plane;

    /** Handlers doing their work on {@code plane}. */
    public ReferenceJobs(ControlPlane plane) {
        this.plane = plane;
    }

    /** meta_sync: one run refreshing three datasets of one tenant; a Meta API failure fails all three. */
    @RefreshesDataset(value = {"meta_ads_performance", "ad_thumbnails", "ad_assets"}, scope = "#tenant",
            records = "#result", job = "meta_sync")
    public long metaSync(String tenant) throws ControlPlane.MetaApiException {
        return plane.syncMeta(tenant);
    }

    /** ad_creation: the tenant comes from a join on the product; a product of no tenant is not tracked. */
    @RefreshesDataset(value = "ad_creations", scope = "#tenant", records = "#result.size()", job = "ad_creation")
    public List<String> adCreation(String productId, String tenant) {
        return plane.createAds(productId);
    }

    /** scorecard: always has a tenant. */
    @RefreshesDataset(value = "scorecard", scope = "#tenant", records = "#result", job = "scorecard")
    public int scorecard(String tenant) {
        return plane.buildScorecard(tenant);
    }

    /** template_scrape: asynchronous, recorded when the scrape completes. */
    @RefreshesDataset(value = "templates_scraped", scope = "#tenant", records = "#result", job = "template_scrape")
    public CompletableFuture<Integer> templateScrape(String tenant) {
        return plane.scrapeTemplates(tenant);
    }

    /** template_approval: the queue of every tenant at once, so the global scope, with the total approved. */
    @RefreshesDataset(value = "template_approvals", records = "#result.total()", job = "template_approval")
    public ControlPlane.Approvals templateApproval() {
        return plane.approveQueue();
    }

    /** congruence_reanalysis: tracked only when a target tenant is given. */
    @RefreshesDataset(value = "congruence_analysis", scope = "#targetTenant", records = "#result",
            job = "congruence_reanalysis")
    public int congruenceReanalysis(String targetTenant) {
        return plane.reanalyseCongruence(targetTenant);
    }

    /** ad_classification: a second producer of ad_classifications; only for tenants that classify ads. */
    @RefreshesDataset(value = "ad_classifications", scope = "#tenant", records = "#result", job = "ad_classification",
            condition = "@controlPlane.classifiesAds(#tenant)")
    public int adClassification(String tenant) {
        return plane.classifyAds(tenant);
    }

    /** asset_download: a second producer of ad_assets. */
    @RefreshesDataset(value = "ad_assets", scope = "#tenant", records = "#result", job = "asset_download")
    public int assetDownload(String tenant) {
        return plane.downloadAssets(tenant);
    }
}
