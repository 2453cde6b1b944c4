package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A catalog in {@code application.yml} that is wrong stops the start of a real {@link SpringApplication}, and
 * Spring Boot's failure report names the property, the value as written, the reason and the file, line and
 * column it was set at.
 */
class CatalogYamlErrorsTest {

    private static String previousLoggingSystem;

    /** Boot keeps the test's logback configuration instead of installing its own. */
    @BeforeAll
    static void keepTheTestLogging() {
        previousLoggingSystem = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    }

    @AfterAll
    static void restoreTheLoggingSystem() {
        if (previousLoggingSystem == null) {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        } else {
            System.setProperty(LoggingSystem.SYSTEM_PROPERTY, previousLoggingSystem);
        }
    }

    @Test
    void anErrorAgeShorterThanTheWarningAgeIsReportedAtItsLine() {
        assertThat(failureReport("bad-error-after.yml")).containsSubsequence(
                "APPLICATION FAILED TO START",
                "Property: freshness.catalog.pages[hook_analysis].needs[ad_classifications].error-after",
                "Value: \"24h\"",
                "Origin: class path resource [catalogs/bad-error-after.yml] - 13:26",
                "Reason: errorAfter PT24H of dataset 'ad_classifications' is shorter than its warnAfter PT48H");
    }

    @Test
    void aPageNeedingAnUndeclaredDatasetIsReportedAtTheLineOfThatNeed() {
        assertThat(failureReport("bad-undeclared-dataset.yml")).containsSubsequence(
                "Property: freshness.catalog.pages[congruence_insights].needs[landing_page]",
                "Value: \"landing_page\"",
                "Origin: class path resource [catalogs/bad-undeclared-dataset.yml] - 12:39",
                "Reason: page 'congruence_insights' needs 'landing_page' names a dataset that is not declared");
    }

    @Test
    void aNegativeDurationIsReportedAsWrittenAtItsLine() {
        assertThat(failureReport("bad-negative-duration.yml")).containsSubsequence(
                "Property: freshness.catalog.datasets[ad_classifications].max-run-duration",
                "Value: \"-2h\"",
                "Origin: class path resource [catalogs/bad-negative-duration.yml] - 7:27",
                "Reason: maxRunDuration must be positive, was PT-2H");
    }

    @Test
    void anUnparsableDurationIsReportedAtItsLineBySpringBootsBinder() {
        assertThat(failureReport("bad-unparsable-duration.yml")).containsSubsequence(
                "Property: freshness.catalog.pages.hookanalysis.needs.adclassifications.warn-after",
                "Value: \"two days\"",
                "Origin: class path resource [catalogs/bad-unparsable-duration.yml] - 10:45",
                "Reason: failed to convert java.lang.String to java.time.Duration",
                "'two days' is not a valid duration");
    }

    @Test
    void aBadDatasetKeyIsReportedAtTheLineOfItsEntry() {
        assertThat(failureReport("bad-dataset-key.yml")).containsSubsequence(
                "Property: freshness.catalog.datasets[ad classifications]",
                "Value: \"ad classifications\"",
                "Origin: class path resource [catalogs/bad-dataset-key.yml] - 6:40",
                "Reason: dataset key 'ad classifications' has (U+0020) at index 2");
    }

    @Test
    void aCycleOfDerivedDatasetsIsReportedNamingTheCycle() {
        assertThat(failureReport("bad-derived-cycle.yml")).containsSubsequence(
                "Property: freshness.catalog.datasets[hook_analysis].derived-from",
                "Origin: class path resource [catalogs/bad-derived-cycle.yml] - 6:",
                "Reason: derived dataset 'hook_analysis' is derived from itself through a cycle: "
                        + "hook_analysis -> scorecard -> hook_analysis");
    }

    @Test
    void anUndeclaredInputIsReportedAtItsLine() {
        assertThat(failureReport("bad-derived-input.yml")).containsSubsequence(
                "Property: freshness.catalog.datasets[scorecard].derived-from[1]",
                "Value: \"meta_ads_performance\"",
                "Origin: class path resource [catalogs/bad-derived-input.yml] - 8:",
                "Reason: derived dataset 'scorecard' is derived from 'meta_ads_performance', which is not a declared dataset");
    }

