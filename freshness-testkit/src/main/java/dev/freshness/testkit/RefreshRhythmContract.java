package dev.freshness.testkit;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
import dev.freshness.rhythm.RefreshRhythm;
import dev.freshness.rhythm.RefreshRhythms;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What limit to set ({@link RefreshRhythms}) reads the store's history and its statuses across scopes: the
 * intervals between the successes of each scope within the window, the newest records first within the read
 * limit, the records affected of each success, and the scopes in page order.
 */
abstract class RefreshRhythmContract extends ContractPart {

    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    private static final Scope ACME = tenant("acme");
    private static final Scope GLOBEX = tenant("globex");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .producer("contract-job", "orders")
            .page("order_book", "Order book", Requirement.of("orders", Duration.ofHours(3)))
            .page("order_totals", "Order totals", Requirement.of("orders", Duration.ofHours(3)).ignoringEmptyRefreshes())
            .build();

    private int runs;

    @Test
    void intervalsBetweenTheSuccessesOfEachScopeInTheWindowGiveItsMedianAnd95thPercentile() {
        // acme: successes 1, 2, 2, 2 and 4 hours apart; a failure, a run in flight and a success before the window.
        successes(ACME, T0.plus(Duration.ofDays(5)), 0, 1, 3, 5, 7, 11);
        apply(failed(ACME, "orders", "acme-failed", T0.plus(Duration.ofDays(5)).plus(Duration.ofMinutes(30)), "boom"),
                started(ACME, "orders", "acme-in-flight", T0.plus(Duration.ofDays(5)).plus(Duration.ofMinutes(90))),
                succeeded(ACME, "orders", "acme-long-ago", T0.minus(Duration.ofDays(30)), 1));
        // globex: successes 6 hours apart, interleaved with acme's.
        successes(GLOBEX, T0.plus(Duration.ofDays(5)).plus(Duration.ofMinutes(30)), 0, 6, 12, 18);
        RefreshRhythms rhythms = rhythms().needingAtLeast(3).build();

        RefreshRhythm acme = rhythms.of(ACME, "orders");
        RefreshRhythm pooled = rhythms.acrossScopes("orders");

        assertThat(acme.samples()).isEqualTo(5);
        assertThat(acme.median()).contains(Duration.ofHours(2));
        assertThat(acme.percentile95()).contains(Duration.ofHours(4));
        assertThat(rhythms.of(GLOBEX, "orders").percentile95()).contains(Duration.ofHours(6));
        // Pooled, sorted: 1 2 2 2 4 6 6 6; rank 4 of 8 is the median, rank 8 the 95th percentile.
        assertThat(pooled.scopesRead()).isEqualTo(2);
        assertThat(pooled.samples()).isEqualTo(8);
        assertThat(pooled.median()).contains(Duration.ofHours(2));
        assertThat(pooled.percentile95()).contains(Duration.ofHours(6));
        assertThat(rhythms().needingAtLeast(3).samplingAtMostScopes(1).build().acrossScopes("orders").samples())
                .isEqualTo(5);
    }

    @Test
    void theNewestRecordsAreReadWithinTheLimitAndEmptyRefreshesCountOnlyWhenAsked() {
        // Hourly successes, then three 10-hour intervals: the newest 4 records hold only the latter.
        successes(ACME, T0.plus(Duration.ofDays(5)), 0, 1, 2, 3, 4, 14, 24, 34);
        apply(succeeded(GLOBEX, "orders", "globex-1", T0.plus(Duration.ofDays(6)), 2),
                succeeded(GLOBEX, "orders", "globex-2", T0.plus(Duration.ofDays(6)).plusSeconds(3_600), 0),
                succeeded(GLOBEX, "orders", "globex-3", T0.plus(Duration.ofDays(6)).plusSeconds(7_200), 0),
                succeeded(GLOBEX, "orders", "globex-4", T0.plus(Duration.ofDays(6)).plusSeconds(10_800), 5));

        RefreshRhythm newest = rhythms().readingAtMostRecordsPerScope(4).needingAtLeast(3).build().of(ACME, "orders");
        RefreshRhythm everything = rhythms().needingAtLeast(3).build().of(GLOBEX, "orders");
        RefreshRhythm nonEmpty = rhythms().needingAtLeast(1).ignoringEmptyRefreshes().build().of(GLOBEX, "orders");

        assertThat(newest.samples()).isEqualTo(3);
        assertThat(newest.median()).contains(Duration.ofHours(10));
        assertThat(newest.historyCutShort()).isTrue();
        assertThat(everything.percentile95()).contains(Duration.ofHours(1));
        assertThat(nonEmpty.samples()).isEqualTo(1);
        assertThat(nonEmpty.percentile95()).contains(Duration.ofHours(3));
    }

    @Test
    void aRequirementTighterThanTheRhythmOfItsDatasetIsAFinding() {
        apply(succeeded(ACME, "orders", "acme-0", T0.plus(Duration.ofDays(5)), 1));
        for (int i = 1; i <= 4; i++) {
            Instant at = T0.plus(Duration.ofDays(5)).plus(Duration.ofHours(4L * i));
            apply(succeeded(ACME, "orders", "acme-empty-" + i, at.minus(Duration.ofHours(2)), 0),
                    succeeded(ACME, "orders", "acme-" + i, at, 1));
        }

        assertThat(rhythms().needingAtLeast(3).build().findings()).containsExactly(
                new CatalogFinding(CatalogFinding.Kind.REQUIREMENT_TIGHTER_THAN_RHYTHM, "order_totals",
                        "order_totals needs orders within 3 hours, but it is refreshed every 4 hours at the 95th "
                                + "percentile: it will be stale most days"));
    }

    private RefreshRhythms.Builder rhythms() {
        return RefreshRhythms.using(store(), CATALOG).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A started and succeeded run of {@code scope} at each of {@code hours} after {@code from}, 1 record each. */
    private void successes(Scope scope, Instant from, int... hours) {
        for (int hour : hours) {
            String runId = scope.key() + "-" + (++runs);
            Instant at = from.plus(Duration.ofHours(hour));
            apply(started(scope, "orders", runId, at.minusSeconds(60)), succeeded(scope, "orders", runId, at, 1));
        }
    }
}
