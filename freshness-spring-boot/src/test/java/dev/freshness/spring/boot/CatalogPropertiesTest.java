package dev.freshness.spring.boot;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.ScheduleProvider;
import dev.freshness.core.DatasetKey;
import dev.freshness.cron.CronSchedule;
import dev.freshness.cron.Holidays;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.FreshnessStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.time.Duration;
import java.time.LocalDate;
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

    private final ApplicationContextRunner scheduled = reference.withPropertyValues(
            "freshness.catalog.datasets.meta_ads_performance.title=Meta ads performance",
            "freshness.catalog.schedules.weekday_mornings.cron=0 6 * * MON-FRI",
            "freshness.catalog.schedules.weekday_mornings.zone=Europe/Berlin",
            "freshness.catalog.schedules.weekday_mornings.grace=1h",
            "freshness.catalog.schedules.weekday_mornings.holidays[0]=2026-12-24",
            "freshness.catalog.schedules.weekday_mornings.holidays[1]=2026-12-25",
            "freshness.catalog.schedules.weekday_mornings.holidays-location=classpath:catalogs/holidays-berlin.txt",
            "freshness.catalog.pages.ad_performance.title=Ad performance",
            "freshness.catalog.pages.ad_performance.needs.meta_ads_performance.due=weekday_mornings",
            "freshness.catalog.pages.ad_performance.needs.meta_ads_performance.error-after-missed=3");

    @Test
    void aNeedDueByAScheduleIsTheScheduledRequirementBuiltInCode() {
        Requirement expected = Requirement.dueBy("meta_ads_performance", CronSchedule.unix("0 6 * * MON-FRI")
                        .inZone("Europe/Berlin").withGrace(Duration.ofHours(1))
                        .withHolidays(Holidays.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25),
                                LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1))))
                .errorAfterMissed(3);
        scheduled.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Catalog.class).requirePage("ad_performance")
                    .requirement(DatasetKey.of("meta_ads_performance"))).contains(expected);
        });
    }

    @Test
    void aQuartzScheduleInUtcWithoutGraceOrHolidaysNeedsOnlyItsExpression() {
        runner.withPropertyValues(
                        "freshness.catalog.datasets.templates_scraped.title=Templates scraped",
                        "freshness.catalog.schedules.hourly.cron=0 30 * * * ?",
                        "freshness.catalog.schedules.hourly.syntax=QUARTZ",
                        "freshness.catalog.pages.template_queue.title=Template queue",
                        "freshness.catalog.pages.template_queue.needs.templates_scraped.due=hourly")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Requirement requirement = context.getBean(Catalog.class).requirePage("template_queue")
                            .requirement(DatasetKey.of("templates_scraped")).orElseThrow();
                    assertThat(requirement).isEqualTo(Requirement.dueBy("templates_scraped",
                            CronSchedule.quartz("0 30 * * * ?")));
                    assertThat(requirement.errorAfterMissed()).isEqualTo(Requirement.DEFAULT_ERROR_AFTER_MISSED);
                });
    }

    @Test
    void withoutAScheduleProviderOnTheClassPathTheErrorSaysToAddFreshnessCron() {
        scheduled.withClassLoader(new FilteredClassLoader(
                        new ClassPathResource("META-INF/services/" + ScheduleProvider.class.getName())))
                .run(context -> {
                    FieldError error = catalogError(context);
                    assertThat(error.getField()).isEqualTo("catalog.schedules[weekday_mornings].cron");
                    assertThat(error.getDefaultMessage()).isEqualTo("no schedule provider on the class path reads the"
                            + " syntax 'unix' (add the dependency dev.freshness:freshness-cron for 'unix' and 'quartz')");
                });
    }

    @Test
    void eachMistakeOfAScheduleNamesItsProperty() {
        String schedule = "freshness.catalog.schedules.weekday_mornings.";
        String need = "freshness.catalog.pages.ad_performance.needs.meta_ads_performance.";
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].cron", schedule + "cron=0 6 * *");
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].syntax", schedule + "syntax=cobol");
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].zone", schedule + "zone=Mars/Olympus");
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].grace", schedule + "grace=-5m");
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].holidays[1]",
                schedule + "holidays[1]=25.12.2026");
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].holidays-location",
                schedule + "holidays-location=classpath:catalogs/none.txt");
        expectInvalid(scheduled, "freshness.catalog.schedules[weekday_mornings].holidays-location",
                schedule + "holidays-location=classpath:catalogs/broken.properties");
        expectInvalid(scheduled, "freshness.catalog.schedules[nightly].cron", "freshness.catalog.schedules.nightly.zone=UTC");
        expectInvalid(scheduled, "freshness.catalog.pages[ad_performance].needs[meta_ads_performance].error-after-missed",
                need + "error-after-missed=101");
        expectInvalid(scheduled, "freshness.catalog.pages[ad_performance].needs[meta_ads_performance].due",
                need + "due=nightly");
        expectInvalid(scheduled, "freshness.catalog.pages[hook_analysis].needs[ad_classifications].due",
                "freshness.catalog.pages.hook_analysis.needs.ad_classifications.due=weekday_mornings");
        expectInvalid(scheduled, "freshness.catalog.pages[hook_analysis].needs[ad_classifications].error-after-missed",
                "freshness.catalog.pages.hook_analysis.needs.ad_classifications.error-after-missed=2");
    }

    @Test
    void theReasonsOfAScheduleMistakeAreThoseOfThePropertiesFormat() {
        scheduled.withPropertyValues("freshness.catalog.schedules.weekday_mornings.holidays-location="
                        + "classpath:catalogs/broken.properties")
                .run(context -> assertThat(catalogError(context).getDefaultMessage()).startsWith("line "));
        scheduled.withPropertyValues("freshness.catalog.pages.hook_analysis.needs.ad_classifications.due=weekday_mornings")
                .run(context -> assertThat(catalogError(context).getDefaultMessage()).isEqualTo(
                        "the need has both due and warn-after; a requirement is a schedule or a maximum age"));
        scheduled.withPropertyValues("freshness.catalog.schedules.weekday_mornings.syntax=cobol")
                .run(context -> assertThat(catalogError(context).getDefaultMessage()).isEqualTo(
                        "no schedule provider on the class path reads the syntax 'cobol' (known: [quartz, unix])"));
        scheduled.withPropertyValues("freshness.catalog.pages.ad_performance.needs.meta_ads_performance.due=nightly")
                .run(context -> assertThat(catalogError(context).getDefaultMessage()).isEqualTo(
                        "names the schedule 'nightly', which is not declared under freshness.catalog.schedules"));
    }

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
        expectInvalid(reference, property, setting.contains("=") ? setting
                : "freshness.catalog.pages.hook_analysis.needs.ad_classifications.error-after=" + setting);
    }

    private static void expectInvalid(ApplicationContextRunner catalog, String property, String value) {
        catalog.withPropertyValues(value).run(context -> {
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
