package dev.freshness.testkit;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-scope check agrees with the per-scope report: for every scope that has any status for a page's
 * datasets, {@code staleScopes(page)} lists it exactly when {@code report(scope, page)} is at warning or worse,
 * with the same verdicts, and {@code isAnyScopeStale(page)} says whether any does; also for pages needing a
 * derived dataset, whose verdict depends on the statuses of its inputs (directly and through another derived
 * dataset). The events are written through {@link DatasetFreshness}, as applications write them.
 */
abstract class PageAgreementContract extends ContractPart {

    private static final Instant NOW = T0.plus(Duration.ofDays(1));
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("a", "A", Duration.ofHours(1))
            .dataset("b", "B")
            .dataset("c", "C")
            .dataset("d", "D, derived from E and A")
            .dataset("e", "E, derived from B")
            .producer("contract-job", "a", "b", "c", "d", "e")
            .derived("d", "e", "a")
            .derived("e", "b")
            .page("two", "Two datasets", Requirement.of("a", Duration.ofHours(1)).errorAfter(Duration.ofHours(3)),
                    Requirement.of("b", Duration.ofHours(2)))
            .page("one", "One dataset", Requirement.of("c", Duration.ofMinutes(30)))
            .page("with_empty", "Ignoring empty refreshes", Requirement.of("a", Duration.ofHours(2)),
                    Requirement.of("c", Duration.ofHours(1)).ignoringEmptyRefreshes())
            .page("derived", "A derived dataset", Requirement.of("d", Duration.ofHours(1)).errorAfter(Duration.ofHours(3)))
            .page("derived_mixed", "Derived datasets beside others",
                    Requirement.of("e", Duration.ofMinutes(90)).ignoringEmptyRefreshes(),
                    Requirement.of("c", Duration.ofHours(2)))
            .build();

    @Test
    void aScopeMissingOneOfThePageDatasetsIsStaleAcrossScopesAsInItsReport() {
        MovableClock clock = new MovableClock(NOW.minus(Duration.ofMinutes(10)));
        try (DatasetFreshness freshness = DatasetFreshness.using(store(), CATALOG).withClock(clock).build()) {
            freshness.track(tenant("globex"), "a").run(() -> { });
            freshness.track(tenant("acme"), "a").run(() -> { });
            freshness.track(tenant("acme"), "b").run(() -> { });
            clock.set(NOW);

            assertThat(freshness.report(tenant("globex"), "two").severity()).isEqualTo(Severity.CRITICAL);
            assertThat(freshness.staleScopes("two").reports()).extracting(FreshnessReport::scope)
                    .containsExactly(tenant("globex"));
            assertThat(freshness.isAnyScopeStale("two")).isTrue();
        }
    }

    @Test
    void aScopeWhoseDerivedDatasetIsFreshButWhoseInputIsStaleOrMissingIsStaleAcrossScopesAsInItsReport() {
        MovableClock clock = new MovableClock(NOW.minus(Duration.ofHours(2)));
        try (DatasetFreshness freshness = DatasetFreshness.using(store(), CATALOG).withClock(clock).build()) {
            freshness.track(tenant("stale-input"), "b").run(() -> { });
            freshness.track(tenant("stale-input"), "a").run(() -> { });
            freshness.track(tenant("fresh"), "b").run(() -> { });
            clock.set(NOW.minus(Duration.ofMinutes(10)));
            freshness.track(tenant("fresh"), "a").run(() -> { });
            freshness.track(tenant("missing-input"), "b").run(() -> { });
            for (String tenant : List.of("stale-input", "fresh", "missing-input")) {
                freshness.track(tenant(tenant), "e").run(() -> { });
                freshness.track(tenant(tenant), "d").run(() -> { });
            }
            freshness.track(tenant("fresh"), "b").run(() -> { });
            clock.set(NOW);

            assertThat(freshness.report(tenant("stale-input"), "derived").severity()).isEqualTo(Severity.WARNING);
            assertThat(freshness.report(tenant("missing-input"), "derived").severity()).isEqualTo(Severity.CRITICAL);
            assertThat(freshness.report(tenant("fresh"), "derived").severity()).isEqualTo(Severity.OK);
            assertThat(freshness.staleScopes("derived").reports()).extracting(FreshnessReport::scope)
                    .containsExactly(tenant("missing-input"), tenant("stale-input"));
            assertThat(freshness.isAnyScopeStale("derived")).isTrue();
        }
    }

