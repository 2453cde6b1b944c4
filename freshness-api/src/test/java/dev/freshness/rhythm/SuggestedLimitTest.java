package dev.freshness.rhythm;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuggestedLimitTest {

    @Test
    void warnAfterIsTheObservedIntervalRoundedUpToMinutesHoursOrDaysAndErrorAfterTwiceIt() {
        assertThat(SuggestedLimit.forObservedInterval(Duration.ofSeconds(61)))
                .isEqualTo(new SuggestedLimit(Duration.ofMinutes(2), Duration.ofMinutes(4)));
        assertThat(SuggestedLimit.forObservedInterval(Duration.ofMinutes(15)).warnAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(SuggestedLimit.forObservedInterval(Duration.ofMinutes(59).plusSeconds(1)).warnAfter())
                .isEqualTo(Duration.ofHours(1));
        assertThat(SuggestedLimit.forObservedInterval(Duration.ofHours(35).plusMinutes(10)))
                .isEqualTo(new SuggestedLimit(Duration.ofHours(36), Duration.ofHours(72)));
        assertThat(SuggestedLimit.forObservedInterval(Duration.ofHours(36)).warnAfter()).isEqualTo(Duration.ofHours(36));
        assertThat(SuggestedLimit.forObservedInterval(Duration.ofDays(3).plusHours(1)))
                .isEqualTo(new SuggestedLimit(Duration.ofDays(4), Duration.ofDays(8)));
        assertThat(SuggestedLimit.forObservedInterval(Duration.ZERO).warnAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theLimitReadsAsAPropertiesLineThatTheCatalogAccepts() throws Exception {
        SuggestedLimit limit = SuggestedLimit.forObservedInterval(Duration.ofHours(35).plusMinutes(10));

        assertThat(limit.toProperty()).isEqualTo("warn 36h, error 3d");
        assertThat(new SuggestedLimit(Duration.ofSeconds(90), Duration.ofMinutes(3)).toProperty()).isEqualTo("warn 90s, error 3m");
        Catalog catalog = Catalog.fromProperties(new StringReader("""
                dataset.ad_classifications = Ad classifications
                page.hook_analysis = Hook analysis
                page.hook_analysis.needs.ad_classifications = %s
                """.formatted(limit.toProperty())), "test");
        assertThat(catalog.requirePage("hook_analysis").requirements()).containsExactly(limit.toRequirement("ad_classifications"));
        assertThat(limit.toRequirement("ad_classifications"))
                .isEqualTo(Requirement.of("ad_classifications", Duration.ofHours(36)).errorAfter(Duration.ofDays(3)));
    }

    @Test
    void badLimitsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new SuggestedLimit(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("warnAfter must be positive, was PT0S");
        assertThatThrownBy(() -> new SuggestedLimit(Duration.ofHours(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("errorAfter PT1H is shorter than warnAfter PT2H");
        assertThatThrownBy(() -> new SuggestedLimit(null, Duration.ofHours(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("warnAfter must not be null");
        assertThatThrownBy(() -> SuggestedLimit.forObservedInterval(null))
                .isInstanceOf(NullPointerException.class).hasMessage("observed must not be null");
    }
}
