package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's HTML, rendered without a server. */
class StatusPageHtmlTest {

    private static final String HOSTILE_TITLE = "Quotes <b>\"live\"</b> & 'now'";

    private static String render(Catalog catalog) {
        try (DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog)
                .withClock(SettableClock.at(Instant.parse("2026-03-09T09:00:00Z")))
                .build()) {
            return StatusPageHtml.render(StatusBoard.read(freshness, List.of("acme"), List.of()));
        }
    }

    @Test
    void aRuleOfMinutesShowsItsMinutesNotWholeHours() {
        String page = render(Catalog.builder()
                .dataset("quotes", HOSTILE_TITLE)
                .dataset("prices", "Prices")
                .dataset("stock", "Stock")
                .producer("sync", "quotes", "prices", "stock")
                .page("trading", "Trading",
                        Requirement.of("quotes", Duration.ofMinutes(30)),
                        Requirement.of("prices", Duration.ofMinutes(90)).errorAfter(Duration.ofHours(3)),
                        Requirement.of("stock", Duration.ofHours(48)))
                .build());

        assertThat(page).contains("<small>Quotes &lt;b&gt;&quot;live&quot;&lt;/b&gt; &amp; &#39;now&#39;, max age 30m</small>")
                .contains("<small>Prices, max age 1h 30m/3h</small>")
                .contains("<small>Stock, max age 48h</small>")
                .doesNotContain("max age 0h", "max age 1h<", "max age 1h/", "<b>\"live\"");
    }
}