    @Test
    void theCrossScopeCheckAgreesWithEveryScopesReport() {
        long seed = FreshnessStoreContract.seed();
        Random random = new Random(seed);
        MovableClock clock = new MovableClock(NOW);
        List<Scope> scopes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            scopes.add(tenant(String.format("s%02d", i)));
        }
        scopes.add(Scope.global());
        try (DatasetFreshness freshness = DatasetFreshness.using(store(), CATALOG).withClock(clock).build()) {
            for (Scope scope : scopes) {
                for (String dataset : List.of("a", "b", "c", "d", "e")) {
                    write(freshness, clock, random, scope, dataset);
                }
            }
            clock.set(NOW);
            for (String page : List.of("two", "one", "with_empty", "derived", "derived_mixed")) {
                Map<Scope, FreshnessReport> expected = new TreeMap<>();
                for (Scope scope : scopes) {
                    boolean hasAnyStatus = CATALOG.requirePage(page).datasets().stream()
                            .flatMap(dataset -> java.util.stream.Stream.concat(java.util.stream.Stream.of(dataset),
                                    CATALOG.upstreamOf(dataset).stream()))
                            .anyMatch(dataset -> store().status(scope, dataset).isPresent());
                    FreshnessReport report = freshness.report(scope, page);
                    if (hasAnyStatus && report.severity().isAtLeast(Severity.WARNING)) {
                        expected.put(scope, report);
                    }
                }
                Map<Scope, FreshnessReport> found = new TreeMap<>();
                StaleScopesPage stalePage = freshness.staleScopes(page, null, 7);
                while (true) {
                    stalePage.reports().forEach(report -> found.put(report.scope(), report));
                    if (stalePage.nextPage().isEmpty()) {
                        break;
                    }
                    stalePage = freshness.staleScopes(page, stalePage.nextPage().orElseThrow(), 7);
                }
                String context = "page " + page + ", seed " + seed;
                assertThat(found.keySet()).as(context).containsExactlyElementsOf(expected.keySet());
                found.forEach((scope, report) -> assertThat(describe(report)).as(context + ", " + scope)
                        .isEqualTo(describe(expected.get(scope))));
                assertThat(freshness.isAnyScopeStale(page)).as(context).isEqualTo(!expected.isEmpty());
                for (Duration within : List.of(Duration.ofMinutes(20), Duration.ofHours(2))) {
                    assertLookingAheadAgrees(freshness, clock, scopes, page, within, context);
                }
            }
        }
    }

    /**
     * {@code staleScopesWithin(page, within)} lists exactly the scopes whose report, judged {@code within} later
     * with nothing written meanwhile, is at warning or worse, each with its report now.
     */
    private void assertLookingAheadAgrees(DatasetFreshness freshness, MovableClock clock, List<Scope> scopes,
                                          String page, Duration within, String context) {
        Map<Scope, FreshnessReport> expected = new TreeMap<>();
        for (Scope scope : scopes) {
            boolean hasAnyStatus = CATALOG.requirePage(page).datasets().stream()
                    .anyMatch(dataset -> store().status(scope, dataset).isPresent());
            clock.set(NOW.plus(within));
            boolean staleThen = freshness.report(scope, page).severity().isAtLeast(Severity.WARNING);
            clock.set(NOW);
            if (hasAnyStatus && staleThen) {
                expected.put(scope, freshness.report(scope, page));
            }
        }
        Map<Scope, FreshnessReport> found = new TreeMap<>();
        StaleScopesPage stalePage = freshness.staleScopesWithin(page, within, null, 7);
        while (true) {
            stalePage.reports().forEach(report -> found.put(report.scope(), report));
            if (stalePage.nextPage().isEmpty()) {
                break;
            }
            stalePage = freshness.staleScopesWithin(page, within, stalePage.nextPage().orElseThrow(), 7);
        }
        String ahead = context + ", within " + within;
        assertThat(found.keySet()).as(ahead).containsExactlyElementsOf(expected.keySet());
        found.forEach((scope, report) -> assertThat(describe(report)).as(ahead + ", " + scope)
                .isEqualTo(describe(expected.get(scope))));
        assertThat(freshness.isAnyScopeStaleWithin(page, within)).as(ahead).isEqualTo(!expected.isEmpty());
    }

    @Test
    void aScopeThatGoesStaleSoonIsFoundLookingFarEnoughAhead() {
        MovableClock clock = new MovableClock(NOW.minus(Duration.ofMinutes(10)));
        try (DatasetFreshness freshness = DatasetFreshness.using(store(), CATALOG).withClock(clock).build()) {
            freshness.track(tenant("acme"), "c").run(() -> { });       // stale 30 minutes after, at NOW + 20 min
            clock.set(NOW.minus(Duration.ofMinutes(40)));
            freshness.track(tenant("globex"), "c").run(() -> { });     // stale already
            clock.set(NOW);

            assertThat(freshness.staleScopes("one").reports()).extracting(FreshnessReport::scope)
                    .containsExactly(tenant("globex"));
            assertThat(freshness.staleScopesWithin("one", Duration.ZERO).reports()).extracting(FreshnessReport::scope)
                    .containsExactly(tenant("globex"));
            assertThat(freshness.staleScopesWithin("one", Duration.ofMinutes(19)).reports())
                    .extracting(FreshnessReport::scope).containsExactly(tenant("globex"));
            StaleScopesPage soon = freshness.staleScopesWithin("one", Duration.ofMinutes(21));
            assertThat(soon.reports()).extracting(FreshnessReport::scope).as("stale first, then the fresh one")
                    .containsExactly(tenant("globex"), tenant("acme"));
            FreshnessReport acme = soon.reports().get(1);
            assertThat(acme.severity()).as("its report now").isEqualTo(Severity.OK);
            assertThat(acme.warningAfter()).contains(NOW.plus(Duration.ofMinutes(20)));
            assertThat(freshness.staleScopesWithin("one", Duration.ofMinutes(21), null, 1).nextPage()).isPresent();
        }
    }

    @Test
    void noScopeIsStaleWithinLessThanItsEarliestChange() {
        MovableClock clock = new MovableClock(NOW.minus(Duration.ofMinutes(20)));
        try (DatasetFreshness freshness = DatasetFreshness.using(store(), CATALOG).withClock(clock).build()) {
            freshness.track(tenant("initech"), "a").run(() -> { });
            freshness.track(tenant("initech"), "b").run(() -> { });
            clock.set(NOW);
            assertThat(freshness.isAnyScopeStaleWithin("two", Duration.ofMinutes(39))).isFalse();
            assertThat(freshness.isAnyScopeStaleWithin("two", Duration.ofMinutes(41))).isTrue();
        }
    }

    /** One random history of {@code dataset} in {@code scope}, written through the wrapper at chosen instants. */
    private static void write(DatasetFreshness freshness, MovableClock clock, Random random, Scope scope, String dataset) {
        int shape = random.nextInt(6);
        Instant success = NOW.minus(Duration.ofMinutes(random.nextInt(5 * 60)));
        long records = random.nextInt(3);
        switch (shape) {
            case 0 -> { // nothing recorded
            }
            case 1 -> succeed(freshness, clock, scope, dataset, success, records);
            case 2 -> fail(freshness, clock, scope, dataset, success);
            case 3 -> {
                succeed(freshness, clock, scope, dataset, success, records);
                fail(freshness, clock, scope, dataset, success.plusSeconds(60));
            }
            case 4 -> {
                succeed(freshness, clock, scope, dataset, success.minus(Duration.ofHours(2)), 1 + records);
                succeed(freshness, clock, scope, dataset, success, 0);
            }
            default -> {
                clock.set(success);
                freshness.start(scope, dataset);
            }
        }
    }

    private static void succeed(DatasetFreshness freshness, MovableClock clock, Scope scope, String dataset,
                                Instant at, long records) {
        clock.set(at);
        freshness.track(scope, dataset).run(context -> context.recordsAffected(records));
    }

    private static void fail(DatasetFreshness freshness, MovableClock clock, Scope scope, String dataset, Instant at) {
        clock.set(at);
        try {
            freshness.track(scope, dataset).run(() -> {
                throw new IllegalStateException("expected by the contract");
            });
        } catch (IllegalStateException expected) {
            // the job's own failure, recorded
        }
    }

    private static String describe(FreshnessReport report) {
        StringBuilder text = new StringBuilder(report.severity().toString());
        report.verdicts().forEach(verdict -> text.append(' ').append(verdict.dataset().key()).append('=')
                .append(verdict.ageVerdict()).append(verdict.lastRefresh().map(r -> "@" + r.at()).orElse("")));
        return text.toString();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the contract's clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
