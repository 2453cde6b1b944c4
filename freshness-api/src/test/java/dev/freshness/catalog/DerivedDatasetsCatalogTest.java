package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Derived datasets in the catalog: declared in code and in properties, checked for unknown inputs and cycles. */
class DerivedDatasetsCatalogTest {

    private static Catalog.Builder reference() {
        return Catalog.builder()
                .dataset("meta_ads_performance", "Meta ads performance")
                .dataset("ad_classifications", "Ad classifications")
                .dataset("hook_analysis", "Hook analysis")
                .dataset("scorecard", "Scorecard")
                .producer("meta_sync", "meta_ads_performance", "ad_classifications")
                .producer("scorecard", "scorecard", "hook_analysis");
    }

    private static DatasetKey key(String value) {
        return DatasetKey.of(value);
    }

    @Test
    void inputsAreListedDirectlyAndTransitivelyInTheOrderDeclared() {
        Catalog catalog = reference()
                .derived("scorecard", "hook_analysis", "meta_ads_performance")
                .derived("hook_analysis", "ad_classifications", "meta_ads_performance")
                .build();

        assertThat(catalog.inputsOf(key("scorecard"))).containsExactly(key("hook_analysis"), key("meta_ads_performance"));
        assertThat(catalog.upstreamOf(key("scorecard")))
                .containsExactly(key("hook_analysis"), key("ad_classifications"), key("meta_ads_performance"));
        assertThat(catalog.inputsOf(key("meta_ads_performance"))).isEmpty();
        assertThat(catalog.upstreamOf(key("meta_ads_performance"))).isEmpty();
    }

    @Test
    void anInputOfADatasetAPageNeedsIsNoDatasetNobodyNeeds() {
        Catalog catalog = reference()
                .derived("scorecard", "hook_analysis")
                .derived("hook_analysis", "ad_classifications")
                .page("scorecard", "Scorecard", Requirement.of("scorecard", Duration.ofHours(24)))
                .build();

        assertThat(catalog.findings()).filteredOn(finding -> finding.kind() == CatalogFinding.Kind.DATASET_NOT_CONSUMED)
                .extracting(CatalogFinding::subject).containsExactly("meta_ads_performance");
    }

    @Test
    void aCycleIsRejectedNamingIt() {
        Catalog.Builder builder = reference()
                .derived("scorecard", "hook_analysis")
                .derived("hook_analysis", "ad_classifications", "scorecard");

        assertThatThrownBy(builder::build).isInstanceOf(InvalidCatalogException.class)
                .hasMessage("derived dataset 'scorecard' is derived from itself through a cycle: "
                        + "scorecard -> hook_analysis -> scorecard");
    }

    @Test
    void aLongerCycleIsNamedFromTheFirstDerivedDatasetDeclaredOnIt() {
        Catalog.Builder builder = reference()
                .derived("meta_ads_performance", "ad_classifications")
                .derived("scorecard", "hook_analysis")
                .derived("hook_analysis", "meta_ads_performance")
                .derived("ad_classifications", "scorecard");

        assertThatThrownBy(builder::build).isInstanceOf(InvalidCatalogException.class)
                .hasMessageEndingWith("cycle: meta_ads_performance -> ad_classifications -> scorecard -> hook_analysis"
                        + " -> meta_ads_performance");
    }

    @Test
    void aSelfLoopIsRejected() {
        Catalog.Builder builder = reference().derived("scorecard", "meta_ads_performance", "scorecard");

        assertThatThrownBy(builder::build).isInstanceOf(InvalidCatalogException.class)
                .hasMessage("derived dataset 'scorecard' is derived from itself: scorecard -> scorecard");
    }

    @Test
    void aDiamondIsNoCycle() {
        Catalog catalog = reference()
                .derived("scorecard", "hook_analysis", "ad_classifications")
                .derived("hook_analysis", "ad_classifications")
                .build();

        assertThat(catalog.upstreamOf(key("scorecard"))).containsExactly(key("hook_analysis"), key("ad_classifications"));
    }

    @Test
    void inputsAndDerivedDatasetsMustBeDeclared() {
        assertThatThrownBy(() -> reference().derived("scorecard", "landing_pages").build())
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("derived dataset 'scorecard' is derived from 'landing_pages', which is not a declared dataset");
        assertThatThrownBy(() -> reference().derived("landing_pages", "scorecard").build())
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("derived dataset 'landing_pages' is not a declared dataset");
    }

