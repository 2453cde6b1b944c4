package dev.freshness.benchmarks;

import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.TestServer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The databases the benchmarks run on. Every trial gets a database of its own ({@link #open()}), removed when the
 * trial ends: a fresh H2 in memory, an H2 file under a new temporary directory, or a database with a random name
 * made on the PostgreSQL or MariaDB server through its administrative URL ({@code FRESHNESS_POSTGRES_URL},
 * {@code FRESHNESS_MARIADB_URL}, with the same local defaults as the tests). Nothing is ever written to a shared
 * database.
 */
public enum BenchDatabase {

    /** H2 in memory, in the benchmark's own JVM. */
    H2_MEMORY(null),
    /** H2 in a file under a temporary directory of its own. */
    H2_FILE(null),
    /** The PostgreSQL server. */
    POSTGRESQL(TestServer.POSTGRESQL),
    /** The MariaDB server. */
    MARIADB(TestServer.MARIADB);

    /** How MariaDB's {@code DATETIME(6)} columns take an instant: UTC as text, as the store binds it. */
    private static final DateTimeFormatter MARIADB_INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final TestServer server;

    BenchDatabase(TestServer server) {
        this.server = server;
    }

    /**
     * A new, empty database for one trial; close it when the trial ends.
     *
     * @throws IllegalStateException naming the server and its URL variable when it cannot be reached
     */
    public TrialDatabase open() {
        return TrialDatabase.create(this, server);
    }

    /** True for H2; for a server, when its administrative URL answers. */
    public boolean isReachable() {
        return server == null || server.isReachable();
    }

    /** Why this database cannot be used, for messages: the server, its URL (password hidden) and its variable. */
    public String unreachableMessage() {
        String url = server.adminUrl().replaceAll("(?i)(password=)[^&;]*", "$1***")
                .replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
        String variable = server == TestServer.POSTGRESQL ? "FRESHNESS_POSTGRES_URL" : "FRESHNESS_MARIADB_URL";
        return this + " is not reachable at " + url + "; start the " + server.description() + " server or set "
                + variable + " (an administrative URL: each trial creates and drops a database of its own)";
    }

    /** A store on {@code dataSource} with tables named {@code prefix}, created when missing. */
    public JdbcFreshnessStore store(DataSource dataSource, String prefix) {
        return JdbcFreshnessStore.using(dataSource).withTablePrefix(prefix).createSchemaIfMissing().build();
    }

    /**
     * Binds an instant the way the store binds it on this database: as an {@link OffsetDateTime} at UTC into
     * {@code TIMESTAMP WITH TIME ZONE} (H2, PostgreSQL), as UTC text into MariaDB's {@code DATETIME(6)}.
     */
    public void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException {
        if (this == MARIADB) {
            if (instant == null) {
                statement.setNull(position, Types.VARCHAR);
            } else {
                statement.setString(position, MARIADB_INSTANT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
            }
        } else if (instant == null) {
            statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(position, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    /**
     * A derived table of the integers 1 to {@code count} in a column named {@code x}, for filling tables with
     * one set-based insert.
     */
    public String integers(long count) {
        return switch (this) {
            case H2_MEMORY, H2_FILE -> "(SELECT X AS x FROM SYSTEM_RANGE(1, " + count + ")) numbers";
            case POSTGRESQL -> "generate_series(1, " + count + ") AS numbers(x)";
            case MARIADB -> "(SELECT seq AS x FROM seq_1_to_" + count + ") numbers";
        };
    }

    /**
     * An SQL expression for the instant bound to its one parameter (bound with {@link #bindInstant}) minus
     * {@code seconds} seconds, {@code seconds} being an SQL expression.
     */
    public String secondsBefore(String seconds) {
        return switch (this) {
            case H2_MEMORY, H2_FILE -> "DATEADD(SECOND, -(" + seconds + "), CAST(? AS TIMESTAMP(6) WITH TIME ZONE))";
            case POSTGRESQL -> "(CAST(? AS TIMESTAMPTZ) - (" + seconds + ") * INTERVAL '1 second')";
            case MARIADB -> "DATE_SUB(CAST(? AS DATETIME(6)), INTERVAL (" + seconds + ") SECOND)";
        };
    }

    /** Refreshes the optimiser's statistics of {@code tables}, as a production database's maintenance would. */
    public void analyze(DataSource dataSource, String... tables) {
        for (String table : tables) {
            execute(dataSource, switch (this) {
                case H2_MEMORY, H2_FILE -> "ANALYZE TABLE " + table;
                case POSTGRESQL -> "ANALYZE " + table;
                case MARIADB -> "ANALYZE TABLE " + table;
            });
        }
    }

    /** Runs one statement with auto-commit. */
    public static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }
}
