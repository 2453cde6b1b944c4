package dev.freshness.micrometer;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.report.Severity;
import dev.freshness.testkit.CountingStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static dev.freshness.micrometer.FreshnessMetrics.LAST_SUCCESS_AGE;
import static dev.freshness.micrometer.FreshnessMetrics.PAGE_SCOPES;
import static dev.freshness.micrometer.ReferenceCatalog.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;

/** The gauges over the JDBC store on H2: one paged cross-scope query per read, ages and counts as in memory. */
class JdbcGaugesTest {

    private static final Instant NOW = Instant.parse("2026-03-09T09:00:00Z");

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final SettableClock clock = SettableClock.at(NOW);

    JdbcGaugesTest() {
        dataSource.setURL("jdbc:h2:mem:freshness_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    }

    @AfterEach
    void dropTheDatabase() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void theGaugesReadTheJdbcStoreAcrossScopes() {
        CountingStore store = new CountingStore(JdbcFreshnessStore.using(dataSource).createSchemaIfMissing().build());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FreshnessMetrics metrics = FreshnessMetrics.builder(store, CATALOG).withClock(clock).withGaugeReadPageSize(2).build();
        metrics.bindTo(registry);
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                .withTrackingListener(metrics).build()) {
            succeeded(freshness, Scope.global(), Duration.ofMinutes(10));
            succeeded(freshness, Scope.tenant("acme"), Duration.ofHours(2));
            succeeded(freshness, Scope.tenant("globex"), Duration.ofHours(30));
            succeeded(freshness, Scope.tenant("initech"), Duration.ofHours(50));
        }

        assertThat(registry.get(LAST_SUCCESS_AGE).tags("dataset", "ad_classifications", "scope", "global").gauge().value())
                .isEqualTo(600);
        assertThat(registry.get(LAST_SUCCESS_AGE).tags("dataset", "ad_classifications", "scope", "worst_tenant").gauge()
                .value()).isEqualTo(50 * 3600);
        assertThat(scopes(registry, Severity.OK)).isEqualTo(2);
        assertThat(scopes(registry, Severity.WARNING)).isEqualTo(1);
        assertThat(scopes(registry, Severity.CRITICAL)).isEqualTo(1);
        assertThat(store.crossScopeCalls()).as("4 statuses in pages of 2, and the empty page after").isEqualTo(3);
        assertThat(store.reads() - store.crossScopeCalls()).isZero();
        assertThat(registry.get(FreshnessMetrics.RUNS).tags("dataset", "ad_classifications", "outcome", "success")
                .counter().count()).isEqualTo(4);
    }

    private void succeeded(DatasetFreshness freshness, Scope scope, Duration ago) {
        clock.set(NOW.minus(ago));
        freshness.track(scope, "ad_classifications").job("ad_classification").run(context -> context.recordsAffected(5));
        clock.set(NOW);
    }

    private static double scopes(SimpleMeterRegistry registry, Severity severity) {
        return registry.get(PAGE_SCOPES).tags("page", "hook_analysis", "severity", severity.name().toLowerCase())
                .gauge().value();
    }
}
