package dev.freshness.monitor;

import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import com.zaxxer.hikari.HikariDataSource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The second process of {@link SecondProcessTest}: one monitor run on a database (PostgreSQL or MariaDB, any JDBC
 * URL with its credentials), delivering to a webhook. Arguments: the JDBC URL, the webhook URL, the instant of the
 * run.
 */
public final class MonitorChild {

    private MonitorChild() {
    }

    public static void main(String[] args) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(args[0]);
        dataSource.setMaximumPoolSize(2);
        FreshnessMonitor monitor = FreshnessMonitor.using(JdbcFreshnessStore.using(dataSource).build(),
                        MonitorScenarios.CATALOG, JdbcMonitorState.using(dataSource).build())
                .withChannel("ops", WebhookNotifier.to(URI.create(args[1])).withTimeout(Duration.ofSeconds(60)).build())
                .withClaimDuration(Duration.ofMinutes(2))
                .build();
        System.out.println("starting");
        MonitorRun run = monitor.runOnce(Instant.parse(args[2]));
        System.out.println("done " + run);
    }
}
