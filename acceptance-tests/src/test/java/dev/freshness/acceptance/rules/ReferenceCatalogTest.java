package dev.freshness.acceptance.rules;

import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.CatalogFinding.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The pages of docs/reference-system.md as a catalog: what validation finds, and the registry it exports. */
class ReferenceCatalogTest {

    private static final String REGISTRY = """
            | Dataset | Produced by | Consumed by | Max age |
            |---|---|---|---|
            | `meta_ads_performance` | `meta_sync` | `ad_performance` | 24 hours |
            | `ad_thumbnails` | `meta_sync` | none | none |
            | `ad_assets` | `meta_sync`, `asset_download` | none | none |
            | `ad_classifications` | `meta_sync`, `ad_classification` | `hook_analysis`, `congruence_insights` | 48 hours |
            | `ad_creations` | `ad_creation` | none | none |
            | `scorecard` | `scorecard` | none | none |
            | `templates_scraped` | `template_scrape` | `template_queue` | 7 days |
            | `congruence_analysis` | `congruence_reanalysis` | none | none |
            | `landing_pages` | none | `congruence_insights` | 7 days |
            """;

    @Test
    void flagsLandingPagesAsUnproducedAndListsTheDatasetsNoPageNeeds() {
        Catalog catalog = ReferenceSystem.catalog();

        assertThat(catalog.findings()).extracting(CatalogFinding::kind, CatalogFinding::subject).containsExactly(
                tuple(Kind.DATASET_NOT_PRODUCED, "landing_pages"),
                tuple(Kind.DATASET_NOT_CONSUMED, "ad_thumbnails"),
                // The reference system's list forgets ad_assets, but no page of its table needs it.
                tuple(Kind.DATASET_NOT_CONSUMED, "ad_assets"),
                tuple(Kind.DATASET_NOT_CONSUMED, "ad_creations"),
                tuple(Kind.DATASET_NOT_CONSUMED, "scorecard"),
                tuple(Kind.DATASET_NOT_CONSUMED, "congruence_analysis"),
                tuple(Kind.PAGE_NEEDS_NOTHING, "template_evaluation"),
                tuple(Kind.JOB_PRODUCES_NOTHING, "template_approval"));
        assertThat(catalog.findings().get(0).message())
                .isEqualTo("dataset 'landing_pages' has no producer: congruence_insights will never see it fresh");
    }

    @Test
    void exportsTheRegistryTheOriginalSystemKeptByHand() {
        assertThat(ReferenceSystem.catalog().toMarkdownTable()).isEqualTo(REGISTRY);
    }

    @Test
    void theSameRulesReadFromConfigurationMakeTheSameCatalog() {
        Catalog fromConfiguration = Catalog.fromResource("reference-catalog.properties");
        Catalog inCode = ReferenceSystem.catalog();

        assertThat(fromConfiguration.datasets()).isEqualTo(inCode.datasets());
        assertThat(fromConfiguration.producers()).isEqualTo(inCode.producers());
        assertThat(fromConfiguration.pages()).isEqualTo(inCode.pages());
        assertThat(fromConfiguration.findings()).isEqualTo(inCode.findings());
        assertThat(fromConfiguration.toMarkdownTable()).isEqualTo(REGISTRY);
    }
}
