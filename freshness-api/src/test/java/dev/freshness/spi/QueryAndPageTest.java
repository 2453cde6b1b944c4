package dev.freshness.spi;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryAndPageTest {

    private static final DatasetKey ORDERS = DatasetKey.of("orders");

    @Test
    void aQueryStartsWithEveryStatusOnTheFirstPage() {
        CrossScopeQuery query = CrossScopeQuery.of(Set.of(ORDERS));

        assertThat(query.limit()).isEqualTo(CrossScopeQuery.DEFAULT_LIMIT);
        assertThat(query.filter()).isEmpty();
        assertThat(query.cursor()).isEmpty();
    }

    @Test
    void eachWitherChangesOnlyItsPart() {
        Instant before = Instant.parse("2026-01-05T09:00:00Z");
        PageCursor cursor = new PageCursor("acme", "orders");

        CrossScopeQuery query = CrossScopeQuery.of(Set.of(ORDERS)).lastSucceededBefore(before).limit(7).after(cursor);

        assertThat(query).isEqualTo(new CrossScopeQuery(Set.of(ORDERS), before, 7, cursor));
    }

    @Test
    void aCutoffBeyondTheRangeOfEventsMovesToItsNearestEnd() {
        CrossScopeQuery query = CrossScopeQuery.of(Set.of(DatasetKey.of("orders")));

        assertThat(query.lastSucceededBefore(Instant.MIN).lastSucceededBefore()).isEqualTo(RunEvent.EARLIEST);
        assertThat(query.lastSucceededBefore(Instant.MAX).lastSucceededBefore()).isEqualTo(RunEvent.LATEST);
        Instant within = Instant.parse("2026-01-05T09:00:00Z");
        assertThat(query.lastSucceededBefore(within).lastSucceededBefore()).isEqualTo(within);
    }

    @Test
    void theDatasetsAreCopied() {
        Set<DatasetKey> datasets = new HashSet<>(Set.of(ORDERS));
        CrossScopeQuery query = CrossScopeQuery.of(datasets);

        datasets.add(DatasetKey.of("users"));

        assertThat(query.datasets()).containsExactly(ORDERS);
    }

    @Test
    void rejectsABadQuery() {
        assertThatThrownBy(() -> CrossScopeQuery.of(null))
                .isInstanceOf(NullPointerException.class).hasMessage("datasets must not be null");
        assertThatThrownBy(() -> CrossScopeQuery.of(Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("datasets must name at least one dataset");
        assertThatThrownBy(() -> CrossScopeQuery.of(Set.of(ORDERS)).limit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be > 0, was 0");
        assertThatThrownBy(() -> CrossScopeQuery.of(Set.of(ORDERS)).limit(CrossScopeQuery.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be at most 10000, was 10001");
        assertThatThrownBy(() -> CrossScopeQuery.of(Set.of(ORDERS)).lastSucceededBefore(null))
                .isInstanceOf(NullPointerException.class).hasMessage("instant must not be null");
        assertThatThrownBy(() -> CrossScopeQuery.of(Set.of(ORDERS)).after(null))
                .isInstanceOf(NullPointerException.class).hasMessage("cursor must not be null");
    }

    @Test
    void aCursorOrdersByScopeKeyThenDatasetKey() {
        PageCursor cursor = new PageCursor("a", "zz");

        assertThat(cursor.isBefore("ab", "Orders")).isTrue();
        assertThat(cursor.isBefore("a", "zz")).as("not strictly after").isFalse();
        assertThat(cursor.isBefore("a", "zzz")).isTrue();
        assertThat(cursor.isBefore("*", "zzz")).isFalse();
        assertThatThrownBy(() -> new PageCursor(null, "x")).isInstanceOf(NullPointerException.class).hasMessageContaining("scopeKey");
        assertThatThrownBy(() -> new PageCursor("x", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("datasetKey");
    }

    @Test
    void aFullPageCarriesTheCursorOfItsLastStatus() {
        DatasetStatus first = DatasetStatus.empty(Scope.global(), ORDERS);
        DatasetStatus last = DatasetStatus.empty(Scope.tenant("acme"), ORDERS);

        assertThat(StatusPage.of(List.of(first, last), 2).nextPage()).contains(new PageCursor("acme", "orders"));
        assertThat(StatusPage.of(List.of(first, last), 3).nextPage()).isEmpty();
        assertThat(StatusPage.of(List.of(), 1).nextPage()).isEmpty();
        assertThatThrownBy(() -> new StatusPage(null, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("statuses");
    }
}
