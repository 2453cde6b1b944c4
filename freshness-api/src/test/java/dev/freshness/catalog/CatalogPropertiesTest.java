package dev.freshness.catalog;

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
                        2, "key 'datasets.prices' is not understood; keys start with 'dataset.', 'job.' or 'page.'"),
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
                        3, "page 'p' needs 'orders' has no 'warn <duration>' clause"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 24h, stale 2d\n",
                        3, "page 'p' needs 'orders' has the clause 'stale 2d'; write 'warn <duration>[, error <duration>][, ignore-empty]'"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 24h, warn 2d\n",
                        3, "page 'p' needs 'orders' has two 'warn' clauses"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn -1h\n",
                        3, "page 'p' needs 'orders' is invalid: warn '-1h' is not a duration; write a whole number and a unit: s, m, h, d or w (90m, 48h, 7d)"),
                Arguments.of("dataset.orders = Orders\npage.p = P\npage.p.needs.orders = warn 0m\n",
                        3, "page 'p' needs 'orders' is invalid: warn must be positive, was '0m'"));
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
    void readsAClassPathResourceAndSaysWhenThereIsNone() {
        assertThatThrownBy(() -> Catalog.fromResource("no/such/catalog.properties"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource 'no/such/catalog.properties' was not found on the class path");
    }
}
