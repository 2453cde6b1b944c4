package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child JVM of {@link SpoolTest}: makes the tables, then loses the database for good and runs tracked jobs
 * without end, with a redelivery spool, until it is killed. It prints {@code DONE <run id> <instant>} once a
 * run's job has returned: its start and success were refused by then, and are in the queue and the spool.
 *
 * <p>Arguments: the JDBC URL, the table prefix, the spool directory, the first run's instant.
 */
public final class SpoolingWriter {

    static final String DATASET = "orders";
    static final Scope SCOPE = Scope.tenant("acme");
    static final String DOWN = "DOWN";

    private SpoolingWriter() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DataSource target;
        if (args[0].startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(args[0]);
            target = h2;
        } else {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(args[0]);
            target = postgres;
        }
        SwitchableDataSource dataSource = new SwitchableDataSource(target);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix(args[1])
                .createSchemaIfMissing().build();
        SettableClock clock = SettableClock.at(Instant.parse(args[3]));
        DatasetFreshness freshness = DatasetFreshness.using(store, Catalog.builder().build()).withClock(clock)
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW)
                .withRedeliverySpool(Path.of(args[2]))
                .withRedeliveryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
        dataSource.down();
        out.println(DOWN);
        for (long i = 0; ; i++) {
            clock.advance(Duration.ofSeconds(1));
            long records = i;
            RunId runId = RunId.of("spooled-" + i);
            freshness.track(SCOPE, DATASET).runId(runId).call(() -> records);
            out.println("DONE " + runId + " " + clock.instant());
        }
    }
}
