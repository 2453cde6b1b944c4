package dev.freshness.spring.boot;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.FreshnessStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.time.Duration;
import java.util.List;

import static dev.freshness.spring.boot.FreshnessAutoConfigurationTest.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

/** The catalog in {@code freshness.catalog} or at {@code freshness.catalog-location}, and its errors. */
class CatalogPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class))
            .withBean(FreshnessStore.class, InMemoryFreshnessStore::new);

    private final ApplicationContextRunner reference = runner.withPropertyValues(
            "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
            "freshness.catalog.datasets.ad_classifications.max-run-duration=2h",
            "freshness.catalog.datasets.landing_pages.title=Landing pages",
            "freshness.catalog.datasets[Meta.Ads-v2].title=Meta ads, v2",
            "freshness.catalog.producers.ad_classification=ad_classifications",
            "freshness.catalog.producers.meta_sync[0]=Meta.Ads-v2",
            "freshness.catalog.producers.meta_sync[1]=ad_classifications",
            "freshness.catalog.pages.hook_analysis.title=Hook analysis",
            "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h",
            "freshness.catalog.pages.hook_analysis.needs.ad_classifications.error-after=7d",
            "freshness.catalog.pages.congruence_insights.title=Congruence insights",
            "freshness.catalog.pages.congruence_insights.needs.ad_classifications.warn-after=48h",
            "freshness.catalog.pages.congruence_insights.needs.landing_pages.warn-after=168h",
            "freshness.catalog.pages.congruence_insights.needs.landing_pages.ignore-empty-refreshes=true",
            "freshness.catalog.pages.template_evaluation.title=Template evaluation");

    @Test
    void aDatasetDerivedFromOthersIsDeclaredWithItsInputs() {
        reference.withPropertyValues(
                        "freshness.catalog.datasets.scorecard.title=Scorecard",
                        "freshness.catalog.datasets.scorecard.derived-from=Meta.Ads-v2, ad_classifications")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Catalog.class).inputsOf(DatasetKey.of("scorecard")))
                            .containsExactly(DatasetKey.of("Meta.Ads-v2"), DatasetKey.of("ad_classifications"));
                });
    }

    @Test
    void theCatalogOfThePropertiesIsTheCatalogBuiltInCode() {
        Catalog expected = Catalog.builder()
                .dataset("ad_classifications", "Ad classifications", Duration.ofHours(2))
                .dataset("landing_pages", "Landing pages")
                .dataset("Meta.Ads-v2", "Meta ads, v2")
                .producer("ad_classification", "ad_classifications")
                .producer("meta_sync", "Meta.Ads-v2", "ad_classifications")
                .page("hook_analysis", "Hook analysis",
                        Requirement.of("ad_classifications", Duration.ofHours(48)).errorAfter(Duration.ofDays(7)))
                .page("congruence_insights", "Congruence insights",
                        Requirement.of("ad_classifications", Duration.ofHours(48)),
                        Requirement.of("landing_pages", Duration.ofHours(168)).ignoringEmptyRefreshes())
                .page(new PageDefinition("template_evaluation", "Template evaluation", List.of()))
                .build();
        reference.run(context -> {
            assertThat(context).hasNotFailed();
            Catalog catalog = context.getBean(Catalog.class);
            assertThat(catalog.datasets()).containsExactlyElementsOf(expected.datasets());
            assertThat(catalog.producers()).containsExactlyElementsOf(expected.producers());
            assertThat(catalog.pages()).containsExactlyElementsOf(expected.pages());
            assertThat(catalog.findings()).isEqualTo(expected.findings());
            assertThat(catalog.dataset(DatasetKey.of("Meta.Ads-v2")).map(DatasetDefinition::title))
                    .as("a key with dots and capitals, in brackets").contains("Meta ads, v2");
        });
    }

    @Test
    void theCatalogMayBeAResourceInThePropertiesFormat() {
        runner.withPropertyValues("freshness.catalog-location=classpath:catalogs/reference.properties").run(context -> {
            Catalog catalog = context.getBean(Catalog.class);
            assertThat(catalog.requirePage("hook_analysis").requirement(DatasetKey.of("ad_classifications"))
                    .flatMap(Requirement::errorAfter)).contains(Duration.ofDays(7));
        });
    }

    @Test
    void aResourceThatIsMissingOrWrongOrBesideThePropertiesFailsTheStartNamingTheLocation() {
        runner.withPropertyValues("freshness.catalog-location=classpath:catalogs/none.properties").run(context -> {
            assertThat(invalidProperty(context)).isEqualTo("freshness.catalog-location");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("No such resource");
        });
        runner.withPropertyValues("freshness.catalog-location=classpath:catalogs/broken.properties").run(context -> {
            assertThat(invalidProperty(context)).isEqualTo("freshness.catalog-location");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("line 3");
        });
        reference.withPropertyValues("freshness.catalog-location=classpath:catalogs/reference.properties")
                .run(context -> assertThat(invalidProperty(context)).isEqualTo("freshness.catalog-location"));
    }

    @Test
    void theStartFailureSaysWhatIsWrongAsTheReadmeShowsIt() {
        reference.withPropertyValues("freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h",
                        "freshness.catalog.pages.hook_analysis.needs.ad_classifications.error-after=24h")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "Property freshness.catalog.pages[hook_analysis].needs[ad_classifications].error-after with value"
                                + " '24h' is invalid: errorAfter PT24H of dataset 'ad_classifications' is shorter than"
                                + " its warnAfter PT48H (origin: \"freshness.catalog.pages.hook_analysis.needs"
                                + ".ad_classifications.error-after\" from property source \"test\")"));
    }

    @Test
    void eachMistakeOfTheCatalogNamesItsProperty() {
        expectInvalid("freshness.catalog.pages[hook_analysis].needs[ad_classifications].error-after", "1h");
        expectInvalid("freshness.catalog.pages[hook_analysis].needs[ad_classifications].warn-after",
                "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=0s");
        expectInvalid("freshness.catalog.pages[hook_analysis].needs[landing_page]",
                "freshness.catalog.pages.hook_analysis.needs.landing_page.warn-after=1h");
        expectInvalid("freshness.catalog.producers[meta_sync][2]", "freshness.catalog.producers.meta_sync[2]=ad_assets");
        expectInvalid("freshness.catalog.datasets[scorecard].title", "freshness.catalog.datasets.scorecard.max-run-duration=1h");
        expectInvalid("freshness.catalog.datasets[ad_classifications].max-run-duration",
                "freshness.catalog.datasets.ad_classifications.max-run-duration=-1h");
        expectInvalid("freshness.catalog.pages[summary].title", "freshness.catalog.pages.summary.needs.landing_pages.warn-after=1h");
        expectInvalid("freshness.catalog.datasets[bad key]", "freshness.catalog.datasets[bad key].title=Bad");
        expectInvalid("freshness.catalog.pages[template_evaluation].needs[landing_pages].warn-after",
                "freshness.catalog.pages.template_evaluation.needs.landing_pages.error-after=1h");
    }

    private void expectInvalid(String property, String setting) {
        String value = setting.contains("=") ? setting
                : "freshness.catalog.pages.hook_analysis.needs.ad_classifications.error-after=" + setting;
        reference.withPropertyValues(value).run(context -> {
            FieldError error = catalogError(context);
            assertThat(error.getObjectName() + "." + error.getField()).isEqualTo(property);
            assertThat(Origin.from(error)).as("where " + property + " was set").hasToString(
                    "\"" + value.substring(0, value.indexOf('=')) + "\" from property source \"test\"");
        });
    }

    /** The mistake of the catalog that stopped the start, found while the properties were bound. */
    private static FieldError catalogError(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof BindValidationException)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("a BindValidationException in " + context.getStartupFailure()).isNotNull();
        List<ObjectError> errors = ((BindValidationException) failure).getValidationErrors().getAllErrors();
        assertThat(errors).hasSize(1).first().isInstanceOf(FieldError.class);
        return (FieldError) errors.get(0);
    }
}
