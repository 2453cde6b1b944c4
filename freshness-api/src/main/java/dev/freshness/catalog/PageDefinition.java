package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A consumer of datasets (a page, an endpoint, a report), identified by its page key, with a title and what
 * it needs of each dataset it reads. A page may need nothing yet; the catalog then lists it as a finding.
 *
 * @param key the page key (letters, digits, {@code _ . -}), such as {@code hook_analysis}
 * @param title what people call the page
 * @param requirements what it needs, one requirement per dataset, in the order declared
 */
public record PageDefinition(String key, String title, List<Requirement> requirements) {

    /** Validates the key and title, copies the requirements and rejects two requirements on one dataset. */
    public PageDefinition {
        Checks.identifier(key, DatasetKey.MAX_LENGTH, "page key");
        DatasetDefinition.checkTitle(title);
        requirements = List.copyOf(Checks.notNull(requirements, "requirements"));
        long distinct = requirements.stream().map(Requirement::dataset).distinct().count();
        if (distinct != requirements.size()) {
            throw new InvalidCatalogException(Catalog.pageItem(key), "needs one dataset twice: " + requirements);
        }
    }

    /** The requirement on {@code dataset}, when this page needs it. */
    public Optional<Requirement> requirement(DatasetKey dataset) {
        return requirements.stream().filter(requirement -> requirement.dataset().equals(dataset)).findFirst();
    }

    /** The datasets this page needs, in the order declared. */
    public List<DatasetKey> datasets() {
        return requirements.stream().map(Requirement::dataset).toList();
    }

    /**
     * The shortest {@code warnAfter} of the page's maximum-age requirements; empty when it needs nothing, or only
     * scheduled datasets.
     */
    public Optional<Duration> shortestWarnAfter() {
        return requirements.stream().filter(requirement -> !requirement.isScheduled()).map(Requirement::warnAfter)
                .min(Duration::compareTo);
    }
}
