package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.examples.TextReport.Ansi;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The example as its command runs it: the whole week on an H2 file database, and the report it prints. */
class SimulatedWeekTest {

    @TempDir
    Path directory;

    private record Run(int status, String out, String err) {

        /** The output on one line, so that a check of a sentence does not depend on where it was wrapped. */
        String flat() {
            return out.replaceAll("\\s+", " ");
        }

        /** The lines of the dataset table, between its heading and the next section. */
        String datasetTable() {
            int start = out.indexOf("Datasets by tenant");
            int end = out.indexOf("Page banners", start);
            assertThat(start).as("the dataset table's heading").isNotNegative();
            return out.substring(start, end);
        }
    }

    private Run runExample(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FreshnessExample.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Ansi.NONE);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theWeeksTableShowsEveryVerdictAndEveryFlag() throws InterruptedException {
        Run run = runExample("--db", directory.resolve("week").toString());

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(Files.exists(directory.resolve("week.mv.db"))).as("the H2 file database").isTrue();
        assertThat(run.datasetTable()).contains("fresh ", "stale ", "expired ", "never succeeded", "failing",
                "refreshing", "abandoned");
        assertThat(run.datasetTable()).containsPattern("meta_ads_performance +24h/72h +fresh \\S+.* expired \\S+ \\S+, failing +stale \\S+ \\S+, abandoned");
        assertThat(run.datasetTable()).containsPattern("templates_scraped +168h .* stale 7d 1h, refreshing");
        assertThat(run.out()).as("the monitor's alerts, each change once")
                .contains("Alerts of the week (the monitor, hourly, to the log notifier): 24 changes")
                .contains("  Fri 07:00  scorecard for globex: became WARNING\n")
                .contains("  Thu 07:00  ad_performance for globex: became WARNING\n")
                .contains("  Sat 07:00  ad_performance for globex: became CRITICAL\n")
                .contains("  Sat 02:00  hook_analysis for globex: recovered\n");
    }

    @Test
    void thePagesBannersTellWhatIsWrongForEachTenant() throws InterruptedException {
        String out = runExample("--db", directory.resolve("week").toString()).flat();

        assertThat(out).contains("acme OK Meta ads performance: last refreshed 2 hours 50 minutes ago, expected within 24 hours.")
                .contains("globex CRITICAL Meta ads performance: last refreshed 5 days 2 hours ago, expected within"
                        + " 24 hours. The latest refresh failed 2 hours 29 minutes ago: MetaApiException: access token"
                        + " of ad account act_2002 has expired (OAuthException, code 190).")
                .contains("initech WARNING Meta ads performance: last refreshed 26 hours 19 minutes ago, expected"
                        + " within 24 hours. A refresh started 2 hours 29 minutes ago was abandoned (runs take at"
                        + " most 2 hours).")
                .contains("initech CRITICAL Ad classifications: never refreshed.");
    }

    @Test
    void theDerivedScorecardNamesTheInputThatMakesItOld() throws InterruptedException {
        Run run = runExample("--db", directory.resolve("week").toString());

        assertThat(run.flat()).contains("globex WARNING Scorecard: last refreshed 1 hour 26 minutes ago, from Meta ads"
                        + " performance, which is 5 days 2 hours old; expected within 48 hours.")
                .contains("initech CRITICAL Scorecard: last refreshed 1 hour 24 minutes ago, from Ad classifications,"
                        + " which was never refreshed.");
        assertThat(run.datasetTable()).as("the board judges the scorecard with its inputs, as the page does")
                .containsPattern("scorecard +48h +fresh 2h 50m +stale 5d 2h +never succeeded");
    }

    @Test
    void theAssetLibraryIsJudgedByItsScheduleInBerlinTime() throws InterruptedException {
        Run run = runExample("--db", directory.resolve("week").toString());

        assertThat(run.flat()).contains("acme OK Ad assets: due by 07:30 Europe/Berlin every day; last refreshed Monday 07:20.")
                .contains("globex CRITICAL Ad assets: due by 07:30 Europe/Berlin every day; last refreshed Friday 06:14;"
                        + " missed Friday's 07:30 and every deadline since.")
                .contains("initech WARNING Ad assets: due by 07:30 Europe/Berlin every day; last refreshed Sunday 07:51;"
                        + " missed Monday's 07:30.");
        assertThat(run.datasetTable()).containsPattern(
                "ad_assets +due by 07:30 Europe/Berlin every day +fresh 2h 40m +expired 3d 3h +stale 1d 2h");
        assertThat(run.out()).contains("| `ad_assets` | `meta_sync`, `asset_download` | none | `asset_library` |"
                        + " due by 07:30 Europe/Berlin every day |")
                .contains("  Thu 07:00  asset_library for globex: became WARNING\n")
                .contains("  Fri 05:00  asset_library for globex: recovered\n");
    }

