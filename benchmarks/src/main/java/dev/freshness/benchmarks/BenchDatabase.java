package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.jdbc.Dialect;
import dev.freshness.jdbc.JdbcFreshnessStore;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases the benchmarks run on. Server URLs come from {@code FRESHNESS_POSTGRES_URL} and
 * {@code FRESHNESS_MARIADB_URL}, with the same local defaults as the tests. Every benchmark table starts with
 * {@code bench_}, so the benchmarks never touch another user's tables on a shared server.
 */
public enum BenchDatabase {

    /** H2 in memory, in the benchmark's own JVM. */
    H2_MEMORY(null, "jdbc:h2:mem:freshness_bench;DB_CLOSE_DELAY=-1", Dialect.H2),
    /** H2 in a file under the temporary directory. */
    H2_FILE(null, "jdbc:h2:file:" + Path.of(System.getProperty("java.io.tmpdir"), "freshness-bench-h2", "bench")
            .toAbsolutePath() + ";DB_CLOSE_DELAY=-1", Dialect.H2),
    /** The PostgreSQL server. */
    POSTGRESQL("FRESHNESS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", Dialect.POSTGRESQL),
    /** The MariaDB server. */
    MARIADB("FRESHNESS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root", Dialect.MARIADB);

    private final String urlVariable;
    private final String defaultUrl;
    private final Dialect dialect;

    BenchDatabase(String urlVariable, String defaultUrl, Dialect dialect) {
        this.urlVariable = urlVariable;
        this.defaultUrl = defaultUrl;
        this.dialect = dialect;
    }

    /** The URL: the environment variable's value when set, otherwise the local default. */
    public String url() {
        String fromEnvironment = urlVariable == null ? null : System.getenv(urlVariable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? defaultUrl : fromEnvironment;
    }

    /** The store's dialect for this database. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * A HikariCP pool of at most {@code size} connections, the pool most applications run the store on.
     *
     * @throws IllegalStateException naming the database and its URL variable when it cannot be reached
     */
    public HikariDataSource openPool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("bench-" + name().toLowerCase());
        config.setInitializationFailTimeout(5_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            String shownUrl = url().replaceAll("(?i)(password=)[^&;]*", "$1***");
            throw new IllegalStateException(this + " is not reachable at " + shownUrl
                    + (urlVariable == null ? "" : "; start the server or set " + urlVariable), e);
        }
    }

    /** A store on {@code dataSource} with tables named {@code prefix}, created when missing. */
    public JdbcFreshnessStore store(DataSource dataSource, String prefix) {
        return JdbcFreshnessStore.using(dataSource).withTablePrefix(prefix).createSchemaIfMissing().build();
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
     * An SQL expression for the instant bound to its one parameter (bound as the dialect binds instants)
     * minus {@code seconds} seconds, {@code seconds} being an SQL expression.
     */
    public String secondsBefore(String seconds) {
        return switch (this) {
            case H2_MEMORY, H2_FILE -> "DATEADD(SECOND, -(" + seconds + "), CAST(? AS TIMESTAMP(6) WITH TIME ZONE))";
            case POSTGRESQL -> "(CAST(? AS TIMESTAMPTZ) - (" + seconds + ") * INTERVAL '1 second')";
            case MARIADB -> "DATE_SUB(CAST(? AS DATETIME(6)), INTERVAL (" + seconds + ") SECOND)";
        };
    }

    /** Empties tables this benchmark created, then refreshes the optimiser's statistics later with {@link #analyze}. */
    public void truncate(DataSource dataSource, String... tables) {
        for (String table : tables) {
            execute(dataSource, "TRUNCATE TABLE " + table);
        }
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
