package dev.freshness.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeTest {

    @Test
    void theGlobalScopeHasNoTenant() {
        Scope global = Scope.global();

        assertThat(global.isGlobal()).isTrue();
        assertThat(global.tenantId()).isEmpty();
        assertThat(global.key()).isEqualTo(Scope.GLOBAL_KEY);
        assertThat(global).isSameAs(Scope.global()).hasToString("global");
    }

    @Test
    void aTenantScopeKeepsItsId() {
        Scope acme = Scope.tenant("acme");

        assertThat(acme.isGlobal()).isFalse();
        assertThat(acme.tenantId()).contains("acme");
        assertThat(acme.key()).isEqualTo("acme");
        assertThat(acme).isEqualTo(Scope.tenant("acme")).isNotEqualTo(Scope.global()).hasToString("tenant:acme");
        assertThat(acme).hasSameHashCodeAs(Scope.tenant("acme"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"brand 42", "Acme Inc.", "café 😀", "a/b;c'd\"e", "x*", "global-eu", "42"})
    void aTenantIdIsOpaqueText(String tenantId) {
        assertThat(Scope.tenant(tenantId).tenantId()).contains(tenantId);
    }

    @Test
    void aTenantIdMayHaveTwoHundredCharactersNotMore() {
        assertThat(Scope.tenant("t".repeat(200)).key()).hasSize(Scope.MAX_TENANT_ID_LENGTH);
        assertThatThrownBy(() -> Scope.tenant("t".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenantId must be at most 200 characters, was 201");
    }

    @Test
    void rejectsANullTenantId() {
        assertThatThrownBy(() -> Scope.tenant(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tenantId must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\n"})
    void rejectsABlankTenantId(String blank) {
        assertThatThrownBy(() -> Scope.tenant(blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenantId must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*x", "**", "* ", "global", "GLOBAL", "Global", "gLoBaL"})
    void rejectsATenantIdThatEqualsOrImitatesTheGlobalScope(String tenantId) {
        assertThatThrownBy(() -> Scope.tenant(tenantId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenantId")
                .hasMessageContaining("reserved for the global scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {" acme", "acme ", "acme\t", "\u00a0acme", "acme\u2003"})
    void rejectsLeadingOrTrailingWhiteSpace(String tenantId) {
        assertThatThrownBy(() -> Scope.tenant(tenantId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenantId")
                .hasMessageContaining("white space");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ac\u0000me", "ac\u0007me", "ac\nme", "ac\u007fme", "ac\u0085me"})
    void rejectsControlCharacters(String tenantId) {
        assertThatThrownBy(() -> Scope.tenant(tenantId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenantId")
                .hasMessageContaining("control character")
                .hasMessageContaining("at index 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ac\ud83dme", "ac\ude00me"})
    void rejectsLoneSurrogates(String tenantId) {
        assertThatThrownBy(() -> Scope.tenant(tenantId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenantId")
                .hasMessageContaining("lone surrogate at index 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme\u200B", "ac\u200Bme", "\u202Eemca", "acme\u2066x", "ac\u00A0me", "ac\u2028me",
            "ac\uFEFFme", "ac\u3000me"})
    void rejectsInvisibleAndDirectionChangingCharactersThatWouldMakeTwoIdsLookAlike(String tenantId) {
        assertThatThrownBy(() -> Scope.tenant(tenantId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has the invisible or direction-changing character (U+")
                .hasMessageContaining("it would look like another tenant id")
                .hasMessageContaining("\\u");
    }

    @Test
    void aStoredKeyWithAnInvisibleCharacterStillReadsBack() {
        assertThat(Scope.fromKey("ac\u200Bme").tenantId()).contains("ac\u200Bme");
    }

    @Test
    void aStoredKeyReadsBackAsItsScope() {
        assertThat(Scope.fromKey("*")).isSameAs(Scope.global());
        assertThat(Scope.fromKey("acme")).isEqualTo(Scope.tenant("acme"));
        assertThatThrownBy(() -> Scope.fromKey(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> Scope.fromKey("*x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersByKeySoGlobalComesBeforeLetters() {
        assertThat(Scope.global()).isLessThan(Scope.tenant("Acme"));
        assertThat(Scope.tenant("Acme")).isLessThan(Scope.tenant("acme"));
    }
}
