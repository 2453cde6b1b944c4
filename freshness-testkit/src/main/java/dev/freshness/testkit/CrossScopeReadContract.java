package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link dev.freshness.spi.FreshnessStore#statusesAcrossScopes}: the filter on the last success, the page
 * order (scope key, then dataset key, in binary order whatever the database's collation) and the cursor.
 */
abstract class CrossScopeReadContract extends ContractPart {

    /** Scope keys chosen so that binary order differs from case-insensitive, natural and concatenated orders. */
    private static final List<Scope> SCOPES = List.of(Scope.global(), tenant("!first"), tenant("Acme"), tenant("a"),
            tenant("ab"), tenant("acme"), tenant("b"), tenant("b2"), tenant("b10"));
    private static final List<String> DATASETS = List.of("orders", "Orders", "orders-v2", "orders.v2", "orders_v2", "zz");
    private static final Set<DatasetKey> ASKED = Set.of(key("orders"), key("Orders"), key("orders-v2"),
            key("orders.v2"), key("orders_v2"), key("zz"));
    private static final Comparator<DatasetStatus> PAGE_ORDER = Comparator
            .comparing((DatasetStatus status) -> status.scope().key())
            .thenComparing(status -> status.dataset().value());

    /** Every status written, in page order. */
    private List<DatasetStatus> written;

    @BeforeEach
    void writeAStatusForEveryScopeAndDataset() {
        int i = 0;
        for (Scope scope : SCOPES) {
            for (String dataset : DATASETS) {
                // A third of the pairs never succeeded; the others succeeded at distinct instants.
                if (i % 3 == 0) {
                    apply(failed(scope, dataset, "run-" + i, at(i), "boom"));
                } else {
                    apply(succeeded(scope, dataset, "run-" + i, at(i), i));
                }
                i++;
            }
        }
        apply(succeeded(tenant("acme"), "not-asked", "run-x", at(0), 1));
        written = new ArrayList<>();
        for (Scope scope : SCOPES) {
            written.addAll(statusesOf(scope, ASKED).values());
        }
        written.sort(PAGE_ORDER);
        assertThat(written).hasSize(SCOPES.size() * DATASETS.size());
    }

    @Test
    void onePageHoldsEveryStatusOfTheAskedDatasetsInBinaryOrder() {
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(ASKED).limit(CrossScopeQuery.MAX_LIMIT));

        assertThat(page.statuses()).containsExactlyElementsOf(written);
        assertThat(page.nextPage()).isEmpty();
        assertThat(page.statuses().get(0).scope().key()).isEqualTo("!first");
        assertThat(page.statuses().get(DATASETS.size()).scope()).isEqualTo(Scope.global());
    }

    @Test
    void onlyTheAskedDatasetsAreRead() {
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(Set.of(key("zz"), key("Orders"))));

        assertThat(page.statuses()).containsExactlyElementsOf(matching(status ->
                status.dataset().value().equals("zz") || status.dataset().value().equals("Orders")));
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {1, 2, 5, 6, 53, 54, 55})
    void pagesFollowedByTheirCursorsReadEveryStatusOnce(int pageSize) {
        assertThat(readAllPages(CrossScopeQuery.of(ASKED).limit(pageSize))).containsExactlyElementsOf(written);
    }

    @Test
    void theFilterKeepsStatusesThatNeverSucceededOrLastSucceededStrictlyBefore() {
        Instant cutoff = at(20);
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(ASKED).lastSucceededBefore(cutoff)
                .limit(CrossScopeQuery.MAX_LIMIT));

        assertThat(page.statuses()).containsExactlyElementsOf(matching(status -> status.lastSuccess()
                .map(success -> success.at().isBefore(cutoff)).orElse(true)));
        assertThat(page.statuses()).noneMatch(status -> status.lastSuccess().map(s -> s.at().equals(cutoff)).orElse(false));
    }

    @Test
    void theFilterLooksAtTheLastSuccessOnly() {
        Scope scope = tenant("acme");
        apply(succeeded(scope, "orders", "run-late", at(1_000), 1));

        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(Set.of(key("orders")))
                .lastSucceededBefore(at(500)));

        assertThat(page.statuses()).extracting(DatasetStatus::scope).doesNotContain(scope);
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {1, 4, 100})
    void theFilterAndTheCursorWorkTogether(int pageSize) {
        Instant cutoff = at(30);
        assertThat(readAllPages(CrossScopeQuery.of(ASKED).lastSucceededBefore(cutoff).limit(pageSize)))
                .containsExactlyElementsOf(matching(status -> status.lastSuccess()
                        .map(success -> success.at().isBefore(cutoff)).orElse(true)));
    }

    @Test
    void aCursorBetweenTwoKeysStartsAtTheNextOne() {
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(ASKED).after(new PageCursor("acme", "p")));

        assertThat(page.statuses()).containsExactlyElementsOf(matching(status ->
                new PageCursor("acme", "p").isBefore(status.scope().key(), status.dataset().value())));
        assertThat(page.statuses().get(0).scope().key()).isEqualTo("acme");
        assertThat(page.statuses().get(0).dataset().value()).isEqualTo("zz");
    }

    @Test
    void aCursorComparesTheScopeKeyBeforeTheDatasetKey() {
        // ("a", "zz") comes before ("ab", "Orders"), though "azz" would sort after "abOrders".
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(ASKED).limit(1)
                .after(new PageCursor("a", "zz")));

        assertThat(page.statuses()).extracting(status -> status.scope().key() + "/" + status.dataset())
                .containsExactly("ab/Orders");
    }

    @Test
    void aCursorOnAStatusThatIsNotThereStillWorks() {
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(ASKED).limit(2)
                .after(new PageCursor("aa", "orders")));

        assertThat(page.statuses()).extracting(status -> status.scope().key() + "/" + status.dataset())
                .containsExactly("ab/Orders", "ab/orders");
    }

    @Test
    void aCursorAfterTheLastStatusReadsAnEmptyLastPage() {
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(ASKED).after(new PageCursor("b2", "zz")));

        assertThat(page.statuses()).isEmpty();
        assertThat(page.nextPage()).isEmpty();
    }

    private List<DatasetStatus> readAllPages(CrossScopeQuery first) {
        List<DatasetStatus> read = new ArrayList<>();
        CrossScopeQuery query = first;
        for (int pages = 0; pages <= written.size() + 1; pages++) {
            StatusPage page = store().statusesAcrossScopes(query);
            assertThat(page.statuses()).hasSizeLessThanOrEqualTo(query.limit());
            read.addAll(page.statuses());
            if (page.nextPage().isEmpty()) {
                return read;
            }
            assertThat(page.statuses()).as("a page followed by another is full").hasSize(query.limit());
            query = query.after(page.nextPage().get());
        }
        throw new AssertionError("more pages than statuses: the cursor does not move on; read " + read);
    }

    private List<DatasetStatus> matching(Predicate<DatasetStatus> filter) {
        return written.stream().filter(filter).toList();
    }
}
