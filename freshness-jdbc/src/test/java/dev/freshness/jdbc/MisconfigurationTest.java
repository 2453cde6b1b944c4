package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each way of misconfiguring the JDBC store fails at {@code build()} with one {@link IllegalStateException} that
 * names the cause and the fix, and the store logs nothing of it above INFO (no stack trace in anyone's log): a
 * server that does not answer, a database that does not exist, no driver for the URL, missing tables and columns,
 * tables under another prefix or in another schema, a user who may only read.
 */
class MisconfigurationTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();
    private static final String NO_SERVER_ANSWERED = "Cause: no database server answered: check the host and port of"
            + " the JDBC URL, and that the server runs and accepts connections from this host";

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    // ---- the tables ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void everyMissingTableIsNamedAtOnceWithTheDdlToApply(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String prefix = uniquePrefix("none");

        String message = buildFails(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(prefix));

        Dialect dialect = database.expectedDialect();
        assertThat(message).startsWith("the Freshness tables (prefix '" + prefix + "', the connection's schema) are"
                        + " not ready: tables " + prefix + "schema_version, " + prefix + "status, " + prefix + "run are"
                        + " missing.")
                .contains("Dialect." + dialect.name() + ".schemaScript(\"" + prefix + "\", null)")
                .contains("the resource " + dialect.schemaResource() + " with its ${schema} and ${prefix}"
                        + " placeholders filled in")
                .contains("createSchemaIfMissing()")
                .doesNotContain("/dev/freshness");
        assertThat(JdbcFreshnessStore.class.getClassLoader().getResource(dialect.schemaResource()))
                .as("the resource the message names").isNotNull();
        assertThat(message).contains("the Flyway location " + dialect.flywayLocation())
                .contains("the Liquibase changelog " + Dialect.LIQUIBASE_CHANGELOG)
                .doesNotContain(dialect.readyToRunResource());
    }

    @Test
    void withTheDefaultPrefixTheScriptToRunAsItIsIsNamed() {
        OpenDatabase database = DATABASES.of(DatabaseSetup.H2_MEMORY);

        String message = buildFails(JdbcFreshnessStore.using(database.dataSource()));

        assertThat(message).contains("the script " + Dialect.H2.readyToRunResource() + " as it is")
                .contains("freshness_prefix 'freshness_' and freshness_schema ''");
        assertThat(JdbcFreshnessStore.class.getClassLoader().getResource(Dialect.H2.readyToRunResource()))
                .as("the resource the message names").isNotNull();
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void missingColumnsAMissingTableAndAnOldSchemaVersionAreListedTogether(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String prefix = uniquePrefix("part");
        database.emptyStore(prefix);
        database.execute("ALTER TABLE " + prefix + "status DROP COLUMN last_failure_root_cause",
                "ALTER TABLE " + prefix + "status DROP COLUMN last_start_at",
                "DROP TABLE " + prefix + "run",
                "DELETE FROM " + prefix + "schema_version",
                "INSERT INTO " + prefix + "schema_version (version) VALUES (0)");
        try {
            String message = buildFails(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(prefix));

            assertThat(message).contains("are not ready: table " + prefix + "status has no columns last_start_at,"
                            + " last_failure_root_cause; table " + prefix + "run is missing; the tables are at schema"
                            + " version 0 in " + prefix + "schema_version, but this library uses version "
                            + database.expectedDialect().sql().currentSchemaVersion() + ".")
                    .contains("Dialect." + database.expectedDialect().name() + ".schemaScript(\"" + prefix + "\", null)");
        } finally {
            database.dropTables(prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void tablesUnderAnotherPrefixAreFoundAndNamed(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String actual = uniquePrefix("actual");
        String configured = uniquePrefix("typo");
        database.emptyStore(actual);
        try {
            String message = buildFails(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(configured));

            assertThat(message).contains("tables " + configured + "schema_version, " + configured + "status, "
                            + configured + "run are missing.")
                    .contains("Found " + actual + "status in schema " + currentSchema(database)
                            + "; did you mean withTablePrefix(\"" + actual + "\")?")
                    .as("no guess that changes both the schema and the prefix").doesNotContain("inSchema(");
        } finally {
            database.dropTables(actual);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void tablesInAnotherSchemaAreFoundAndNamed(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String schema = database.otherSchema();
        String prefix = uniquePrefix("elsewhere");
        database.emptyStore(JdbcFreshnessStore.using(database.dataSource()).inSchema(schema).withTablePrefix(prefix));
        try {
            String message = buildFails(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(prefix));

            assertThat(message).contains("Found " + prefix + "status in schema " + schema + "; did you mean inSchema(\""
                    + schema + "\")?");
        } finally {
            database.dropTables(schema + "." + prefix);
        }
    }

    // ---- the user ------------------------------------------------------------------------------------------

    /**
     * A user who may only read is refused at start, not at the first event of a job: the message names what it
     * lacks on which table and the GRANT statements, and running them is all it takes. Nothing is written meanwhile.
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aUserWhoMayOnlyReadIsRefusedWithTheGrantThatFixesIt(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String prefix = uniquePrefix("ro");
        String user = "freshness_ro_" + OpenDatabase.randomName();
        String password = "pw_" + OpenDatabase.randomName();
        database.emptyStore(prefix);
        List<String> tables = List.of(prefix + "status", prefix + "run", prefix + "schema_version");
        try {
            DataSource readOnly = createReadOnlyUser(database, user, password, tables);

            String message = buildFails(JdbcFreshnessStore.using(readOnly).withTablePrefix(prefix));

            String shownUser = setup == DatabaseSetup.MARIADB ? "'" + user + "'@'%'"
                    : setup == DatabaseSetup.H2_MEMORY ? user.toUpperCase(java.util.Locale.ROOT) : user;
            assertThat(message).contains("are not ready: user " + shownUser + " lacks INSERT, UPDATE on " + prefix
                            + "status; user " + shownUser + " lacks INSERT, UPDATE, DELETE on " + prefix + "run.")
                    .endsWith("Grant what is missing: GRANT INSERT, UPDATE ON " + prefix + "status TO " + shownUser
                            + "; GRANT INSERT, UPDATE, DELETE ON " + prefix + "run TO " + shownUser + ".")
                    .doesNotContain("schemaScript");
            assertThat(count(database, prefix + "status") + count(database, prefix + "run")).as("nothing written")
                    .isZero();

            Matcher grants = Pattern.compile("Grant what is missing: (.*)\\.$").matcher(message);
            assertThat(grants.find()).isTrue();
            database.execute(grants.group(1).split("; "));
            assertThat(JdbcFreshnessStore.using(readOnly).withTablePrefix(prefix).build().tablePrefix())
                    .isEqualTo(prefix);
        } finally {
            dropUser(database, user);
            database.dropTables(prefix);
        }
    }

    /** Asked to create the tables, a user who may not gets one answer at once, not eight attempts. */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aUserWhoMayNotCreateTablesIsToldSoWhenAskedToCreateThem(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String existing = uniquePrefix("ro");
        String prefix = uniquePrefix("uncreated");
        String user = "freshness_ro_" + OpenDatabase.randomName();
        database.emptyStore(existing);
        try {
            DataSource readOnly = createReadOnlyUser(database, user, "pw_" + OpenDatabase.randomName(),
                    List.of(existing + "status"));

            String message = buildFails(JdbcFreshnessStore.using(readOnly).withTablePrefix(prefix)
                    .createSchemaIfMissing());

            assertThat(message).startsWith("the Freshness tables (prefix '" + prefix + "', the connection's schema)"
                            + " are missing, and user ")
                    .containsIgnoringCase(user)
                    .contains(" may not create them: ")
                    .endsWith("Create them with your migration tool as a user that may, from Dialect."
                            + database.expectedDialect().name() + ".schemaScript(\"" + prefix + "\", null) (the resource "
                            + database.expectedDialect().schemaResource() + " with its ${schema} and ${prefix}"
                            + " placeholders filled in), or the Flyway location "
                            + database.expectedDialect().flywayLocation() + " or the Liquibase changelog "
                            + Dialect.LIQUIBASE_CHANGELOG + " with freshness_prefix '" + prefix + "' and"
                            + " freshness_schema '', or grant this user the privilege to create tables in the schema")
                    .doesNotContain("SQL statement");
        } finally {
            dropUser(database, user);
            database.dropTables(existing);
        }
    }

    // ---- the connection ------------------------------------------------------------------------------------

    @Test
    void aPostgresqlServerThatDoesNotAnswerIsNamedWithItsHostAndPort() {
        int port = closedPort();
        DataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + port + "/freshness");

        assertThat(buildFails(JdbcFreshnessStore.using(dataSource)))
                .startsWith("cannot start the Freshness JDBC store: cannot connect to the database at"
                        + " jdbc:postgresql://127.0.0.1:" + port + "/freshness: Connection to 127.0.0.1:" + port
                        + " refused.")
                .endsWith(NO_SERVER_ANSWERED);
    }

    @Test
    void aMariaDbServerThatDoesNotAnswerIsNamedWithItsHostAndPort() {
        int port = closedPort();
        DataSource dataSource = new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:" + port + "/freshness");

        assertThat(buildFails(JdbcFreshnessStore.using(dataSource)))
                .startsWith("cannot start the Freshness JDBC store: cannot connect to the database at"
                        + " jdbc:mariadb://127.0.0.1:" + port + "/freshness: ")
                .contains("127.0.0.1:" + port)
                .endsWith(NO_SERVER_ANSWERED);
    }

    @Test
    void anH2ServerThatDoesNotAnswerIsNamedWithItsHostAndPort() {
        int port = closedPort();
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:freshness");

        assertThat(buildFails(JdbcFreshnessStore.using(dataSource)))
                .startsWith("cannot start the Freshness JDBC store: cannot connect to the database at"
                        + " jdbc:h2:tcp://127.0.0.1:" + port + "/mem:freshness: ")
                .contains("127.0.0.1:" + port)
                .endsWith(NO_SERVER_ANSWERED);
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aDatabaseThatDoesNotExistIsNamed(DatabaseSetup setup) {
        String missing = "freshness_none_" + OpenDatabase.randomName();
        String url;
        if (setup == DatabaseSetup.H2_MEMORY) {
            url = "jdbc:h2:mem:" + missing + ";IFEXISTS=TRUE";
        } else {
            OpenDatabase database = DATABASES.of(setup);
            url = database.url().replace(database.serverDatabase().name(), missing);
        }
        DataSource dataSource = new DriverManagerDataSource(url);

        assertThat(buildFails(JdbcFreshnessStore.using(dataSource)))
                .startsWith("cannot start the Freshness JDBC store: cannot connect to the database at jdbc:")
                .contains(missing)
                .endsWith("Cause: the database named in the JDBC URL does not exist on the server: create it, or"
                        + " correct the database name in the URL");
    }

    /** PostgreSQL: a role that does not exist; MariaDB: a wrong password. */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"POSTGRESQL", "MARIADB"})
    void refusedCredentialsAreSaidSo(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String url = setup == DatabaseSetup.POSTGRESQL
                ? database.url().replaceAll("user=[^&]*", "user=freshness_nobody_" + OpenDatabase.randomName())
                : database.url() + "&password=wrong_" + OpenDatabase.randomName();

        assertThat(buildFails(JdbcFreshnessStore.using(new DriverManagerDataSource(url))))
                .startsWith("cannot start the Freshness JDBC store: cannot connect to the database at jdbc:")
                .doesNotContain("wrong_")
                .endsWith("Cause: the server refused the user or password: check the credentials the data source"
                        + " connects with");
    }

    /**
     * The data source is loaded by a class loader that sees no driver, so DriverManager finds none for its URL, as
     * in an application without the driver dependency; no database is involved.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://127.0.0.1/freshness | Add the PostgreSQL driver, org.postgresql:postgresql,",
            "jdbc:mariadb://127.0.0.1/freshness    | Add the MariaDB driver, org.mariadb.jdbc:mariadb-java-client,",
            "jdbc:mysql://127.0.0.1/freshness      | Add the MySQL driver, com.mysql:mysql-connector-j",
            "jdbc:h2:mem:freshness                 | Add the H2 driver, com.h2database:h2,",
            "jdbc:derby:freshness                  | Add the driver of your database: com.h2database:h2,"})
    void noDriverForTheUrlNamesTheArtifactToAdd(String url, String advice) {
        DataSource withoutDrivers = dataSourceSeeingNoDriver(url);

        assertThat(buildFails(JdbcFreshnessStore.using(withoutDrivers)))
                .startsWith("cannot start the Freshness JDBC store: no JDBC driver on the class path accepts the URL "
                        + url + ". " + advice)
                .endsWith("to the application's dependencies: freshness-jdbc ships no driver");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Builds, expecting an IllegalStateException; checks that the store logged nothing above INFO and no claim of
     * verified tables; returns the message.
     */
    private static String buildFails(JdbcFreshnessStore.Builder builder) {
        IllegalStateException failure;
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            failure = catchThrowableOfType(IllegalStateException.class, builder::build);
            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(log.messages(Level.ERROR)).isEmpty();
            assertThat(log.messages(Level.INFO)).noneMatch(message -> message.contains("verified"));
        }
        assertThat(failure).as("build() fails").isNotNull();
        return failure.getMessage();
    }

    private static String uniquePrefix(String word) {
        return word + "_" + OpenDatabase.randomName().substring(0, 6) + "_";
    }

    /** A port nothing listens on: one the system just gave out and took back. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String currentSchema(OpenDatabase database) {
        return switch (database.setup().server() == null ? "h2" : database.setup().server().name()) {
            case "h2" -> "public";
            case "POSTGRESQL" -> "public";
            default -> database.serverDatabase().name();
        };
    }

    private static long count(OpenDatabase database, String table) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + table, e);
        }
    }

    /** A user of the test's own who may read {@code tables} and nothing else, and a data source connecting as it. */
    private static DataSource createReadOnlyUser(OpenDatabase database, String user, String password,
                                                 List<String> tables) {
        String list = String.join(", ", tables);
        TestServer server = database.setup().server();
        if (server == null) {
            database.execute("CREATE USER " + user + " PASSWORD '" + password + "'", "GRANT SELECT ON " + list
                    + " TO " + user);
            // Only an administrator may set DB_CLOSE_DELAY; the pool keeps the database open meanwhile.
            return new DriverManagerDataSource(database.url().replace(";DB_CLOSE_DELAY=-1", "") + ";USER=" + user
                    + ";PASSWORD=" + password);
        }
        if (server == TestServer.POSTGRESQL) {
            database.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'",
                    "GRANT SELECT ON " + list + " TO " + user);
        } else {
            database.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT ON " + database.serverDatabase().name() + ".* TO '" + user + "'@'%'");
        }
        String url = database.url().replaceAll("user=[^&;]*", "user=" + user);
        return new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "password=" + password);
    }

    private static void dropUser(OpenDatabase database, String user) {
        TestServer server = database.setup().server();
        if (server == null) {
            database.execute("DROP USER IF EXISTS " + user);
        } else if (server == TestServer.POSTGRESQL) {
            database.execute("DROP OWNED BY " + user, "DROP ROLE IF EXISTS " + user);
        } else {
            database.execute("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    /** A {@link DriverManagerDataSource} defined by a class loader that sees the JDK only. */
    private static DataSource dataSourceSeeingNoDriver(String url) {
        String resource = DriverManagerDataSource.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = MisconfigurationTest.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClassLoader jdkOnly = new ClassLoader("jdk-only", ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.equals(DriverManagerDataSource.class.getName())) {
                    return defineClass(name, bytes, 0, bytes.length);
                }
                throw new ClassNotFoundException(name);
            }
        };
        try {
            return (DataSource) jdkOnly.loadClass(DriverManagerDataSource.class.getName())
                    .getConstructor(String.class).newInstance(url);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the data source without drivers", e);
        }
    }
}
