package dev.freshness.acceptance.wrapper;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.StoreFailurePolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ad_creation guard gone wrong: a tenant that is null by mistake runs the job untracked with a warning, at
 * most once a minute per dataset; no scope on purpose (an empty Optional, a false onlyIf) stays quiet.
 */
class NullScopeTest {

    private static final Scope ACME = Scope.tenant("acme");

    @Test
    void aNullScopeRunsTheJobUntrackedWithARateLimitedWarning() {
        SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T06:00:00Z"));
        Scope unknownTenant = null;
        try (CapturedLog log = CapturedLog.atConfiguredLevel(CapturedLog.TRACKING);
             DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), ReferenceSystem.catalog())
                     .withClock(clock).build()) {

            assertThat(freshness.track(unknownTenant, "ad_creations").call(() -> 4)).isEqualTo(4);
            assertThat(freshness.track(unknownTenant, "ad_creations").call(() -> 4)).isEqualTo(4);
            assertThat(freshness.track(Optional.empty(), "ad_creations").call(() -> 4)).isEqualTo(4);
            assertThat(freshness.track(ACME, "ad_creations").onlyIf(false).call(() -> 4)).isEqualTo(4);

            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("ad_creations").contains("scope is null");
            });
            clock.advance(StoreFailurePolicy.LOG_INTERVAL);
            freshness.track(unknownTenant, "ad_creations").call(() -> 4);
            assertThat(log.warnings()).as("a minute later").hasSize(2);

            assertThat(freshness.records().statusesLastSucceededBefore("ad_creations", Instant.MAX)).isEmpty();
            assertThat(freshness.records().status(ACME, "ad_creations").isEmpty()).isTrue();
        }
    }
}