    @Test
    void aBadCronExpressionIsReportedAtItsLine() {
        assertThat(failureReport("bad-cron.yml")).containsSubsequence(
                "Property: freshness.catalog.schedules[weekday_mornings].cron",
                "Value: \"0 25 * * MON-FRI\"",
                "Origin: class path resource [catalogs/bad-cron.yml] - 8:15",
                "Reason: expression '0 25 * * MON-FRI' is not a unix cron expression");
    }

    @Test
    void aBadTimeZoneIsReportedAtItsLine() {
        assertThat(failureReport("bad-zone.yml")).containsSubsequence(
                "Property: freshness.catalog.schedules[weekday_mornings].zone",
                "Value: \"Europe/Berlim\"",
                "Origin: class path resource [catalogs/bad-zone.yml] - 9:15",
                "Reason: zone 'Europe/Berlim' is not a time zone, such as 'Europe/Berlin'");
    }

    @Test
    void aHolidayThatIsNoDateIsReportedAtItsLine() {
        assertThat(failureReport("bad-holiday.yml")).containsSubsequence(
                "Property: freshness.catalog.schedules[weekday_mornings].holidays[1]",
                "Value: \"2026-12-32\"",
                "Origin: class path resource [catalogs/bad-holiday.yml] - 11:13",
                "Reason: holiday '2026-12-32' is not a date such as 2026-12-25");
    }

    @Test
    void aScheduledCatalogStartsAndItsRegistryShowsTheScheduleAndTheInputs() {
        SpringApplication application = application("scheduled.yml");
        try (ConfigurableApplicationContext context = application.run()) {
            Catalog catalog = context.getBean(Catalog.class);
            Requirement performance = catalog.requirePage("ad_performance")
                    .requirement(DatasetKey.of("meta_ads_performance")).orElseThrow();
            assertThat(performance.isScheduled()).isTrue();
            assertThat(performance.errorAfterMissed()).isEqualTo(3);
            assertThat(catalog.toMarkdownTable()).contains(
                    "| Dataset | Produced by | Derived from | Consumed by | Max age |",
                    "| `meta_ads_performance` | `meta_sync` | none | `ad_performance` | due by 07:00 Europe/Berlin on business days |",
                    "| `scorecard` | `scorecard` | `meta_ads_performance` | `scorecard` | 48 hours |");
        }
    }

    @Test
    void aDatasetDeclaredTwiceIsRefusedBySpringBootsYamlLoaderAtItsSecondLine() {
        assertThat(failureReport("duplicate-dataset.yml")).containsSubsequence(
                "Application run failed", "found duplicate key ad_classifications", "line 7, column 7");
    }

    @Test
    void aGoodCatalogStarts() {
        SpringApplication application = application("good.yml");
        try (ConfigurableApplicationContext context = application.run()) {
            Catalog catalog = context.getBean(Catalog.class);
            assertThat(catalog.requirePage("hook_analysis").requirement(DatasetKey.of("ad_classifications"))
                    .flatMap(Requirement::errorAfter)).contains(Duration.ofDays(7));
        }
    }

    /**
     * Starts an application on the configuration file {@code catalogs/<file>}, which must fail; returns what
     * Spring Boot logged at ERROR (its failure report), followed by the messages of the failure and its causes.
     */
    private static String failureReport(String file) {
        try (CapturedLog log = CapturedLog.of("org.springframework.boot")) {
            Throwable failure = catchThrowable(application(file)::run);
            assertThat(failure).as("the start with catalogs/" + file).isNotNull();
            StringBuilder report = new StringBuilder(String.join("\n", log.messages(Level.ERROR)));
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                report.append('\n').append(cause.getMessage());
            }
            return report.toString();
        }
    }

    private static SpringApplication application(String file) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.setDefaultProperties(Map.of("spring.config.location", "classpath:catalogs/" + file));
        return application;
    }

    /** The application: the auto-configuration, on an in-memory store of its own (no warning about it). */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(FreshnessAutoConfiguration.class)
    static class Application {

        @Bean
        FreshnessStore store() {
            return new InMemoryFreshnessStore();
        }
    }
}
