package dev.freshness.acceptance.reference;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;

import java.time.Duration;

/** The jobs, datasets and pages of docs/reference-system.md, built in code. */
public final class ReferenceSystem {

    private ReferenceSystem() {
    }

    /**
     * The catalog of the reference system's tables, as reference-catalog.properties says it too: the
     * {@code template_approval} job produces nothing, {@code landing_pages} has no producer.
     */
    public static Catalog catalog() {
        return builder(false).build();
    }

    /**
     * The same catalog, where {@code template_approval} produces the {@code template_approvals} dataset that its
     * tracked runs record (per item's tenant and globally), as in the example: the catalog of the tracked jobs.
     */
    public static Catalog catalogOfTheTrackedJobs() {
        return builder(true).build();
    }

    private static Catalog.Builder builder(boolean templateApprovals) {
        Catalog.Builder builder = Catalog.builder()
                .dataset("meta_ads_performance", "Meta ads performance", Duration.ofHours(2))
                .dataset("ad_thumbnails", "Ad thumbnails", Duration.ofHours(1))
                .dataset("ad_assets", "Ad assets")
                .dataset("ad_classifications", "Ad classifications", Duration.ofHours(2))
                .dataset("ad_creations", "Ad creations")
                .dataset("scorecard", "Scorecard")
                .dataset("templates_scraped", "Scraped templates");
        if (templateApprovals) {
            builder.dataset("template_approvals", "Template approvals");
        }
        builder.dataset("congruence_analysis", "Congruence analysis")
                .dataset("landing_pages", "Landing pages")
                .producer("meta_sync", "meta_ads_performance", "ad_thumbnails", "ad_assets", "ad_classifications")
                .producer("ad_creation", "ad_creations")
                .producer("scorecard", "scorecard")
                .producer("template_scrape", "templates_scraped");
        if (templateApprovals) {
            builder.producer("template_approval", "template_approvals");
        } else {
            builder.producer("template_approval");
        }
        return builder
                .producer("congruence_reanalysis", "congruence_analysis")
                .producer("ad_classification", "ad_classifications")
                .producer("asset_download", "ad_assets")
                .page("ad_performance", "Ad performance", Requirement.of("meta_ads_performance", Duration.ofHours(24)))
                .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(48)))
                .page("congruence_insights", "Congruence insights",
                        Requirement.of("ad_classifications", Duration.ofHours(48)),
                        Requirement.of("landing_pages", Duration.ofHours(168)))
                .page("template_queue", "Template queue", Requirement.of("templates_scraped", Duration.ofHours(168)))
                .page("template_evaluation", "Template evaluation");
    }
}
