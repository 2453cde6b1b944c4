package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.testkit.CountingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A page with no tenant selector over 1,000 tenants: which scopes to warn about, worst first and paged, whether
 * any is stale, and which expected tenants never had a success.
 */
class CrossScopeTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String DATASET = "templates_scraped";
    private static final String PAGE = "template_queue";
    private static final JobError BLOCKED = JobError.of("java.io.IOException", "403 from the template site", null);

    /** What happened to one tenant. */
    private enum Story {
        FRESH(null), STALE(Severity.WARNING), EXPIRED(Severity.CRITICAL), FAILING_BUT_FRESH(null),
        FAILING_AND_STALE(Severity.WARNING), RAN_NEVER_SUCCEEDED(Severity.CRITICAL), NEVER_RAN(null);

        /** The severity of the tenant's report, or null when the cross-scope check does not list it. */
        final Severity listedAs;

        Story(Severity listedAs) {
            this.listedAs = listedAs;
        }
    }

    private final SettableClock clock = SettableClock.at(NOW);
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final Catalog catalog = Catalog.builder()
            .dataset(DATASET, "Scraped templates", ofHours(1))
            .dataset("ad_classifications", "Ad classifications")
            .producer("template_scrape", DATASET)
            .page(PAGE, "Template queue", Requirement.of(DATASET, ofHours(168)).errorAfter(ofDays(14)))
            .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", ofHours(48)))
            .build();
    private final DatasetFreshness freshness = DatasetFreshness.using(store, catalog).withClock(clock).build();
    private final List<String> tenants = IntStream.range(0, 1000).mapToObj(i -> String.format("t%04d", i)).toList();

    private static Story storyOf(int i) {
        if (i % 50 == 9) {
            return Story.NEVER_RAN;
        }
        if (i % 25 == 1) {
            return Story.EXPIRED;
        }
        return switch (i % 10) {
            case 0 -> Story.STALE;
            case 3 -> Story.FAILING_BUT_FRESH;
            case 5 -> Story.FAILING_AND_STALE;
            case 7 -> Story.RAN_NEVER_SUCCEEDED;
            default -> Story.FRESH;
        };
    }

    @BeforeEach
    void recordOneThousandTenants() {
        for (int i = 0; i < tenants.size(); i++) {
            Scope scope = Scope.tenant(tenants.get(i));
            switch (storyOf(i)) {
                case FRESH -> succeed(scope, ofDays(1));
                case STALE -> succeed(scope, ofDays(8));
                case EXPIRED -> succeed(scope, ofDays(20));
                case FAILING_BUT_FRESH -> {
                    succeed(scope, ofDays(1));
                    fail(scope, ofHours(1));
                }
                case FAILING_AND_STALE -> {
                    succeed(scope, ofDays(10));
                    fail(scope, ofHours(2));
                }
                case RAN_NEVER_SUCCEEDED -> fail(scope, ofHours(3));
                case NEVER_RAN -> {
                }
            }
        }
        succeed(Scope.global(), ofDays(9));
        clock.set(NOW);
        store.reset();
    }

    @AfterEach
    void close() {
        freshness.close();
    }

    private void succeed(Scope scope, Duration ago) {
        clock.set(NOW.minus(ago));
        freshness.records().recordSuccess(scope, DATASET, RunId.random(), 10);
    }

    private void fail(Scope scope, Duration ago) {
        clock.set(NOW.minus(ago));
        freshness.records().recordFailure(scope, DATASET, RunId.random(), BLOCKED);
    }

    /** The scopes the check must list: critical first, then warnings, each by scope key ("*" for global first). */
    private List<String> expectedStaleScopeKeys() {
        List<String> critical = new ArrayList<>();
        List<String> warning = new ArrayList<>(List.of(Scope.GLOBAL_KEY));
        for (int i = 0; i < tenants.size(); i++) {
            Severity severity = storyOf(i).listedAs;
            if (severity == Severity.CRITICAL) {
                critical.add(tenants.get(i));
            } else if (severity == Severity.WARNING) {
                warning.add(tenants.get(i));
            }
        }
        warning.sort(Comparator.naturalOrder());
        List<String> expected = new ArrayList<>(critical);
        expected.addAll(warning);
        return expected;
    }

    @Test
    void listsTheStaleScopesWorstFirstPageByPage() {
        List<FreshnessReport> seen = new ArrayList<>();
        int pages = 0;
        StaleScopesPage page = freshness.staleScopes(PAGE, null, 37);
        while (true) {
            pages++;
            assertThat(page.reports()).hasSizeLessThanOrEqualTo(37);
            seen.addAll(page.reports());
            if (page.nextPage().isEmpty()) {
                break;
            }
            page = freshness.staleScopes(PAGE, page.nextPage().get(), 37);
        }

        List<String> expected = expectedStaleScopeKeys();
        assertThat(expected).hasSize(40 + 100 + 1 + 100 + 100);
        assertThat(seen).extracting(report -> report.scope().key()).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo((expected.size() + 36) / 37);
        assertThat(seen).isSortedAccordingTo(Comparator.comparing(FreshnessReport::severity).reversed());
    }

    @Test
    void eachListedScopeComesWithItsFullReport() {
        List<FreshnessReport> reports = freshness.staleScopes(PAGE, null, 1000).reports();

        FreshnessReport neverSucceeded = reports.stream().filter(r -> r.scope().equals(Scope.tenant("t0007"))).findFirst().orElseThrow();
        assertThat(neverSucceeded.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(neverSucceeded.banner()).isEqualTo("Scraped templates: never refreshed. The latest refresh failed"
                + " 3 hours ago: IOException: 403 from the template site.");
        FreshnessReport failingAndStale = reports.stream().filter(r -> r.scope().equals(Scope.tenant("t0005"))).findFirst().orElseThrow();
        assertThat(failingAndStale.verdicts().get(0).ageVerdict()).isEqualTo(AgeVerdict.STALE);
        assertThat(failingAndStale.banner()).isEqualTo("Scraped templates: last refreshed 10 days ago, expected within"
                + " 7 days. The latest refresh failed 2 hours ago: IOException: 403 from the template site.");
        FreshnessReport global = reports.stream().filter(r -> r.scope().isGlobal()).findFirst().orElseThrow();
        assertThat(global.banner()).isEqualTo("Scraped templates: last refreshed 9 days ago, expected within 7 days.");
        assertThat(reports).noneMatch(r -> r.scope().equals(Scope.tenant("t0003")));
    }

    @Test
    void readsOnlyTheStatusesLastRefreshedBeforeTheShortestWarnAfter() {
        freshness.staleScopes(PAGE, null, 50);

        // 1,000 tenants and global have rows but for 20 that never ran; only the old and the never-succeeded
        // ones are read, in one store call (a page holds up to 10,000).
        assertThat(store.crossScopeQueries()).hasSize(1);
        assertThat(store.crossScopeQueries().get(0).lastSucceededBefore()).isEqualTo(NOW.minus(ofHours(168)));
        assertThat(store.crossScopeQueries().get(0).datasets()).containsExactly(DatasetKey.of(DATASET));
        assertThat(store.crossScopeStatusesRead()).isEqualTo(expectedStaleScopeKeys().size());
        assertThat(store.statusesCalls()).isEqualTo(0);
    }

    @Test
    void saysWhetherAnyScopeIsStale() {
        assertThat(freshness.isAnyScopeStale(PAGE)).isTrue();
        assertThat(store.crossScopeQueries()).hasSize(1);

        clock.set(NOW.minus(ofDays(1)));
        for (int i = 0; i < tenants.size(); i++) {
            if (storyOf(i).listedAs != null) {
                freshness.records().recordSuccess(Scope.tenant(tenants.get(i)), DATASET, RunId.random(), 3);
            }
        }
        freshness.records().recordSuccess(Scope.global(), DATASET, RunId.random(), 3);
        clock.set(NOW);

        assertThat(freshness.isAnyScopeStale(PAGE)).isFalse();
        assertThat(freshness.staleScopes(PAGE).reports()).isEmpty();
        assertThat(freshness.isAnyScopeStale("hook_analysis")).isFalse();
    }

    @Test
    void findsExactlyTheExpectedTenantsThatNeverSucceeded() {
        List<String> expected = IntStream.range(0, tenants.size())
                .filter(i -> storyOf(i) == Story.NEVER_RAN || storyOf(i) == Story.RAN_NEVER_SUCCEEDED)
                .mapToObj(tenants::get).toList();

        assertThat(freshness.tenantsNeverSucceeded(PAGE, tenants)).containsExactlyElementsOf(expected).hasSize(120);
        assertThat(freshness.tenantsNeverSucceeded(PAGE, List.of("t0009", "unknown", "t0000", "t0009")))
                .containsExactly("t0009", "unknown");
        assertThat(freshness.tenantsNeverSucceeded("hook_analysis", List.of("t0000"))).containsExactly("t0000");
    }

    @Test
    void rejectsAnExpectedTenantThatIsNoTenantId() {
        assertThatThrownBy(() -> freshness.tenantsNeverSucceeded(PAGE, List.of("t0001", "*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenantId '*' is reserved for the global scope");
    }
}
