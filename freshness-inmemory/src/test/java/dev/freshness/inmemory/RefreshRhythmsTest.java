package dev.freshness.inmemory;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.Schedule;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.rhythm.RefreshRhythm;
import dev.freshness.rhythm.RefreshRhythms;
import dev.freshness.rhythm.SuggestedLimit;
import dev.freshness.testkit.CountingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * What limit to set, end to end on the in-memory store with a settable clock: runs recorded through
 * {@link DatasetFreshness} at known instants, their rhythm computed by hand.
 */
class RefreshRhythmsTest {

    private static final Instant NOW = Instant.parse("2026-02-03T00:00:00Z");
    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final Catalog CATALOG = Catalog.builder()
            .dataset("ad_classifications", "Ad classifications")
            .dataset("meta_ads_performance", "Meta ads performance")
            .dataset("templates_scraped", "Templates scraped")
            .dataset("ad_assets", "Ad assets")
            .dataset("scorecard", "Scorecard")
            .producer("meta_sync", "ad_classifications", "meta_ads_performance", "ad_assets", "scorecard")
            .producer("template_scrape", "templates_scraped")
            .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(24)))
            .page("ad_performance", "Ad performance", Requirement.of("meta_ads_performance", Duration.ofHours(24)))
            .page("congruence_insights", "Congruence insights", Requirement.of("ad_classifications", Duration.ofHours(48)))
            .page("template_queue", "Template queue", Requirement.of("templates_scraped", Duration.ofHours(1)))
            .page("asset_library", "Asset library", Requirement.of("ad_assets", Duration.ofHours(20)).ignoringEmptyRefreshes())
            .page("asset_counts", "Asset counts", Requirement.of("ad_assets", Duration.ofHours(20)))
            .page("scorecard_morning", "Scorecard by the morning",
                    Requirement.dueBy("scorecard", new EveryHour()))
            .build();

    private final SettableClock clock = SettableClock.at(NOW);
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void close() {
        freshness.close();
    }

    @Test
    void theMedianAndThe95thPercentileOfOneScopeAreNearestRanksOfItsIntervalsInTheWindow() {
        // Sorted: 20 22 23 24 24 24 25 26 30 36; rank 5 of 10 is the median, rank 10 the 95th percentile.
        Instant first = successesWithIntervals(ACME, "ad_classifications", NOW.minus(Duration.ofHours(300)),
                24, 20, 36, 22, 24, 23, 26, 24, 30, 25);
        refresh(ACME, "ad_classifications", NOW.minus(Duration.ofDays(29)), 5);   // before the window: no interval
        clock.set(first.plus(Duration.ofHours(30)));
        freshness.records().recordFailure(ACME, "ad_classifications", nextRun(), JobError.of("java.io.IOException", "down", null));
        freshness.records().recordStart(ACME, "ad_classifications", nextRun());
        clock.set(NOW);

        RefreshRhythm rhythm = rhythms().build().of(ACME, "ad_classifications");

        assertThat(rhythm.scope()).contains(ACME);
        assertThat(rhythm.successes()).isEqualTo(11);
        assertThat(rhythm.samples()).isEqualTo(10);
        assertThat(rhythm.hasEnoughHistory()).isTrue();
        assertThat(rhythm.median()).contains(Duration.ofHours(24));
        assertThat(rhythm.percentile95()).contains(Duration.ofHours(36));
        assertThat(rhythm.longest()).contains(Duration.ofHours(36));
        assertThat(rhythm.windowStart()).isEqualTo(NOW.minus(RefreshRhythms.DEFAULT_WINDOW));
        assertThat(rhythm.windowEnd()).isEqualTo(NOW);
        assertThat(rhythm.suggestedLimit()).contains(new SuggestedLimit(Duration.ofHours(36), Duration.ofHours(72)));
        assertThat(rhythm.suggestedLimit().orElseThrow().toProperty()).isEqualTo("warn 36h, error 3d");
        assertThat(rhythm.historyCutShort()).isFalse();
        assertThat(rhythm.sentence()).isEqualTo("ad_classifications for tenant:acme is refreshed every 24 hours (median), "
                + "36 hours at the 95th percentile, " + rhythm.dayPattern() + ": 10 intervals in the last 28 days");
        assertThat(store.historyCalls()).isEqualTo(1);
        assertThat(store.crossScopeCalls()).isZero();
    }

    @Test
    void belowTheMinimumSampleCountThereIsNotEnoughHistoryAndNoSuggestion() {
        successesWithIntervals(ACME, "ad_classifications", NOW.minus(Duration.ofDays(10)), 24, 24, 24, 24, 24, 24, 24, 24, 24);

        RefreshRhythm rhythm = rhythms().build().of(ACME, "ad_classifications");
        RefreshRhythm withLowerMinimum = rhythms().needingAtLeast(9).build().of(ACME, "ad_classifications");

        assertThat(rhythm.samples()).isEqualTo(9);
        assertThat(rhythm.minimumSamples()).isEqualTo(RefreshRhythms.DEFAULT_MINIMUM_SAMPLES);
        assertThat(rhythm.hasEnoughHistory()).isFalse();
        assertThat(rhythm.median()).isEmpty();
        assertThat(rhythm.percentile95()).isEmpty();
        assertThat(rhythm.suggestedLimit()).isEmpty();
        assertThat(rhythm.sentence()).isEqualTo("ad_classifications for tenant:acme has not enough history: "
                + "9 intervals between successes in the last 28 days, 10 needed");
        assertThat(withLowerMinimum.percentile95()).contains(Duration.ofHours(24));
        assertThat(rhythms().build().of(GLOBEX, "ad_classifications").sentence())
                .isEqualTo("ad_classifications for tenant:globex has not enough history: "
                        + "0 intervals between successes in the last 28 days, 10 needed");
    }

    @Test
    void aWeekdayOnlyJobIsRefreshedOnWeekdaysOnlyInItsZoneDespiteOneRunByHandOnASaturday() {
        // 00:30 in Berlin on each weekday of the window (the day before in UTC), and once by hand on a Saturday.
        for (LocalDate day = LocalDate.of(2026, 1, 6); day.isBefore(LocalDate.of(2026, 2, 3)); day = day.plusDays(1)) {
            Instant at = day.atTime(LocalTime.of(0, 30)).atZone(BERLIN).toInstant();
            if (day.getDayOfWeek().getValue() <= 5 && !at.isBefore(NOW.minus(RefreshRhythms.DEFAULT_WINDOW))) {
                refresh(ACME, "ad_classifications", at, 3);
            }
        }
        refresh(ACME, "ad_classifications", LocalDate.of(2026, 1, 17).atTime(10, 0).atZone(BERLIN).toInstant(), 3);
        clock.set(NOW);

        RefreshRhythm berlin = rhythms().inZone(BERLIN).build().of(ACME, "ad_classifications");
        RefreshRhythm utc = rhythms().build().of(ACME, "ad_classifications");

        // 19 weekday runs and 1 by hand: 14 intervals of 24 h, 33.5 h and 38.5 h around the Saturday, 3 weekends of 72 h.
        assertThat(berlin.successes()).isEqualTo(20);
        assertThat(berlin.samples()).isEqualTo(19);
        assertThat(berlin.median()).contains(Duration.ofHours(24));
        assertThat(berlin.percentile95()).contains(Duration.ofHours(72));
        assertThat(berlin.suggestedLimit().orElseThrow().toProperty()).isEqualTo("warn 3d, error 6d");
        assertThat(berlin.successesByDayOfWeek()).containsExactly(entry(DayOfWeek.MONDAY, 4), entry(DayOfWeek.TUESDAY, 3),
                entry(DayOfWeek.WEDNESDAY, 4), entry(DayOfWeek.THURSDAY, 4), entry(DayOfWeek.FRIDAY, 4),
                entry(DayOfWeek.SATURDAY, 1), entry(DayOfWeek.SUNDAY, 0));
        assertThat(berlin.refreshDays()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(berlin.dayPattern()).isEqualTo("on weekdays only");
        assertThat(berlin.zone()).isEqualTo(BERLIN);
        assertThat(berlin.sentence()).isEqualTo("ad_classifications for tenant:acme is refreshed every 24 hours (median), "
                + "3 days at the 95th percentile, on weekdays only: 19 intervals in the last 28 days");
        assertThat(utc.dayPattern()).isEqualTo("on Mondays, Tuesdays, Wednesdays, Thursdays and Sundays only");
        assertThat(utc.percentile95()).isEqualTo(berlin.percentile95());
    }

    @Test
    void aDailyJobIsRefreshedEveryDayAndAWeekendJobOnWeekendsOnly() {
        for (int day = 1; day <= 27; day++) {
            refresh(ACME, "ad_classifications", NOW.minus(Duration.ofDays(day)), 1);
        }
        for (LocalDate day = LocalDate.of(2026, 1, 10); day.isBefore(LocalDate.of(2026, 2, 2)); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() >= 6) {
                refresh(GLOBEX, "ad_classifications", day.atTime(12, 0).atZone(BERLIN).toInstant(), 1);
            }
        }
        clock.set(NOW);
        RefreshRhythms rhythms = rhythms().needingAtLeast(1).build();

        assertThat(rhythms.of(ACME, "ad_classifications").dayPattern()).isEqualTo("every day");
        assertThat(rhythms.of(ACME, "ad_classifications").percentile95()).contains(Duration.ofHours(24));
        assertThat(rhythms.of(GLOBEX, "ad_classifications").dayPattern()).isEqualTo("on weekends only");
        assertThat(rhythms.of(Scope.tenant("nobody"), "ad_classifications").dayPattern()).isEqualTo("on no day");
    }

    @Test
    void acrossScopesPoolsTheIntervalsOfEachScopeReadingOnePageOfStatusesAndTheScopesRefreshedInTheWindow() {
        // Interleaved on purpose: an interval taken across the two scopes would be 1 or 23 hours.
        successesWithIntervals(ACME, "ad_classifications", NOW.minus(Duration.ofDays(12)), 24, 24, 24, 24, 24);
        successesWithIntervals(GLOBEX, "ad_classifications", NOW.minus(Duration.ofDays(12)).plus(Duration.ofHours(1)),
                48, 48, 48, 48, 48);
        refresh(Scope.tenant("long-gone"), "ad_classifications", NOW.minus(Duration.ofDays(40)), 1);
        clock.set(NOW.minus(Duration.ofDays(1)));
        freshness.records().recordFailure(Scope.tenant("failing"), "ad_classifications", nextRun(),
                JobError.of("java.io.IOException", "down", null));
        clock.set(NOW);
        store.reset();

        RefreshRhythm pooled = rhythms().build().acrossScopes("ad_classifications");

        assertThat(pooled.scope()).isEmpty();
        assertThat(pooled.scopesRead()).isEqualTo(2);
        assertThat(pooled.samples()).isEqualTo(10);
        assertThat(pooled.median()).contains(Duration.ofHours(24));
        assertThat(pooled.percentile95()).contains(Duration.ofHours(48));
        assertThat(pooled.sentence()).startsWith("ad_classifications across 2 scopes is refreshed every 24 hours (median), "
                + "48 hours at the 95th percentile, ");
        assertThat(store.crossScopeCalls()).isEqualTo(1);
        assertThat(store.historyCalls()).isEqualTo(2);

        RefreshRhythm firstScopeOnly = rhythms().samplingAtMostScopes(1).build().acrossScopes("ad_classifications");
        assertThat(firstScopeOnly.scopesRead()).isEqualTo(1);
        assertThat(firstScopeOnly.samples()).isEqualTo(5);
        assertThat(firstScopeOnly.hasEnoughHistory()).isFalse();
        assertThat(firstScopeOnly.sentence()).isEqualTo("ad_classifications across 1 scope has not enough history: "
                + "5 intervals between successes in the last 28 days, 10 needed");
    }

    @Test
    void theReadsAcrossScopesAreBoundedByTheScopesSampledWhateverTheNumberOfTenants() {
        for (int tenant = 0; tenant < 80; tenant++) {
            Scope scope = Scope.tenant(String.format(Locale.ROOT, "t%03d", tenant));
            refresh(scope, "ad_classifications", NOW.minus(Duration.ofHours(30)), 1);
            refresh(scope, "ad_classifications", NOW.minus(Duration.ofHours(6)), 1);
        }
        clock.set(NOW);
        store.reset();

        RefreshRhythm pooled = rhythms().build().acrossScopes("ad_classifications");

        assertThat(store.crossScopeCalls()).isEqualTo(1);
        assertThat(store.crossScopeQueries()).singleElement().satisfies(query -> {
            assertThat(query.limit()).isEqualTo(RefreshRhythms.DEFAULT_SCOPES_SAMPLED);
            assertThat(query.filter()).isEmpty();
        });
        assertThat(store.historyCalls()).isEqualTo(RefreshRhythms.DEFAULT_SCOPES_SAMPLED);
        assertThat(pooled.scopesRead()).isEqualTo(RefreshRhythms.DEFAULT_SCOPES_SAMPLED);
        assertThat(pooled.samples()).isEqualTo(RefreshRhythms.DEFAULT_SCOPES_SAMPLED);
        assertThat(pooled.percentile95()).contains(Duration.ofHours(24));
    }

    @Test
    void aGlobalDatasetHasTheSameRhythmAcrossScopesAsInItsOnlyScope() {
        successesWithIntervals(Scope.global(), "ad_classifications", NOW.minus(Duration.ofDays(20)),
                12, 12, 24, 12, 12, 48, 12, 12, 12, 12, 12);
        clock.set(NOW);
        RefreshRhythms rhythms = rhythms().build();

        RefreshRhythm global = rhythms.of(Scope.global(), "ad_classifications");
        RefreshRhythm pooled = rhythms.acrossScopes("ad_classifications");

        assertThat(pooled.samples()).isEqualTo(global.samples()).isEqualTo(11);
        assertThat(pooled.median()).isEqualTo(global.median()).contains(Duration.ofHours(12));
        assertThat(pooled.percentile95()).isEqualTo(global.percentile95()).contains(Duration.ofHours(48));
        assertThat(pooled.successesByDayOfWeek()).isEqualTo(global.successesByDayOfWeek());
        assertThat(global.sentence()).startsWith("ad_classifications for global is refreshed every 12 hours");
    }

    @Test
    void emptyRefreshesCountUnlessTheRhythmsIgnoreThem() {
        emptyAndFullRefreshesEvery12Hours(ACME);

        RefreshRhythm all = rhythms().build().of(ACME, "ad_assets");
        RefreshRhythm nonEmpty = rhythms().ignoringEmptyRefreshes().build().of(ACME, "ad_assets");

        assertThat(all.samples()).isEqualTo(23);
        assertThat(all.percentile95()).contains(Duration.ofHours(12));
        assertThat(all.emptyRefreshesIgnored()).isFalse();
        assertThat(nonEmpty.samples()).isEqualTo(11);
        assertThat(nonEmpty.percentile95()).contains(Duration.ofHours(24));
        assertThat(nonEmpty.emptyRefreshesIgnored()).isTrue();
    }

    @Test
    void aRequirementTighterThanTheDatasetsRhythmIsAFindingThatSaysSo() {
        successesWithIntervals(ACME, "ad_classifications", NOW.minus(Duration.ofDays(20)), 36, 36, 36, 36, 36, 36, 36, 36, 36, 36);
        successesWithIntervals(ACME, "meta_ads_performance", NOW.minus(Duration.ofDays(20)),
                24, 20, 36, 22, 24, 23, 26, 24, 30, 25);
        successesWithIntervals(ACME, "templates_scraped", NOW.minus(Duration.ofDays(2)), 2, 2, 2);
        successesWithIntervals(ACME, "scorecard", NOW.minus(Duration.ofDays(20)), 36, 36, 36, 36, 36, 36, 36, 36, 36, 36);
        emptyAndFullRefreshesEvery12Hours(ACME);
        clock.set(NOW);

        assertThat(freshness.rhythms().findings()).containsExactly(
                new CatalogFinding(CatalogFinding.Kind.REQUIREMENT_TIGHTER_THAN_RHYTHM, "hook_analysis",
                        "hook_analysis needs ad_classifications within 24 hours, but it is refreshed every 36 hours "
                                + "at the 95th percentile: it will be stale most days"),
                new CatalogFinding(CatalogFinding.Kind.REQUIREMENT_TIGHTER_THAN_RHYTHM, "ad_performance",
                        "ad_performance needs meta_ads_performance within 24 hours, but it is refreshed every 36 hours "
                                + "at the 95th percentile: it will be stale after its slower refreshes"),
                new CatalogFinding(CatalogFinding.Kind.REQUIREMENT_TIGHTER_THAN_RHYTHM, "asset_library",
                        "asset_library needs ad_assets within 20 hours, but it is refreshed every 24 hours "
                                + "at the 95th percentile: it will be stale most days"));
        assertThat(freshness.rhythms().findings(ACME)).extracting(CatalogFinding::message).first().asString()
                .isEqualTo("hook_analysis needs ad_classifications within 24 hours, but for tenant:acme it is refreshed "
                        + "every 36 hours at the 95th percentile: it will be stale most days");
        assertThat(freshness.rhythms().findings(GLOBEX)).isEmpty();
    }

    @Test
    void findingsReadEachDatasetOnceForEachWayOfCounting() {
        emptyAndFullRefreshesEvery12Hours(ACME);
        clock.set(NOW);
        store.reset();

        freshness.rhythms().findings();

        // ad_classifications, meta_ads_performance, templates_scraped, and ad_assets counted both ways: never scorecard.
        assertThat(store.crossScopeQueries()).hasSize(5);
    }

    @Test
    void aScopeWithMoreHistoryInTheWindowThanIsReadIsCutShort() {
        successesWithIntervals(ACME, "ad_classifications", NOW.minus(Duration.ofDays(10)), 12, 12, 12, 12, 12, 24, 24, 24, 24);
        clock.set(NOW);

        RefreshRhythm rhythm = rhythms().readingAtMostRecordsPerScope(5).needingAtLeast(4).build().of(ACME, "ad_classifications");

        assertThat(rhythm.samples()).isEqualTo(4);
        assertThat(rhythm.percentile95()).contains(Duration.ofHours(24));
        assertThat(rhythm.median()).contains(Duration.ofHours(24));
        assertThat(rhythm.historyCutShort()).isTrue();
        assertThat(rhythm.sentence()).endsWith(": 4 intervals in the last 28 days (history cut short)");
        assertThat(rhythms().build().of(ACME, "ad_classifications").historyCutShort()).isFalse();
    }

    @Test
    void aStoreThatCannotBeReadIsAStoreException() {
        store.failReads(() -> new IllegalStateException("connection refused"));
        RefreshRhythms rhythms = rhythms().build();

        assertThatThrownBy(() -> rhythms.of(ACME, "ad_classifications")).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not read the history of tenant:acme/ad_classifications")
                .hasRootCauseMessage("connection refused");
        assertThatThrownBy(() -> rhythms.acrossScopes("ad_classifications")).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not read the statuses of ad_classifications across scopes");
        assertThatThrownBy(rhythms::findings).isInstanceOf(StoreException.class);
    }

    @Test
    void badSettingsAreRejectedNamingTheParameterAndTheValue() {
        assertThatThrownBy(() -> rhythms().over(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be positive and at most 366 days, was PT0S");
        assertThatThrownBy(() -> rhythms().over(Duration.ofDays(-1))).hasMessage("window must be positive and at most 366 days, was PT-24H");
        assertThatThrownBy(() -> rhythms().over(Duration.ofDays(367))).hasMessage("window must be positive and at most 366 days, was PT8808H");
        assertThatThrownBy(() -> rhythms().over(null)).isInstanceOf(NullPointerException.class).hasMessage("window must not be null");
        assertThatThrownBy(() -> rhythms().needingAtLeast(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumSamples must be > 0, was 0");
        assertThatThrownBy(() -> rhythms().readingAtMostRecordsPerScope(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recordsPerScope must be between 2 and 100000, was 1");
        assertThatThrownBy(() -> rhythms().readingAtMostRecordsPerScope(100_001)).hasMessage("recordsPerScope must be between 2 and 100000, was 100001");
        assertThatThrownBy(() -> rhythms().samplingAtMostScopes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scopesSampled must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> rhythms().samplingAtMostScopes(10_001)).hasMessage("scopesSampled must be between 1 and 10000, was 10001");
        assertThatThrownBy(() -> rhythms().inZone(null)).isInstanceOf(NullPointerException.class).hasMessage("zone must not be null");
        assertThatThrownBy(() -> rhythms().withClock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock must not be null");
        assertThatThrownBy(() -> RefreshRhythms.using(null, CATALOG)).isInstanceOf(NullPointerException.class).hasMessage("store must not be null");
        assertThatThrownBy(() -> RefreshRhythms.using(store, null)).isInstanceOf(NullPointerException.class).hasMessage("catalog must not be null");
    }

    @Test
    void badReadsAreRejectedBeforeTheStoreIsCalled() {
        RefreshRhythms rhythms = rhythms().build();
        store.reset();

        assertThatThrownBy(() -> rhythms.of(null, "ad_classifications")).isInstanceOf(NullPointerException.class)
                .hasMessage("scope must not be null");
        assertThatThrownBy(() -> rhythms.of(ACME, "landing_pages")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset 'landing_pages' is not declared in the catalog");
        assertThatThrownBy(() -> rhythms.acrossScopes("bad key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad key'");
        assertThatThrownBy(() -> rhythms.findings(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("scope must not be null");
        assertThat(store.reads()).isZero();
    }

    private RefreshRhythms.Builder rhythms() {
        return RefreshRhythms.using(store, CATALOG).withClock(clock);
    }

    /** Successes from {@code first} on, {@code hours} apart; returns {@code first}. The clock is left at the last. */
    private Instant successesWithIntervals(Scope scope, String dataset, Instant first, int... hours) {
        Instant at = first;
        refresh(scope, dataset, at, 1);
        for (int interval : hours) {
            at = at.plus(Duration.ofHours(interval));
            refresh(scope, dataset, at, 1);
        }
        return first;
    }

    /** 24 successes 12 hours apart, the first of each day empty: 23 intervals of 12 h, 11 of 24 h between full ones. */
    private void emptyAndFullRefreshesEvery12Hours(Scope scope) {
        Instant first = NOW.minus(Duration.ofDays(13));
        for (int i = 0; i < 24; i++) {
            refresh(scope, "ad_assets", first.plus(Duration.ofHours(12L * i)), i % 2 == 0 ? 0 : 5);
        }
    }

    private void refresh(Scope scope, String dataset, Instant at, long records) {
        clock.set(at);
        freshness.records().recordSuccess(scope, dataset, nextRun(), records);
    }

    private RunId nextRun() {
        return RunId.of("run-" + runs.incrementAndGet());
    }

    /** Due at every full hour, in UTC. */
    private static final class EveryHour implements Schedule {
        @Override
        public Optional<Instant> latestDueAtOrBefore(Instant instant) {
            return Optional.of(instant.truncatedTo(ChronoUnit.HOURS));
        }

        @Override
        public Optional<Instant> earliestDueAfter(Instant instant) {
            return Optional.of(instant.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
        }

        @Override
        public ZoneId zone() {
            return ZoneId.of("UTC");
        }

        @Override
        public String describe(Locale locale) {
            return "every hour";
        }
    }
}
