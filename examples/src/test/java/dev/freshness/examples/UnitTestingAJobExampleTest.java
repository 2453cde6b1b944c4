package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.core.DatasetStatus;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How to unit-test your own job with Freshness: the test you would write for the jobs of your application.
 *
 * <p>No database and no waiting: the in-memory store stands in for the JDBC one (both pass the same contract
 * tests), and a {@link SettableClock} moves time forward by hand. Load the same catalog your application
 * loads, so the test checks your real rules.
 */
class UnitTestingAJobExampleTest {

    private static final Scope ACME = Scope.tenant("acme");

    // The clock stands still until the test moves it, so every age below is exact.
    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T06:00:00Z"));
    // In tests, a dataset the catalog does not declare (a typo) fails the job at once instead of logging a warning.
    private final DatasetFreshness freshness = DatasetFreshness
            .using(new InMemoryFreshnessStore(), Catalog.fromResource("freshness-example.properties"))
            .withClock(clock)
            .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.REJECT)
            .build();
    // The job under test, given the same DatasetFreshness it gets in production.
    private final ReferenceJobs jobs = new ReferenceJobs(freshness, new ControlPlane(clock));

    @AfterEach
    void close() {
        freshness.close();
    }

    @Test
    void theHookAnalysisPageIsFreshRightAfterTheClassificationJobRan() {
        jobs.adClassification("acme", RunId.of("ad_classification-1"));

        assertThat(freshness.report(ACME, "hook_analysis").isFresh()).isTrue();
    }

    @Test
    void theHookAnalysisPageIsStaleWhenTheJobHasNotRunFor49Hours() {
        jobs.adClassification("acme", RunId.of("ad_classification-1"));

        // The catalog says hook_analysis needs ad_classifications within 48 hours: one hour past it is stale.
        clock.advance(Duration.ofHours(49));

        FreshnessReport report = freshness.report(ACME, "hook_analysis");
        assertThat(report.severity()).isEqualTo(Severity.WARNING);
        assertThat(report.verdict(DatasetKey.of("ad_classifications"))).get()
                .extracting(DatasetVerdict::ageVerdict).isEqualTo(AgeVerdict.STALE);
        // The banner is what users read: check it says what you expect.
        assertThat(report.banner())
                .isEqualTo("Ad classifications: last refreshed 49 hours ago, expected within 48 hours.");
    }

    @Test
    void aFailingJobThrowsItsOwnExceptionAndTheBannerSaysWhy() {
        ControlPlane plane = new ControlPlane(clock);
        plane.breakMetaApiFor("acme", "token expired");
        ReferenceJobs failingJobs = new ReferenceJobs(freshness, plane);

        // Tracking never changes the job's outcome: the caller gets the job's own checked exception.
        assertThatThrownBy(() -> failingJobs.metaSync("acme", RunId.of("meta_sync-1")))
                .isInstanceOf(MetaApiException.class).hasMessage("token expired");

        FreshnessReport report = freshness.report(ACME, "ad_performance");
        assertThat(report.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(report.banner()).isEqualTo("Meta ads performance: never refreshed. The latest refresh failed"
                + " 0 seconds ago: MetaApiException: token expired.");
    }

    @Test
    void aProductWithNoBrandCreatesAdsAndRecordsNothing() {
        // The guard lives in the wrapper: with no tenant, the job runs and nothing is written anywhere.
        assertThat(jobs.adCreation("p-legacy-7")).isNotEmpty();

        try (Stream<DatasetStatus> statuses = freshness.records()
                .statusesLastSucceededBefore("ad_creations", clock.instant().plusSeconds(1))) {
            assertThat(statuses).isEmpty();
        }
    }
}
