package dev.freshness.jdbc;

import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command-line client of a server, {@code psql} or {@code mariadb}, running a script file against a test
 * database as a user would. Each run is bounded in time, and its process is killed and reaped when it overruns.
 * A client that is not installed skips the calling test, or fails it when {@code CI=true}.
 */
enum SqlClient {

    PSQL("psql", "postgresql-client"),
    MARIADB("mariadb", "mariadb-client");

    /** Long enough for a busy machine to run a schema script; a hang fails the test instead of stalling the build. */
    static final long TIMEOUT_SECONDS = 60;

    private final String command;
    private final String debianPackage;

    SqlClient(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    /** The client of {@code server}. */
    static SqlClient of(TestServer server) {
        return server == TestServer.POSTGRESQL ? PSQL : MARIADB;
    }

    /**
     * Runs {@code script} with this client against {@code database}, as the README says to, and fails with the
     * client's output when it exits with an error.
     */
    void run(TestDatabase database, Path script) {
        Connection connection = Connection.of(database.url());
        List<String> arguments = new ArrayList<>();
        arguments.add(command);
        Map<String, String> environment = new LinkedHashMap<>();
        if (this == PSQL) {
            // -X: no ~/.psqlrc; ON_ERROR_STOP: the first error ends the run with a non-zero exit code.
            arguments.addAll(List.of("-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.host,
                    "-p", String.valueOf(connection.port), "-U", connection.user, "-d", database.name(),
                    "-f", script.toString()));
            connection.password().ifPresent(password -> environment.put("PGPASSWORD", password));
        } else {
            arguments.addAll(List.of("--no-defaults", "--protocol=tcp", "-h", connection.host,
                    "-P", String.valueOf(connection.port), "-u", connection.user, database.name()));
            connection.password().ifPresent(password -> environment.put("MYSQL_PWD", password));
        }
        Path output = temporaryFile();
        try {
            ProcessBuilder builder = new ProcessBuilder(arguments).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (this == MARIADB) {
                builder.redirectInput(script.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            builder.environment().putAll(environment);
            Process process = start(builder);
            int exitCode = awaitExit(process);
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Assertions.assertEquals(0, exitCode, () -> command + " " + script.getFileName() + " on " + database
                    + " exited with " + exitCode + ":\n" + printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(output);
        }
    }

    private Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            String message = "the " + command + " client is not installed (" + e.getMessage() + "); install "
                    + debianPackage + " to test the ready-to-run schema script with it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ". CI=true: the tests with real clients must run, not skip");
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    private int awaitExit(Process process) {
        try {
            if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            process.waitFor();
            return Assertions.fail(command + " did not finish within " + TIMEOUT_SECONDS + " s; it was killed");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted while waiting for " + command, e);
        }
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("freshness-client-", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file left behind harms no test.
        }
    }

    /** Where and as whom a JDBC URL connects: {@code jdbc:x://host:port/database?user=...&password=...}. */
    private record Connection(String host, int port, String user, String passwordOrNull) {

        static Connection of(String jdbcUrl) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            Map<String, String> query = new LinkedHashMap<>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        query.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
                                StandardCharsets.UTF_8));
                    }
                }
            }
            String user = query.getOrDefault("user", uri.getUserInfo() == null ? null : uri.getUserInfo().split(":")[0]);
            if (user == null) {
                throw new IllegalArgumentException("the JDBC URL " + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***")
                        + " names no user; the client needs one");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : (uri.getScheme().equals("postgresql") ? 5432 : 3306);
            return new Connection(uri.getHost(), port, user, query.get("password"));
        }

        Optional<String> password() {
            return Optional.ofNullable(passwordOrNull);
        }
    }
}
