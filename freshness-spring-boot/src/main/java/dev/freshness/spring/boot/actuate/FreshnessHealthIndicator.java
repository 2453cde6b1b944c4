package dev.freshness.spring.boot.actuate;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.core.StoreException;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code freshness} health contributor: the worst freshness of the catalog's pages across every scope, read
 * with the cross-scope check (a few store queries per page however many tenants there are), and the worst
 * (page, scope) pairs in its details, at most {@code maxDetails} of them.
 *
 * <p>Stale data is not a reason to restart the application or to take it out of service: restarting fixes no
 * job, and every instance shares the same store, so all of them would go out at once. The status is therefore
 * {@code UP} at every severity unless configured otherwise (the warning and critical statuses), and
 * {@code UNKNOWN} when the store cannot be read; the severity is in the details:
 *
 * <pre>{@code
 * {"status": "UP", "details": {"severity": "CRITICAL",
 *   "pages": {"ad_performance": "CRITICAL", "hook_analysis": "OK"},
 *   "stale": [{"page": "ad_performance", "scope": "globex", "severity": "CRITICAL", "banner": "..."}],
 *   "truncated": false}}
 * }</pre>
 */
public class FreshnessHealthIndicator implements HealthIndicator {

    private static final Comparator<FreshnessReport> WORST_FIRST = Comparator
            .comparing(FreshnessReport::severity).reversed()
            .thenComparing(report -> report.page().key())
            .thenComparing(report -> report.scope().key());

    private final DatasetFreshness freshness;
    private final int maxDetails;
    private final Status warningStatus;
    private final Status criticalStatus;

    /**
     * A contributor reading {@code freshness}, listing at most {@code maxDetails} stale (page, scope) pairs, and
     * reporting {@code warningStatus} or {@code criticalStatus} when the worst page is at that severity.
     *
     * @throws IllegalArgumentException if {@code maxDetails} is negative
     */
    public FreshnessHealthIndicator(DatasetFreshness freshness, int maxDetails, Status warningStatus,
                                    Status criticalStatus) {
        this.freshness = Objects.requireNonNull(freshness, "freshness must not be null");
        if (maxDetails < 0) {
            throw new IllegalArgumentException("maxDetails must be 0 or more, was " + maxDetails);
        }
        this.maxDetails = maxDetails;
        this.warningStatus = Objects.requireNonNull(warningStatus, "warningStatus must not be null");
        this.criticalStatus = Objects.requireNonNull(criticalStatus, "criticalStatus must not be null");
    }

    @Override
    public Health health() {
        Map<String, String> pages = new LinkedHashMap<>();
        List<FreshnessReport> stale = new ArrayList<>();
        Severity worst = Severity.OK;
        boolean truncated = false;
        try {
            for (PageDefinition page : freshness.catalog().pages()) {
                if (page.requirements().isEmpty()) {
                    continue;
                }
                StaleScopesPage found = freshness.staleScopes(page.key(), null, Math.max(1, maxDetails));
                Severity severity = found.reports().isEmpty() ? Severity.OK : found.reports().get(0).severity();
                pages.put(page.key(), severity.name());
                worst = worst.worst(severity);
                stale.addAll(found.reports());
                truncated |= found.nextPage().isPresent();
            }
        } catch (StoreException failure) {
            return Health.unknown().withDetail("error", failure.getMessage()).build();
        }
        stale.sort(WORST_FIRST);
        truncated |= stale.size() > maxDetails;
        List<Map<String, String>> listed = stale.stream().limit(maxDetails).map(FreshnessHealthIndicator::entry).toList();
        Status status = switch (worst) {
            case OK -> Status.UP;
            case WARNING -> warningStatus;
            case CRITICAL -> criticalStatus;
        };
        return Health.status(status).withDetail("severity", worst.name()).withDetail("pages", pages)
                .withDetail("stale", listed).withDetail("truncated", truncated).build();
    }

    private static Map<String, String> entry(FreshnessReport report) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("page", report.page().key());
        entry.put("scope", report.scope().key());
        entry.put("severity", report.severity().name());
        entry.put("banner", report.banner());
        return entry;
    }
}
