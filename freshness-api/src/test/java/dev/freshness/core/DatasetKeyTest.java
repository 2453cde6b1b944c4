package dev.freshness.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetKeyTest {

    @Test
    void acceptsLettersDigitsUnderscoreDotAndDash() {
        DatasetKey key = DatasetKey.of("Ad_classifications.v2-eu");

        assertThat(key.value()).isEqualTo("Ad_classifications.v2-eu");
        assertThat(key).hasToString("Ad_classifications.v2-eu");
    }

    @Test
    void acceptsOneHundredCharacters() {
        assertThat(DatasetKey.of("k".repeat(100)).value()).hasSize(DatasetKey.MAX_LENGTH);
    }

    @Test
    void rejectsNullNamingTheParameter() {
        assertThatThrownBy(() -> DatasetKey.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dataset key must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t"})
    void rejectsBlank(String blank) {
        assertThatThrownBy(() -> DatasetKey.of(blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dataset key must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ads classifications", "ads/2026", "ads's", "ads\"s", "ads;drop", "ads\u0000", "ads\u0007x",
            "ads\nx", "café", "ads*", "ads%", "ads:x"})
    void rejectsCharactersOutsideTheAllowedSetNamingTheCharacter(String key) {
        assertThatThrownBy(() -> DatasetKey.of(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset key")
                .hasMessageContaining("at index 3")
                .hasMessageContaining("allowed are ASCII letters, digits, '_', '.' and '-'");
    }

    @Test
    void showsAControlCharacterAsAnEscapeInTheMessage() {
        assertThatThrownBy(() -> DatasetKey.of("ads\u0001"))
                .hasMessageContaining("'ads\\u0001'")
                .hasMessageContaining("(U+0001)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0001"));
    }

    @Test
    void rejectsOneHundredAndOneCharacters() {
        assertThatThrownBy(() -> DatasetKey.of("k".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dataset key must be at most 100 characters, was 101");
    }

    @Test
    void isCaseSensitiveAndOrderedByValue() {
        assertThat(DatasetKey.of("orders")).isEqualTo(DatasetKey.of("orders")).isNotEqualTo(DatasetKey.of("Orders"));
        assertThat(DatasetKey.of("orders")).hasSameHashCodeAs(DatasetKey.of("orders"));
        assertThat(DatasetKey.of("Orders")).isLessThan(DatasetKey.of("orders"));
        assertThat(DatasetKey.of("a-b")).isLessThan(DatasetKey.of("a.b")).isLessThan(DatasetKey.of("a_b"));
    }
}
