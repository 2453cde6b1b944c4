package dev.freshness.acceptance.readme;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quick start, as written there, so that the first code a user copies is known to work. */
class ReadmeQuickStartTest {

    private final List<String> banners = new ArrayList<>();

    @Test
    void theQuickStartRecordsARunAndReportsThePageFresh() throws Exception {
        // ---- as in README.md, "Quick start" ----
        Catalog catalog = Catalog.builder()
                .dataset("ad_classifications", "Ad classifications")
                .producer("ad_classification", "ad_classifications")
                .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(48)))
                .build();
        DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog).build();

        Scope acme = Scope.tenant("acme");
        freshness.track(acme, "ad_classifications").recordsFrom(List<?>::size).call(() -> classifyAds("acme"));

        FreshnessReport report = freshness.report(acme, "hook_analysis");   // FRESH, STALE, EXPIRED or NEVER_SUCCEEDED
        if (!report.isFresh()) {
            showBanner(report.severity(), report.banner());
        }
        // ---- end of the README's code ----

        try (freshness) {
            assertThat(report.verdicts()).singleElement()
                    .satisfies(verdict -> assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.FRESH));
            assertThat(freshness.records().status(acme, "ad_classifications").lastSuccess()).get()
                    .satisfies(success -> assertThat(success.recordsAffected()).isEqualTo(3));
            assertThat(banners).isEmpty();
        }
    }

    @Test
    void theUnitTestOfTheReadmeSeesThePageStaleAfter49Hours() throws Exception {
        Catalog catalog = Catalog.builder()
                .dataset("ad_classifications", "Ad classifications")
                .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(48)))
                .build();
        Scope acme = Scope.tenant("acme");
        // ---- as in README.md, "Unit-test your own jobs" (its snippet still says using(store).withCatalog(catalog)) ----
        SettableClock clock = SettableClock.at(Instant.parse("2026-01-05T09:00:00Z"));
        DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog)
                .withClock(clock).build();
        freshness.track(acme, "ad_classifications").call(() -> classifyAds("acme"));
        clock.advance(Duration.ofHours(49));
        assertThat(freshness.report(acme, "hook_analysis").severity()).isEqualTo(Severity.WARNING);
        // ---- end of the README's code ----
        freshness.close();
    }

    private static List<String> classifyAds(String tenant) {
        return List.of(tenant + "-ad-1", tenant + "-ad-2", tenant + "-ad-3");
    }

    private void showBanner(Severity severity, String banner) {
        banners.add(severity + ": " + banner);
    }
}
