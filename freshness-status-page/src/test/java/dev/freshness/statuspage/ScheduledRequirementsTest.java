package dev.freshness.statuspage;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
import dev.freshness.cron.CronSchedule;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.freshness.statuspage.Json.array;
import static dev.freshness.statuspage.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

/** A catalog with a scheduled requirement, which has no maximum age: the page says its deadline instead. */
class ScheduledRequirementsTest {

    /** Due at 10:00 UTC every day. */
    private static final CronSchedule AT_TEN = CronSchedule.unix("0 10 * * *");

    private final SettableClock clock = SettableClock.at(Instant.parse("2026-11-30T09:30:00Z"));
    private final DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), Catalog.builder()
                    .dataset("orders", "Orders")
                    .producer("sync", "orders")
                    .page("sales", "Sales", Requirement.dueBy("orders", AT_TEN))
                    .page("archive", "Archive", Requirement.of("orders", Duration.ofDays(1)))
                    .build())
            .withClock(clock).build();
    private final StatusPageHandler handler = StatusPageHandler.builder(freshness).build();

    @Test
    void theJsonAndHtmlSayTheDeadlineOfAScheduledRequirement() {
        freshness.track(Scope.tenant("acme"), "orders").run(context -> context.recordsAffected(1));
        clock.set(Instant.parse("2026-11-30T10:05:00Z"));

        StatusPageHandler.Response json = handler.respond("GET", "/freshness/status.json", "tenant=acme");
        assertThat(json.status()).isEqualTo(200);
        Map<String, Object> document = object(Json.parse(json.bodyText()));
        Map<String, Object> sales = object(array(document.get("pages")).get(0));
        Map<String, Object> verdict = object(array(object(array(sales.get("scopes")).get(0)).get("datasets")).get(0));
        assertThat(verdict).containsEntry("verdict", "STALE").containsEntry("due", "by 10:00 UTC every day")
                .containsEntry("sentence",
                        "Orders: due by 10:00 UTC every day; last refreshed Monday 09:30; missed Monday's 10:00.");
        assertThat(verdict.get("warnAfter")).isNull();
        Map<String, Object> row = object(array(document.get("datasets")).get(0));
        assertThat(row.get("warnAfter")).isEqualTo("PT24H"); // the dataset's strictest maximum age
        List<Object> requirements = array(object(array(object(document.get("catalog")).get("pages")).get(0)).get("requirements"));
        assertThat(object(requirements.get(0))).containsEntry("due", "by 10:00 UTC every day");

        StatusPageHandler.Response html = handler.respond("GET", "/freshness", "tenant=acme");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.bodyText()).contains("Orders due by 10:00 UTC every day")
                .contains("due by 10:00 UTC every day");
    }
}