    @Test
    void eachBannerSaysWhenItTurnsWorseIfNothingSucceeds() throws InterruptedException {
        String out = runExample("--db", directory.resolve("week").toString()).flat();

        assertThat(out).contains("expected within 24 hours. Meta ads performance goes stale in 21 hours 10 minutes.")
                .contains("last refreshed Monday 07:20. Ad assets goes stale in 21 hours 30 minutes.")
                .contains("missed Monday's 07:30. Ad assets expires in 21 hours 30 minutes.")
                .contains("(runs take at most 2 hours). Meta ads performance expires in 45 hours 41 minutes.");
        assertThat(out).as("a critical banner has nothing worse to come")
                .contains("initech CRITICAL Ad classifications: never refreshed. Congruence insights (congruence_insights)");
    }

    @Test
    void thePagesWithNoTenantSelectorGetTheCrossTenantCheck() throws InterruptedException {
        Run run = runExample("--db", directory.resolve("week").toString());

        assertThat(run.flat()).contains("Template queue (template_queue): 1 tenant at warning or worse (isAnyScopeStale: true)"
                        + " initech WARNING Scraped templates: last refreshed 7 days 1 hour ago, expected within 7 days."
                        + " A refresh has been running for 1 hour 20 minutes.")
                .contains("Template evaluation (template_evaluation): needs no dataset yet");
        assertThat(run.out()).containsPattern("\n  hook_analysis +initech\n")
                .containsPattern("\n  congruence_insights +acme, globex, initech\n");
    }

    @Test
    void theCatalogsFindingsAndRegistryArePrinted() throws InterruptedException {
        String out = runExample("--db", directory.resolve("week").toString()).out();

        assertThat(out).contains("- dataset 'landing_pages' has no producer: congruence_insights will never see it fresh")
                .contains("- page 'template_evaluation' needs no dataset")
                .contains("| `ad_classifications` | `meta_sync`, `ad_classification` | none | `hook_analysis`, `congruence_insights` | 48 hours |")
                .contains("| `scorecard` | `scorecard` | `meta_ads_performance`, `ad_classifications` | `scorecard` | 48 hours |");
    }

    @Test
    void aSecondRunStartsCleanAndPrintsTheSameWeek() throws InterruptedException {
        String database = directory.resolve("week").toString();
        Run first = runExample("--db", database);
        Run second = runExample("--db", database);

        assertThat(second.status()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void noStackTraceOnTheHappyPathAndNoColourWhenNotATerminal() throws InterruptedException {
        Run run = runExample("--db", directory.resolve("week").toString());

        assertThat(run.out()).doesNotContain("\tat ", "Exception in thread", "\u001b[");
    }

    @Test
    void everyDatasetTheJobsTrackIsDeclaredInTheCatalog() {
        SettableClock clock = SettableClock.at(SimulatedWeek.START);
        try (DatasetFreshness freshness = DatasetFreshness
                .using(new InMemoryFreshnessStore(), Catalog.fromResource(FreshnessExample.CATALOG_RESOURCE))
                .withClock(clock)
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.REJECT)
                .build()) {
            SimulatedWeek week = new SimulatedWeek(freshness, clock, new ControlPlane(clock));
            week.play();

            // An undeclared dataset would have failed its job, and the scheduler would have noted it.
            assertThat(week.notes()).map(SimulatedWeek.Note::text).noneMatch(text -> text.contains("IllegalArgumentException"))
                    .anyMatch(text -> text.startsWith("meta_sync failed for globex: MetaApiException"));
        }
    }

    @Test
    void anUnknownArgumentGetsTheUsageAndStatus2() throws InterruptedException {
        Run run = runExample("--frobnicate");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("unknown argument '--frobnicate'", "Usage:");
        assertThat(run.out()).isEmpty();
    }
}
