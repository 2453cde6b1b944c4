package dev.freshness.spi;

import dev.freshness.core.DatasetStatus;
import dev.freshness.internal.Checks;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link FreshnessStore#statusesAcrossScopes}: statuses ordered by scope key, then dataset key
 * (both in binary order, as {@link String#compareTo} on the ASCII keys a test uses), and the cursor of the next
 * page when there may be more.
 *
 * @param statuses this page's statuses, at most the query's limit
 * @param next where the next page starts; null when this is the last page
 */
public record StatusPage(List<DatasetStatus> statuses, PageCursor next) {

    /** Copies the statuses. */
    public StatusPage {
        statuses = List.copyOf(Checks.notNull(statuses, "statuses"));
    }

    /** A page of {@code statuses} that is full when it holds {@code limit}: then a next page may follow. */
    public static StatusPage of(List<DatasetStatus> statuses, int limit) {
        if (statuses.size() < limit) {
            return new StatusPage(statuses, null);
        }
        DatasetStatus last = statuses.get(statuses.size() - 1);
        return new StatusPage(statuses, new PageCursor(last.scope().key(), last.dataset().value()));
    }

    /** The cursor of the next page, empty on the last page. */
    public Optional<PageCursor> nextPage() {
        return Optional.ofNullable(next);
    }
}
