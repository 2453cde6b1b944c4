package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The database of one trial, made for it and removed by {@link #close()}: on a server, a database with a random
 * name ({@link TestDatabase}, dropped afterwards); on H2, a database of a random name in memory, or a file under
 * a new temporary directory, shut down and deleted afterwards. The pools it opens are closed first.
 */
public final class TrialDatabase implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean checkpointRefusalReported;

    private final BenchDatabase kind;
    private final String url;
    private final TestDatabase serverDatabase;
    private final Path directory;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private boolean closed;

    private TrialDatabase(BenchDatabase kind, String url, TestDatabase serverDatabase, Path directory) {
        this.kind = kind;
        this.url = url;
        this.serverDatabase = serverDatabase;
        this.directory = directory;
    }

    static TrialDatabase create(BenchDatabase kind, TestServer server) {
        String name = "freshness_bench_" + Long.toUnsignedString(RANDOM.nextLong(), 36);
        return switch (kind) {
            case H2_MEMORY -> new TrialDatabase(kind, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, null);
            case H2_FILE -> {
                Path directory;
                try {
                    directory = Files.createTempDirectory("freshness-bench-h2-");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a temporary directory for H2", e);
                }
                yield new TrialDatabase(kind, "jdbc:h2:file:" + directory.resolve("bench").toAbsolutePath()
                        + ";DB_CLOSE_DELAY=-1", null, directory);
            }
            case POSTGRESQL, MARIADB -> {
                if (!server.isReachable()) {
                    throw new IllegalStateException(kind.unreachableMessage());
                }
                TestDatabase database;
                try {
                    database = TestDatabase.createAsConfigured(server);
                } catch (RuntimeException | AssertionError e) {
                    // TestDatabase skips or fails a JUnit test when the server stops answering; here it is an error.
                    throw new IllegalStateException(kind.unreachableMessage(), e);
                }
                yield new TrialDatabase(kind, database.url(), database, null);
            }
        };
    }

    /** Which database this is. */
    public BenchDatabase kind() {
        return kind;
    }

    /** Its JDBC URL. */
    public String url() {
        return url;
    }

    /**
     * A HikariCP pool of at most {@code size} connections, the pool most applications run the store on; closed
     * by {@link #close()} before the database is removed.
     */
    public synchronized HikariDataSource openPool(int size) {
        if (closed) {
            throw new IllegalStateException("the trial database " + url + " is closed");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("bench-" + kind.name().toLowerCase() + "-" + pools.size());
        config.setInitializationFailTimeout(5_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /**
     * Writes out what the trials before this one left for the disk, so that a benchmark measured with durable
     * commits does not pay for the dirty pages of the one before it: on PostgreSQL a {@code CHECKPOINT} (which
     * needs a superuser or the {@code pg_checkpoint} role; without it the trial goes on and says so once). Elsewhere
     * nothing: H2 in memory has no disk, and MariaDB's pairs showed no such drift.
     */
    public void settle() {
        if (kind != BenchDatabase.POSTGRESQL) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot run CHECKPOINT on " + this, e);
            }
            if (!checkpointRefusalReported) {
                checkpointRefusalReported = true;
                System.err.println("No CHECKPOINT before the trials (" + e.getMessage() + "): durable figures may carry"
                        + " the disk writes of the benchmark before them");
            }
        }
    }

    /** Closes the pools, then removes the database (drops it, or shuts H2 down and deletes its files). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pools.forEach(HikariDataSource::close);
        if (serverDatabase != null) {
            serverDatabase.close();
            return;
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot shut down " + url, e);
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + directory, e);
            }
        }
    }

    @Override
    public String toString() {
        return kind + " trial database " + (serverDatabase != null ? serverDatabase.name() : url);
    }
}
