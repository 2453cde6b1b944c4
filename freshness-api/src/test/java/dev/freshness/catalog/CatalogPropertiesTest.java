package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CatalogPropertiesTest {

    private static final String VALID = """
            # Datasets
            dataset.orders = Orders
            dataset.orders.max-run = 90m
            dataset.v2.customers: Customers

            ! Jobs
            job.order_sync = orders, v2.customers
            job.cleanup =

            page.dashboard = Dashboard
            page.dashboard.needs.orders = warn 48h, error 7d
            page.dashboard.needs.v2.customers = ignore-empty, warn 1w
            page.later = Later
            """;

    @Test
    void readsTheSameCatalogAsTheBuilderWouldBuild() {
        Catalog read = Catalog.fromProperties(new StringReader(VALID), "catalog.properties");

        Catalog built = Catalog.builder()
                .dataset("orders", "Orders", Duration.ofMinutes(90))
                .dataset("v2.customers", "Customers")
                .producer("order_sync", "orders", "v2.customers")
                .producer("cleanup")
                .page("dashboard", "Dashboard",
                        Requirement.of("orders", Duration.ofHours(48)).errorAfter(Duration.ofDays(7)),
                        Requirement.of("v2.customers", Duration.ofDays(7)).ignoringEmptyRefreshes())
                .page("later", "Later")
                .build();
        assertThat(read.datasets()).isEqualTo(built.datasets());
        assertThat(read.producers()).isEqualTo(built.producers());
        assertThat(read.pages()).isEqualTo(built.pages());
        assertThat(read.findings()).isEqualTo(built.findings());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("dataset.orders = Orders\nthis line has no separator\n",
                        2, "line 'this line has no separator' is not 'key = value'"),
                Arguments.of("dataset.orders = Orders\n\ndataset.orders = Orders again\n",
                        3, "key 'dataset.orders' is set twice, first at line 1"),
                Arguments.of("dataset.orders = Orders\ndatasets.prices = Prices\n",
                        2, "key 'datasets.prices' is not understood; keys start with 'dataset.', 'job.', 'page.' or 'schedule.'"),
                Arguments.of("dataset.orders = Orders\ndataset.orders.max-run = 0h\n",
                        2, "dataset 'orders' is invalid: max-run must be positive, was '0h'"),
                Arguments.of("dataset.orders = Orders\ndataset.prices.max-run = 1h\n",
                        2, "key 'dataset.prices.max-run' refers to 'prices', which has no 'dataset.prices = <title>' line"),
                Arguments.of("dataset.orders =\n",
                        1, "dataset 'orders' is invalid: title must not be blank, was ''"),
                Arguments.of("dataset.bad key = Bad\n",
                        1, "dataset 'bad key' is invalid: dataset key 'bad key' has (U+0020) at index 3;"
                                + " allowed are ASCII letters, digits, '_', '.' and '-'"),
                Arguments.of("dataset.orders = Orders\njob.sync = orders, invoices\n",
                        2, "job 'sync' produces 'invoices', which is not a declared dataset"),
                Arguments.of("dataset.orders = Orders\npage.p = P\n\npage.p.needs.ordres = warn 1h\n",
                        4, "page 'p' needs 'ordres' names a dataset that is not declared"),
                Arguments.of("dataset.orders = Orders\npage.p.needs.orders = warn 1h\n",
                        2, "key 'page.p.needs.orders' refers to 'p', which has no 'page.p = <title>' line"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 48h, error 24h\n",
                        3, "page 'p' needs 'orders' has 'error 24 hours' shorter than 'warn 48 hours'"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = error 24h\n",
                        3, "page 'p' needs 'orders' has no 'warn <duration>' or 'due <schedule>' clause"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 24h, stale 2d\n",
                        3, "page 'p' needs 'orders' has the clause 'stale 2d'; write 'warn <duration>[, error <duration>][, ignore-empty]'"
                                + " or 'due <schedule>[, error <n> missed][, ignore-empty]'"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 24h, warn 2d\n",
                        3, "page 'p' needs 'orders' has two 'warn' clauses"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn -1h\n",
                        3, "page 'p' needs 'orders' is invalid: warn '-1h' is not a duration; write a whole number and a unit: s, m, h, d or w (90m, 48h, 7d)"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 0m\n",
                        3, "page 'p' needs 'orders' is invalid: warn must be positive, was '0m'"),
                Arguments.of("dataset.a = A\n\ndataset.a.max_run = 2h\n",
                        3, "key 'dataset.a.max_run' is not understood: 'a' is declared, and 'max_run' is not one of its"
                                + " settings ('max-run', 'derived-from')"),
                Arguments.of("dataset.a.max_run = 2h\ndataset.a = A\n",
                        1, "key 'dataset.a.max_run' is not understood: 'a' is declared, and 'max_run' is not one of its"
                                + " settings ('max-run', 'derived-from')"),
                Arguments.of("dataset.a = A\npage.p = P\npage.p.need.a = warn 48h\n",
                        3, "key 'page.p.need.a' is not understood: 'p' is declared, and 'need.a' is not one of its"
                                + " settings ('needs.<dataset>')"),
                Arguments.of("dataset.ads = Ads\ndataset.ads.v2.max-run = 1h\n",
                        2, "key 'dataset.ads.v2.max-run' refers to 'ads.v2', which has no 'dataset.ads.v2 = <title>' line"));
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @MethodSource("malformed")
    void namesTheItemAndTheLineOfEachProblem(String text, int line, String problem) {
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class,
                () -> Catalog.fromProperties(new StringReader(text), "rules.properties"));

        assertThat(e).hasMessage("rules.properties line " + line + ": " + problem);
        assertThat(e.line()).hasValue(line);
    }

    @Test
    void aKeyWithADotIsADatasetOfItsOwnWhenNoDeclaredKeyItExtends() {
        Catalog catalog = Catalog.fromProperties(new StringReader("""
                dataset.ads.v2 = Ads, second version
                dataset.ads.v2.max-run = 2h
                dataset.adsv2.x = Other
                page.p.q = Page with a dotted key
                page.p.q.needs.ads.v2 = warn 48h
                """), "catalog.properties");

        assertThat(catalog.dataset(DatasetKey.of("ads.v2"))).get()
                .satisfies(dataset -> assertThat(dataset.title()).isEqualTo("Ads, second version"))
                .satisfies(dataset -> assertThat(dataset.maxRunDuration()).contains(Duration.ofHours(2)));
        assertThat(catalog.dataset(DatasetKey.of("adsv2.x"))).isPresent();
        assertThat(catalog.requirePage("p.q").datasets()).containsExactly(DatasetKey.of("ads.v2"));
    }

    @Test
    void readsAClassPathResourceAndSaysWhenThereIsNone() {
        assertThatThrownBy(() -> Catalog.fromResource("no/such/catalog.properties"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource 'no/such/catalog.properties' was not found on the class path");
    }
}
