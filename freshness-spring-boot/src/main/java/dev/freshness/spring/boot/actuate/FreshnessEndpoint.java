package dev.freshness.spring.boot.actuate;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Producer;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code freshness} Actuator endpoint ({@code /actuator/freshness}), read-only:
 * <ul>
 *   <li>{@code GET /actuator/freshness}: the catalog, and each page's check across scopes (its worst severity
 *       and its stale scopes, worst first, at most {@code maxScopes} of them);</li>
 *   <li>{@code GET /actuator/freshness?scope=acme}: every page's report for one scope ({@code global} or
 *       {@code *} for the global scope), with its verdicts; {@code &page=hook_analysis} for one page.</li>
 * </ul>
 * Durations are ISO-8601 ({@code PT48H}), instants ISO-8601 in UTC; a value that does not exist (no error age,
 * no success yet) is left out rather than null. An unknown page or a malformed scope is a bad request (400).
 */
@Endpoint(id = "freshness")
public class FreshnessEndpoint {

    private final DatasetFreshness freshness;
    private final int maxScopes;

    /**
     * The endpoint of {@code freshness}, listing at most {@code maxScopes} stale scopes per page.
     *
     * @throws IllegalArgumentException if {@code maxScopes} is not positive
     */
    public FreshnessEndpoint(DatasetFreshness freshness, int maxScopes) {
        this.freshness = Objects.requireNonNull(freshness, "freshness must not be null");
        if (maxScopes < 1) {
            throw new IllegalArgumentException("maxScopes must be positive, was " + maxScopes);
        }
        this.maxScopes = maxScopes;
    }

    /**
     * Without a scope: the catalog and each page's check across scopes. With one: that scope's reports, of every
     * page or of {@code page}.
     */
    @ReadOperation
    public Map<String, Object> freshness(@Nullable String scope, @Nullable String page) {
        if (scope == null || scope.isBlank()) {
            if (page != null) {
                throw new InvalidEndpointRequestException("page needs a scope", "The page parameter needs a scope parameter");
            }
            return overview();
        }
        return reports(parseScope(scope), page);
    }

    private Map<String, Object> overview() {
        Catalog catalog = freshness.catalog();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", freshness.clock().instant().toString());
        body.put("catalog", catalog(catalog));
        List<Map<String, Object>> pages = new ArrayList<>();
        for (PageDefinition page : catalog.pages()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("key", page.key());
            summary.put("title", page.title());
            StaleScopesPage stale = page.requirements().isEmpty() ? StaleScopesPage.of(List.of(), null)
                    : freshness.staleScopes(page.key(), null, maxScopes);
            summary.put("severity", stale.reports().isEmpty() ? Severity.OK.name()
                    : stale.reports().get(0).severity().name());
            summary.put("staleScopes", stale.reports().stream().map(report -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("scope", report.scope().key());
                entry.put("severity", report.severity().name());
                entry.put("banner", report.banner());
                return entry;
            }).toList());
            summary.put("truncated", stale.nextPage().isPresent());
            pages.add(summary);
        }
        body.put("pages", pages);
        return body;
    }

    private static Map<String, Object> catalog(Catalog catalog) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datasets", catalog.datasets().stream().map(dataset -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", dataset.key().value());
            entry.put("title", dataset.title());
            dataset.maxRunDuration().ifPresent(duration -> entry.put("maxRunDuration", duration.toString()));
            entry.put("producers", catalog.producersOf(dataset.key()));
            entry.put("consumers", catalog.consumersOf(dataset.key()).stream().map(PageDefinition::key).toList());
            return entry;
        }).toList());
        body.put("producers", catalog.producers().stream().map(FreshnessEndpoint::producer).toList());
        body.put("pages", catalog.pages().stream().map(page -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", page.key());
            entry.put("title", page.title());
            entry.put("needs", page.requirements().stream().map(FreshnessEndpoint::need).toList());
            return entry;
        }).toList());
        body.put("findings", catalog.findings().stream().map(CatalogFinding::message).toList());
        return body;
    }

    private static Map<String, Object> producer(Producer producer) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("job", producer.jobName());
        entry.put("datasets", producer.datasets().stream().map(DatasetKey::value).toList());
        return entry;
    }

    private static Map<String, Object> need(Requirement requirement) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("dataset", requirement.dataset().value());
        // A scheduled requirement has no maximum age: its deadlines in words instead.
        requirement.schedule().ifPresentOrElse(schedule -> entry.put("due", schedule.describe(Locale.ENGLISH)),
                () -> entry.put("warnAfter", requirement.warnAfter().toString()));
        requirement.errorAfter().ifPresent(errorAfter -> entry.put("errorAfter", errorAfter.toString()));
        entry.put("ignoreEmptyRefreshes", requirement.ignoresEmptyRefreshes());
        return entry;
    }

    private Map<String, Object> reports(Scope scope, @Nullable String pageKey) {
        List<PageDefinition> pages;
        if (pageKey == null) {
            pages = freshness.catalog().pages();
        } else {
            pages = List.of(freshness.catalog().page(pageKey).orElseThrow(() -> new InvalidEndpointRequestException(
                    "no page " + pageKey + " in the catalog", "No page '" + pageKey + "' in the catalog")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", scope.key());
        body.put("at", freshness.clock().instant().toString());
        body.put("reports", pages.stream().map(page -> report(freshness.report(scope, page.key()))).toList());
        return body;
    }

    private static Map<String, Object> report(FreshnessReport report) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("page", report.page().key());
        entry.put("title", report.page().title());
        entry.put("severity", report.severity().name());
        entry.put("banner", report.banner());
        entry.put("verdicts", report.verdicts().stream().map(FreshnessEndpoint::verdict).toList());
        return entry;
    }

    private static Map<String, Object> verdict(DatasetVerdict verdict) {
        Map<String, Object> entry = new LinkedHashMap<>();
        DatasetDefinition dataset = verdict.dataset();
        entry.put("dataset", dataset.key().value());
        entry.put("ageVerdict", verdict.ageVerdict().name());
        entry.put("severity", verdict.severity().name());
        verdict.age().ifPresent(age -> entry.put("age", age.toString()));
        verdict.lastRefresh().ifPresent(success -> entry.put("lastRefresh", success.at().toString()));
        verdict.warningAfter().ifPresent(at -> entry.put("warningAfter", at.toString()));
        verdict.criticalAfter().ifPresent(at -> entry.put("criticalAfter", at.toString()));
        entry.put("failing", verdict.runState().isFailing());
        entry.put("refreshing", verdict.runState().isRefreshing());
        entry.put("abandoned", verdict.runState().isAbandoned());
        entry.put("sentence", verdict.sentence());
        return entry;
    }

    private static Scope parseScope(String scope) {
        if (scope.equals(Scope.GLOBAL_KEY) || scope.equalsIgnoreCase("global")) {
            return Scope.global();
        }
        try {
            return Scope.tenant(scope);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "Bad scope: " + e.getMessage());
        }
    }
}