    @Test
    void aDerivedDatasetIsDeclaredOnceWithInputsNamedOnce() {
        assertThatThrownBy(() -> reference().derived("scorecard", "hook_analysis").derived("scorecard", "ad_classifications"))
                .isInstanceOf(InvalidCatalogException.class).hasMessage("derived dataset 'scorecard' is declared twice");
        assertThatThrownBy(() -> reference().derived("scorecard"))
                .isInstanceOf(InvalidCatalogException.class).hasMessage("derived dataset 'scorecard' names no input");
        assertThatThrownBy(() -> reference().derived("scorecard", "hook_analysis", "hook_analysis"))
                .isInstanceOf(InvalidCatalogException.class).hasMessageStartingWith("derived dataset 'scorecard' names one input twice");
        assertThatThrownBy(() -> reference().derived("scorecard", "bad key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad key");
    }

    @Test
    void theMarkdownTableShowsTheInputsOnlyWhenTheCatalogDeclaresDerivedDatasets() {
        Catalog derived = reference().derived("scorecard", "meta_ads_performance", "ad_classifications")
                .page("scorecard", "Scorecard", Requirement.of("scorecard", Duration.ofHours(24))).build();
        Catalog plain = reference().page("scorecard", "Scorecard", Requirement.of("scorecard", Duration.ofHours(24))).build();

        assertThat(derived.toMarkdownTable()).isEqualTo("""
                | Dataset | Produced by | Derived from | Consumed by | Max age |
                |---|---|---|---|---|
                | `meta_ads_performance` | `meta_sync` | none | none | none |
                | `ad_classifications` | `meta_sync` | none | none | none |
                | `hook_analysis` | `scorecard` | none | none | none |
                | `scorecard` | `scorecard` | `meta_ads_performance`, `ad_classifications` | `scorecard` | 24 hours |
                """);
        assertThat(plain.toMarkdownTable()).startsWith("| Dataset | Produced by | Consumed by | Max age |\n");
    }

    private static final String PROPERTIES = """
            dataset.meta_ads_performance = Meta ads performance
            dataset.ad_classifications = Ad classifications
            dataset.hook_analysis = Hook analysis
            dataset.scorecard = Scorecard
            dataset.scorecard.derived-from = hook_analysis, meta_ads_performance
            dataset.hook_analysis.derived-from = ad_classifications
            job.meta_sync = meta_ads_performance, ad_classifications
            job.scorecard = scorecard, hook_analysis
            """;

    @Test
    void thePropertiesFormatDeclaresTheSameInputsAsTheBuilder() {
        Catalog read = Catalog.fromProperties(new StringReader(PROPERTIES), "catalog.properties");
        Catalog built = reference().derived("scorecard", "hook_analysis", "meta_ads_performance")
                .derived("hook_analysis", "ad_classifications").build();

        for (String dataset : new String[] {"scorecard", "hook_analysis", "meta_ads_performance"}) {
            assertThat(read.inputsOf(key(dataset))).isEqualTo(built.inputsOf(key(dataset)));
        }
        assertThat(read.toMarkdownTable()).isEqualTo(built.toMarkdownTable());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(PROPERTIES + "dataset.ad_classifications.derived-from = scorecard\n", 5,
                        "derived dataset 'scorecard' is derived from itself through a cycle: "
                                + "scorecard -> hook_analysis -> ad_classifications -> scorecard"),
                Arguments.of(PROPERTIES.replace("derived-from = ad_classifications", "derived-from = hook_analysis"), 6,
                        "derived dataset 'hook_analysis' is derived from itself: hook_analysis -> hook_analysis"),
                Arguments.of(PROPERTIES.replace("derived-from = ad_classifications", "derived-from = landing_pages"), 6,
                        "derived dataset 'hook_analysis' is derived from 'landing_pages', which is not a declared dataset"),
                Arguments.of(PROPERTIES.replace("derived-from = ad_classifications", "derived-from ="), 6,
                        "derived dataset 'hook_analysis' names no input"),
                Arguments.of(PROPERTIES + "dataset.landing_pages.derived-from = scorecard\n", 9,
                        "key 'dataset.landing_pages.derived-from' refers to 'landing_pages', which has no "
                                + "'dataset.landing_pages = <title>' line"),
                Arguments.of(PROPERTIES + "dataset.scorecard.derived_from = hook_analysis\n", 9,
                        "key 'dataset.scorecard.derived_from' is not understood: 'scorecard' is declared, and "
                                + "'derived_from' is not one of its settings ('max-run', 'derived-from')"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedDerivedFromLineIsNamedByItsLine(String text, int line, String problem) {
        assertThatThrownBy(() -> Catalog.fromProperties(new StringReader(text), "rules.properties"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("rules.properties line " + line + ": " + problem)
                .satisfies(e -> assertThat(((InvalidCatalogException) e).line()).hasValue(line));
    }
}
