package dev.freshness.monitor;

import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.ChildJvm;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second JVM on the same database, killed while it delivers: the other process delivers, once. On PostgreSQL and
 * on MariaDB, each on a database of its own; skipped when the server is absent (failed on CI).
 */
class SecondProcessTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(value = TestServer.class, names = {"POSTGRESQL", "MARIADB"})
    void aProcessKilledMidDeliveryLeavesTheChangeToTheOtherWhichDeliversItOnce(TestServer server) throws Exception {
        try (TestDatabase database = TestDatabase.create(server); Receiver receiver = Receiver.start()) {
            FreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).createSchemaIfMissing().build();
            MonitorState state = JdbcMonitorState.using(database.dataSource()).createSchemaIfMissing().build();
            MonitorScenarios.succeed(store, "a", "meta_ads_performance", MonitorScenarios.MIDNIGHT);
            Instant stale = MonitorScenarios.MIDNIGHT.plus(Duration.ofHours(3));
            receiver.mode(Receiver.Mode.HOLD);

            try (ChildJvm child = ChildJvm.start(MonitorChild.class, List.of(), database.url(),
                    receiver.url("/hooks/ops").toString(), stale.toString())) {
                assertThat(receiver.awaitHolding(60)).as("the child posts the change").isTrue();
                child.kill();
            }
            receiver.mode(Receiver.Mode.UP);
            receiver.release();

            FreshnessMonitor survivor = FreshnessMonitor.using(store, MonitorScenarios.CATALOG, state)
                    .withChannel("ops", WebhookNotifier.to(receiver.url("/hooks/ops")).build())
                    .withClaimDuration(Duration.ofMinutes(2)).build();
            MonitorRun whileClaimed = survivor.runOnce(stale.plus(Duration.ofMinutes(1)));
            MonitorRun afterTheClaim = survivor.runOnce(stale.plus(Duration.ofMinutes(3)));
            MonitorRun later = survivor.runOnce(stale.plus(Duration.ofMinutes(30)));

            assertThat(whileClaimed.claimed()).as("the killed child had claimed the change").isEmpty();
            assertThat(whileClaimed.delivered()).as("its delivery is still claimed by the killed child").isZero();
            assertThat(afterTheClaim.delivered()).isEqualTo(1);
            assertThat(later.delivered()).isZero();
            assertThat(receiver.acceptedChanges()).containsExactly("BECAME_WARNING ad_performance a");
            assertThat(receiver.accepted().get(0).header(WebhookNotifier.DELIVERY_HEADER))
                    .as("the same delivery id as the interrupted post, for a receiver to drop a repeat")
                    .isEqualTo(receiver.refused().get(0).header(WebhookNotifier.DELIVERY_HEADER));
        }
    }
}
