package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.InputStatus;
import dev.freshness.report.RunState;
import dev.freshness.report.StaleScopesPage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the example shows, read from a {@link DatasetFreshness} at its clock's instant: the status of
 * every dataset per tenant, each page's banner per tenant, the cross-tenant check of the pages with no tenant
 * selector, and the catalog's findings and registry, as the terminal report shows them.
 *
 * @param at the instant everything was judged at
 * @param scopes the columns: the tenants, then the global scope when something was recorded for it
 * @param datasets the catalog's datasets, in its order
 * @param cells one cell per scope and dataset
 * @param tenantPages the banners of the pages that have a tenant selector, one report per tenant
 * @param crossTenantChecks the checks of the pages with no tenant selector
 * @param neverSucceeded per page that needs something, the tenants that never had a success of it
 * @param findings the catalog's findings
 * @param registry the catalog as a Markdown table
 */
public record StatusBoard(Instant at, List<Scope> scopes, List<DatasetDefinition> datasets, Map<Scope, List<Cell>> cells,
                          List<PageBanners> tenantPages, List<CrossTenantCheck> crossTenantChecks,
                          Map<String, List<String>> neverSucceeded, List<CatalogFinding> findings, String registry) {

    /**
     * One dataset in one scope.
     *
     * @param scope whose data
     * @param dataset which dataset
     * @param at the instant it was read at
     * @param status what the store holds for it
     * @param rule the strictest requirement of the pages that need it (shortest warnAfter, or a schedule when no
     *     page limits its age); empty when no page does
     * @param verdict the dataset judged against the rule; empty when no page needs it, or for the global scope
     *     when nothing was recorded for it (pages judge tenants: the global scope has only what a job gave it)
     * @param runState what its runs are doing (failing, refreshing, abandoned), whether a page needs it or not
     */
    public record Cell(Scope scope, DatasetDefinition dataset, Instant at, DatasetStatus status,
                       Optional<Requirement> rule, Optional<DatasetVerdict> verdict, RunState runState) {

        /** How old the data is against the rule, when the cell has a {@link #verdict()}. */
        public Optional<AgeVerdict> ageVerdict() {
            return verdict.map(DatasetVerdict::ageVerdict);
        }

        /**
         * How old the data is: measured as the rule measures it when the cell has a {@link #verdict()}, else from
         * the last success; empty when there is none.
         */
        public Optional<Duration> age() {
            if (verdict.isPresent()) {
                return verdict.get().age();
            }
            return status.lastSuccess().map(success -> Duration.between(success.at(), at))
                    .map(age -> age.isNegative() ? Duration.ZERO : age);
        }

        /** True when the latest attempt failed. */
        public boolean failing() {
            return runState.isFailing();
        }

        /** True when a run is refreshing it now. */
        public boolean refreshing() {
            return runState.isRefreshing();
        }

        /** True when a run in flight outlived the dataset's max run duration: its process died. */
        public boolean abandoned() {
            return runState.isAbandoned();
        }

        /**
         * The first words of the cell: the verdict and the age ({@code "stale 2d 7h"}), or, when no page needs
         * the dataset, its age ({@code "3h ago"}), {@code "never succeeded"} or {@code "-"} when nothing was
         * recorded.
         */
        public String label() {
            Optional<Duration> age = age();
            if (ageVerdict().isPresent()) {
                String word = words(ageVerdict().get());
                return age.map(value -> word + " " + compact(value)).orElse(word);
            }
            if (age.isPresent()) {
                return compact(age.get()) + " ago";
            }
            return status.isEmpty() ? "-" : words(AgeVerdict.NEVER_SUCCEEDED);
        }

        /** What stands beside the verdict: {@code failing}, {@code refreshing}, {@code abandoned}. */
        public List<String> flags() {
            List<String> flags = new ArrayList<>();
            if (failing()) {
                flags.add("failing");
            }
            if (refreshing()) {
                flags.add("refreshing");
            }
            if (abandoned()) {
                flags.add("abandoned");
            }
            return flags;
        }

        /** The label and the flags, as one short text. */
        public String summary() {
            List<String> flags = flags();
            return flags.isEmpty() ? label() : label() + ", " + String.join(", ", flags);
        }

        /** The sentence a banner would show for it; empty when it has no {@link #verdict()}. */
        public Optional<String> sentence() {
            return verdict.map(DatasetVerdict::sentence);
        }

        /** The latest failure in full ({@code type: message}), when the latest attempt failed. */
        public Optional<String> lastError() {
            return runState.failing().map(failure -> failure.error().type() + ": " + failure.error().message());
        }
    }

    /**
     * The banners of one page, one per tenant.
     *
     * @param page the page
     * @param reports one report per tenant, in the tenants' order
     */
    public record PageBanners(PageDefinition page, List<FreshnessReport> reports) {
    }

    /**
     * The check of a page with no tenant selector, across every tenant.
     *
     * @param page the page
     * @param anyScopeStale what {@link DatasetFreshness#isAnyScopeStale(String)} says
     * @param staleScopes what {@link DatasetFreshness#staleScopes(String)} found, every page of it, worst first
     */
    public record CrossTenantCheck(PageDefinition page, boolean anyScopeStale, List<FreshnessReport> staleScopes) {
    }

    /**
     * Reads everything from {@code freshness}, at its clock's instant.
     *
     * @param tenants the tenants the application expects, in display order
     * @param pagesWithoutTenantSelector the pages that show every tenant at once: they get the cross-tenant check
     *     instead of a banner per tenant
     */
    public static StatusBoard read(DatasetFreshness freshness, List<String> tenants,
                                   Collection<String> pagesWithoutTenantSelector) {
        Catalog catalog = freshness.catalog();
        Instant now = freshness.clock().instant();
        List<DatasetDefinition> datasets = catalog.datasets();
        List<String> keys = datasets.stream().map(dataset -> dataset.key().value()).toList();

        List<Scope> scopes = new ArrayList<>(tenants.stream().map(Scope::tenant).toList());
        Map<DatasetKey, DatasetStatus> global = freshness.records().statuses(Scope.global(), keys);
        if (global.values().stream().anyMatch(status -> !status.isEmpty())) {
            scopes.add(Scope.global());
        }
        Map<Scope, List<Cell>> cells = new LinkedHashMap<>();
        for (Scope scope : scopes) {
            Map<DatasetKey, DatasetStatus> statuses = scope.isGlobal() ? global : freshness.records().statuses(scope, keys);
            List<Cell> row = new ArrayList<>();
            for (DatasetDefinition dataset : datasets) {
                row.add(cell(catalog, dataset, statuses, now));
            }
            cells.put(scope, List.copyOf(row));
        }

        Set<String> withoutSelector = Set.copyOf(pagesWithoutTenantSelector);
        List<PageBanners> tenantPages = new ArrayList<>();
        List<CrossTenantCheck> crossTenantChecks = new ArrayList<>();
        Map<String, List<String>> neverSucceeded = new LinkedHashMap<>();
        for (PageDefinition page : catalog.pages()) {
            if (withoutSelector.contains(page.key())) {
                crossTenantChecks.add(new CrossTenantCheck(page, freshness.isAnyScopeStale(page.key()),
                        staleScopes(freshness, page.key())));
            } else {
                tenantPages.add(new PageBanners(page, tenants.stream()
                        .map(tenant -> freshness.report(Scope.tenant(tenant), page.key())).toList()));
            }
            if (!page.requirements().isEmpty()) {
                neverSucceeded.put(page.key(), freshness.tenantsNeverSucceeded(page.key(), tenants));
            }
        }
        return new StatusBoard(now, List.copyOf(scopes), datasets, cells, List.copyOf(tenantPages),
                List.copyOf(crossTenantChecks), neverSucceeded, catalog.findings(), catalog.toMarkdownTable());
    }

    /** Every page of {@link DatasetFreshness#staleScopes(String)}: the example has few tenants, so all of them. */
    private static List<FreshnessReport> staleScopes(DatasetFreshness freshness, String pageKey) {
        StaleScopesPage page = freshness.staleScopes(pageKey);
        List<FreshnessReport> reports = new ArrayList<>(page.reports());
        while (page.nextPage().isPresent()) {
            page = freshness.staleScopes(pageKey, page.nextPage().get(), DatasetFreshness.DEFAULT_STALE_SCOPES_PAGE_SIZE);
            reports.addAll(page.reports());
        }
        return reports;
    }

    /**
     * Age rules by their warning age, shortest first, then rules on a schedule, which have no age to compare: the
     * registry's "Max age" column ({@link Catalog#toMarkdownTable()}) picks the same.
     */
    private static final Comparator<Requirement> STRICTEST_FIRST = Comparator
            .comparing(Requirement::isScheduled)
            .thenComparing(rule -> rule.isScheduled() ? Duration.ZERO : rule.warnAfter());

    /** Copies the collections. */
    public StatusBoard {
        scopes = List.copyOf(scopes);
        datasets = List.copyOf(datasets);
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
        tenantPages = List.copyOf(tenantPages);
        crossTenantChecks = List.copyOf(crossTenantChecks);
        neverSucceeded = Collections.unmodifiableMap(new LinkedHashMap<>(neverSucceeded));
        findings = List.copyOf(findings);
    }

    /** Every verdict and flag word that appears in the cells, such as {@code "stale"} or {@code "abandoned"}. */
    public Set<String> wordsShown() {
        Set<String> words = new TreeSet<>();
        cells.values().forEach(row -> row.forEach(cell -> {
            cell.ageVerdict().ifPresent(verdict -> words.add(words(verdict)));
            words.addAll(cell.flags());
        }));
        return words;
    }

    /** The word for a verdict: {@code fresh}, {@code stale}, {@code expired}, {@code never succeeded}. */
    public static String words(AgeVerdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /**
     * {@code "24h"}, or {@code "24h/72h"} when the rule also has an error age: in hours, as the catalog says them,
     * with the minutes of a rule that is not a whole number of hours ({@code "30m"}, {@code "1h 30m"}). A rule on a
     * schedule has no maximum age: its deadlines instead, as its sentence says them ({@code "due by 07:30
     * Europe/Berlin"}).
     */
    public static String maxAge(Requirement rule) {
        if (rule.isScheduled()) {
            return "due " + rule.schedule().orElseThrow().describe(Locale.ENGLISH);
        }
        String warn = hours(rule.warnAfter());
        return rule.errorAfter().map(error -> warn + "/" + hours(error)).orElse(warn);
    }

    /**
     * A rule's age in hours and what is left of it, never rounded: {@code "168h"}, {@code "1h 30m"},
     * {@code "30m"}, {@code "1m 30s"}, {@code "500ms"}; never in days, so {@code "168h"} reads as the catalog says it.
     */
    static String hours(Duration duration) {
        List<String> parts = new ArrayList<>();
        if (duration.toHours() > 0) {
            parts.add(duration.toHours() + "h");
        }
        if (duration.toMinutesPart() > 0) {
            parts.add(duration.toMinutesPart() + "m");
        }
        if (duration.toSecondsPart() > 0) {
            parts.add(duration.toSecondsPart() + "s");
        }
        if (duration.toMillisPart() > 0 || parts.isEmpty()) {
            parts.add(duration.toMillisPart() + "ms");
        }
        return String.join(" ", parts);
    }

    /** A duration in at most two units, for narrow columns: {@code "5d 2h"}, {@code "2h 35m"}, {@code "45m"}. */
    public static String compact(Duration duration) {
        long minutes = duration.toMinutes();
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return hours == 0 ? days + "d" : days + "d " + hours + "h";
        }
        if (hours > 0) {
            return mins == 0 ? hours + "h" : hours + "h " + mins + "m";
        }
        return mins + "m";
    }

    private static Cell cell(Catalog catalog, DatasetDefinition dataset, Map<DatasetKey, DatasetStatus> statuses, Instant now) {
        DatasetStatus status = statuses.get(dataset.key());
        // A derived dataset is judged with its inputs, as a page's report judges it.
        List<InputStatus> inputs = catalog.upstreamOf(dataset.key()).stream()
                .map(input -> new InputStatus(catalog.dataset(input).orElseThrow(), statuses.get(input))).toList();
        Optional<Requirement> rule = catalog.consumersOf(dataset.key()).stream()
                .map(page -> page.requirement(dataset.key()).orElseThrow())
                .min(STRICTEST_FIRST);
        // Pages judge tenants: the global scope has only what a job gave it, so nothing recorded there is no verdict.
        boolean judged = !(status.scope().isGlobal() && status.isEmpty());
        Optional<DatasetVerdict> verdict = rule.filter(present -> judged)
                .map(requirement -> DatasetVerdict.judge(dataset, requirement, status, null, inputs, now));
        return new Cell(status.scope(), dataset, now, status, rule, verdict, RunState.of(status, dataset, now));
    }
}
