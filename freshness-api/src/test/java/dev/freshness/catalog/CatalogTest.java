package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {

    private static final Duration H24 = Duration.ofHours(24);
    private static final Duration H48 = Duration.ofHours(48);

    @Test
    void listsEverythingInTheOrderDeclared() {
        Catalog catalog = Catalog.builder()
                .dataset("orders", "Orders", Duration.ofMinutes(90))
                .dataset("customers", "Customers")
                .producer("order_sync", "orders", "customers")
                .producer("crm_import", "customers")
                .page("dashboard", "Dashboard", Requirement.of("orders", H24), Requirement.of("customers", H48))
                .page("crm", "CRM", Requirement.of("customers", H24).errorAfter(H48))
                .build();

        assertThat(catalog.datasets()).extracting(DatasetDefinition::title).containsExactly("Orders", "Customers");
        assertThat(catalog.dataset(DatasetKey.of("orders")).orElseThrow().maxRunDuration()).contains(Duration.ofMinutes(90));
        assertThat(catalog.dataset(DatasetKey.of("customers")).orElseThrow().maxRunDuration()).isEmpty();
        assertThat(catalog.producersOf(DatasetKey.of("customers"))).containsExactly("order_sync", "crm_import");
        assertThat(catalog.consumersOf(DatasetKey.of("customers"))).extracting(PageDefinition::key)
                .containsExactly("dashboard", "crm");
        assertThat(catalog.requirePage("crm").requirements()).containsExactly(Requirement.of("customers", H24).errorAfter(H48));
        assertThat(catalog.page("nope")).isEmpty();
        assertThat(catalog.findings()).isEmpty();
    }

    @Test
    void exportsTheRegistryAsAMarkdownTable() {
        Catalog catalog = Catalog.builder()
                .dataset("orders", "Orders")
                .dataset("customers", "Customers")
                .dataset("archive", "Archive")
                .dataset("prices", "Prices")
                .producer("order_sync", "orders", "customers")
                .producer("crm_import", "customers")
                .producer("archiver", "archive")
                .page("dashboard", "Dashboard", Requirement.of("orders", Duration.ofMinutes(90)),
                        Requirement.of("customers", Duration.ofDays(7)))
                .page("crm", "CRM", Requirement.of("customers", H48).errorAfter(Duration.ofDays(3)))
                .page("pricing", "Pricing", Requirement.of("prices", H24))
                .build();

        assertThat(catalog.toMarkdownTable()).isEqualTo("""
                | Dataset | Produced by | Consumed by | Max age |
                |---|---|---|---|
                | `orders` | `order_sync` | `dashboard` | 1 hour 30 minutes |
                | `customers` | `order_sync`, `crm_import` | `dashboard`, `crm` | 48 hours |
                | `archive` | `archiver` | none | none |
                | `prices` | none | `pricing` | 24 hours |
                """);
    }

    @Test
    void findsDatasetsNobodyProducesOrConsumesAndPagesAndJobsWithNothing() {
        Catalog catalog = Catalog.builder()
                .dataset("orders", "Orders")
                .dataset("prices", "Prices")
                .dataset("archive", "Archive")
                .producer("order_sync", "orders")
                .producer("archiver", "archive")
                .producer("cleanup")
                .page("dashboard", "Dashboard", Requirement.of("orders", H24), Requirement.of("prices", H24))
                .page("later", "Later")
                .build();

        assertThat(catalog.findings()).containsExactly(
                new CatalogFinding(CatalogFinding.Kind.DATASET_NOT_PRODUCED, "prices",
                        "dataset 'prices' has no producer: dashboard will never see it fresh"),
                new CatalogFinding(CatalogFinding.Kind.DATASET_NOT_CONSUMED, "archive",
                        "dataset 'archive' is needed by no page: nobody is warned when it goes stale"),
                new CatalogFinding(CatalogFinding.Kind.PAGE_NEEDS_NOTHING, "later", "page 'later' needs no dataset"),
                new CatalogFinding(CatalogFinding.Kind.JOB_PRODUCES_NOTHING, "cleanup", "job 'cleanup' produces no dataset"));
    }

    @Test
    void rejectsARequirementOnAnUnknownDataset() {
        Catalog.Builder builder = Catalog.builder().dataset("orders", "Orders")
                .page("dashboard", "Dashboard", Requirement.of("orders", H24), Requirement.of("ordres", H24));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("page 'dashboard' needs 'ordres' names a dataset that is not declared")
                .satisfies(e -> {
                    InvalidCatalogException invalid = (InvalidCatalogException) e;
                    assertThat(invalid.item()).isEqualTo("page 'dashboard' needs 'ordres'");
                    assertThat(invalid.line()).isEmpty();
                });
    }

    @Test
    void rejectsAProducerOfAnUnknownDataset() {
        Catalog.Builder builder = Catalog.builder().dataset("orders", "Orders").producer("order_sync", "orders", "invoices");

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("job 'order_sync' produces 'invoices', which is not a declared dataset");
    }

    @Test
    void rejectsKeysDeclaredTwice() {
        Catalog.Builder builder = Catalog.builder().dataset("orders", "Orders").producer("sync", "orders")
                .page("dashboard", "Dashboard", Requirement.of("orders", H24));

        assertThatThrownBy(() -> builder.dataset("orders", "Orders again"))
                .isInstanceOf(InvalidCatalogException.class).hasMessage("dataset 'orders' is declared twice");
        assertThatThrownBy(() -> builder.producer("sync"))
                .isInstanceOf(InvalidCatalogException.class).hasMessage("job 'sync' is declared twice");
        assertThatThrownBy(() -> builder.page("dashboard", "Other"))
                .isInstanceOf(InvalidCatalogException.class).hasMessage("page 'dashboard' is declared twice");
        assertThatThrownBy(() -> builder.page("two", "Two", Requirement.of("orders", H24), Requirement.of("orders", H48)))
                .isInstanceOf(InvalidCatalogException.class).hasMessageStartingWith("page 'two' needs one dataset twice");
        assertThatThrownBy(() -> builder.producer("twice", "orders", "orders"))
                .isInstanceOf(InvalidCatalogException.class).hasMessageStartingWith("job 'twice' lists one dataset twice");
    }

    @Test
    void rejectsZeroNegativeAndInvertedDurations() {
        assertThatThrownBy(() -> Requirement.of("orders", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("warnAfter must be positive, was PT0S");
        assertThatThrownBy(() -> Requirement.of("orders", H24).errorAfter(Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("errorAfter must be positive, was PT-1H");
        assertThatThrownBy(() -> Requirement.of("orders", H48).errorAfter(H24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorAfter PT24H of dataset 'orders' is shorter than its warnAfter PT48H");
        assertThatThrownBy(() -> Catalog.builder().dataset("orders", "Orders", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRunDuration must be positive, was PT0S");
        assertThat(Requirement.of("orders", H24).errorAfter(H24).errorAfter()).contains(H24);
    }

    @Test
    void rejectsBadKeysAndTitles() {
        assertThatThrownBy(() -> Catalog.builder().dataset("bad key", "Bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dataset key 'bad key' has");
        assertThatThrownBy(() -> Catalog.builder().dataset("orders", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("title must not be blank, was ' '");
        assertThatThrownBy(() -> Catalog.builder().page("my page", "Mine"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("page key 'my page' has");
        assertThatThrownBy(() -> Catalog.builder().producer("job/1", "orders"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("jobName 'job/1' has");
    }

    @Test
    void namesTheKnownPagesWhenAPageIsMissing() {
        Catalog catalog = Catalog.builder().dataset("orders", "Orders")
                .page("dashboard", "Dashboard", Requirement.of("orders", H24)).build();

        assertThatThrownBy(() -> catalog.requirePage("dashbaord"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageKey 'dashbaord' is not a page of the catalog; its pages are [dashboard]");
    }
}
