package dev.freshness.micrometer;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;

import java.time.Duration;

/** A slice of the reference system: three datasets with their jobs, two pages. */
final class ReferenceCatalog {

    static final Catalog CATALOG = Catalog.builder()
            .dataset("scorecard", "Scorecard")
            .dataset("ad_classifications", "Ad classifications")
            .dataset("templates_scraped", "Templates scraped")
            .producer("scorecard", "scorecard")
            .producer("ad_classification", "ad_classifications")
            .producer("template_scrape", "templates_scraped")
            .page("hook_analysis", "Hook analysis",
                    Requirement.of("ad_classifications", Duration.ofHours(24)).errorAfter(Duration.ofHours(48)))
            .page("template_queue", "Template queue", Requirement.of("templates_scraped", Duration.ofHours(168)))
            .build();

    private ReferenceCatalog() {
    }
}
