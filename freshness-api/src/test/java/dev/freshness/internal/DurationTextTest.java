package dev.freshness.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "30s, PT30S",
            "90m, PT1H30M",
            "48h, PT48H",
            "7d, PT168H",
            "2w, PT336H",
            "' 12h ', PT12H",
    })
    void parsesAWholeNumberAndAUnit(String text, Duration expected) {
        assertThat(DurationText.parse(text, "warn")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "48", "h", "1.5h", "-2h", "48 hours", "PT48H", "3y", "10000000000h"})
    void rejectsWhatIsNotAWholeNumberAndAUnit(String text) {
        assertThatThrownBy(() -> DurationText.parse(text, "warn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("warn '" + text + "' is not a duration; write a whole number and a unit");
    }

    @ParameterizedTest(name = "''{0}'' is rejected as not positive")
    @ValueSource(strings = {"0h", "0d", "000m"})
    void rejectsZero(String text) {
        assertThatThrownBy(() -> DurationText.parse(text, "error"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("error must be positive, was '" + text + "'");
    }

    @ParameterizedTest(name = "{0} is said ''{1}''")
    @CsvSource({
            "PT0S, 0 seconds",
            "PT1S, 1 second",
            "PT59S, 59 seconds",
            "PT1M, 1 minute",
            "PT10M30S, 10 minutes 30 seconds",
            "PT1H, 1 hour",
            "PT2H, 2 hours",
            "PT2H30M59S, 2 hours 30 minutes",
            "PT47H59M59S, 47 hours 59 minutes",
            "PT48H, 48 hours",
            "PT71H59M, 71 hours 59 minutes",
            "PT72H, 3 days",
            "PT73H, 3 days 1 hour",
            "PT168H, 7 days",
            "PT168H59M, 7 days",
            "PT720H, 30 days",
            "-PT5M, 0 seconds",
    })
    void saysDurationsInWordsCutToTwoUnits(Duration duration, String words) {
        assertThat(DurationText.words(duration)).isEqualTo(words);
    }

    @ParameterizedTest(name = "{0} is {1} {2} and {3} {4}")
    @CsvSource({
            "PT0S, 0, SECONDS, 0, ",
            "PT59.9S, 59, SECONDS, 0, ",
            "PT1M, 1, MINUTES, 0, SECONDS",
            "PT10M30S, 10, MINUTES, 30, SECONDS",
            "PT1H, 1, HOURS, 0, MINUTES",
            "PT2H30M59S, 2, HOURS, 30, MINUTES",
            "PT71H59M59S, 71, HOURS, 59, MINUTES",
            "PT72H, 3, DAYS, 0, HOURS",
            "PT168H59M, 7, DAYS, 0, HOURS",
            "PT28801H, 1200, DAYS, 1, HOURS",
            "-PT5M, 0, SECONDS, 0, ",
    })
    void splitsDurationsIntoTheTwoUnitsTheyAreSaidIn(Duration duration, long major, ChronoUnit majorUnit, long minor,
                                                     ChronoUnit minorUnit) {
        assertThat(DurationText.parts(duration)).isEqualTo(new DurationText.Parts(major, majorUnit, minor, minorUnit));
    }

    @Test
    void wordsAreThePartsInEnglish() {
        Duration duration = Duration.ofHours(2).plusMinutes(30);
        DurationText.Parts parts = DurationText.parts(duration);

        assertThat(DurationText.words(duration)).isEqualTo(parts.major() + " hours " + parts.minor() + " minutes");
        assertThatThrownBy(() -> DurationText.parts(null))
                .isInstanceOf(NullPointerException.class).hasMessage("duration must not be null");
    }
}
