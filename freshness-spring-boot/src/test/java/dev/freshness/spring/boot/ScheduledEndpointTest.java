package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.cron.CronSchedule;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.spring.boot.actuate.FreshnessEndpoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/** The endpoint shows a scheduled requirement by its deadlines, since it has no maximum age. */
class ScheduledEndpointTest {

    /** Due at 10:00 UTC every day. */
    private static final CronSchedule AT_TEN = CronSchedule.unix("0 10 * * *");

    @Test
    void aScheduledNeedShowsItsDeadlinesInsteadOfAMaximumAge() {
        Catalog catalog = Catalog.builder().dataset("orders", "Orders").producer("sync", "orders")
                .page("sales", "Sales", Requirement.dueBy("orders", AT_TEN).errorAfterMissed(3)).build();
        DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog)
                .withClock(SettableClock.at(Instant.parse("2026-11-30T09:30:00Z"))).build();

        Map<String, Object> body = new FreshnessEndpoint(freshness, 10).freshness(null, null);

        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) body.get("catalog");
        assertThat(shown.get("pages")).asInstanceOf(LIST).containsExactly(Map.of("key", "sales", "title", "Sales",
                "needs", List.of(Map.of("dataset", "orders", "due", "by 10:00 UTC every day",
                        "ignoreEmptyRefreshes", false))));
    }
}
