package dev.freshness.testsupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTest {

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aDatabaseOfItsOwnIsMadeUsableAndDroppedAgain(TestServer server) throws Exception {
        String name;
        try (TestDatabase first = TestDatabase.create(server); TestDatabase second = TestDatabase.create(server)) {
            name = first.name();
            assertThat(first.name()).matches("freshness_t\\d{10}_[a-z0-9]{8}").isNotEqualTo(second.name());
            first.execute("CREATE TABLE t (id INTEGER)", "INSERT INTO t VALUES (1)");
            second.execute("CREATE TABLE t (id INTEGER)");
            assertThat(databases(server)).contains(first.name(), second.name());
        }
        assertThat(databases(server)).doesNotContain(name);
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aDatabaseIsDroppedEvenWithConnectionsStillOpen(TestServer server) throws Exception {
        TestDatabase database = TestDatabase.create(server);
        Connection leaked = database.newDataSource(database.url(), List.of(), 1).getConnection();
        database.close();
        assertThat(leaked.isClosed() || !leaked.isValid(1)).isTrue();
        assertThat(databases(server)).doesNotContain(database.name());
    }

    @org.junit.jupiter.api.Test
    void aTestsPostgresqlDatabaseCommitsWithoutWaitingAndAMeasurementsAsTheServerIsConfigured() throws Exception {
        try (TestDatabase forTests = TestDatabase.create(TestServer.POSTGRESQL);
             TestDatabase forMeasurements = TestDatabase.createAsConfigured(TestServer.POSTGRESQL);
             Connection admin = TestServer.POSTGRESQL.connectAsAdmin();
             Connection test = forTests.dataSource().getConnection();
             Connection measurement = forMeasurements.dataSource().getConnection()) {
            assertThat(synchronousCommit(test)).isEqualTo("off");
            assertThat(synchronousCommit(measurement)).isEqualTo(synchronousCommit(admin));
        }
    }

    private static String synchronousCommit(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @org.junit.jupiter.api.Test
    void theDatabaseNameReplacesTheOneOfTheAdminUrl() {
        assertThat(TestDatabase.urlOf("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "freshness_t1_ab"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/freshness_t1_ab?user=postgres");
        assertThat(TestDatabase.urlOf("jdbc:mariadb://127.0.0.1:3306/?user=root", "x"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/x?user=root");
        assertThat(TestDatabase.urlOf("jdbc:mariadb://db:3306", "x")).isEqualTo("jdbc:mariadb://db:3306/x");
    }

    private static List<String> databases(TestServer server) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection admin = server.connectAsAdmin(); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery(server == TestServer.POSTGRESQL
                     ? "SELECT datname FROM pg_database" : "SHOW DATABASES")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
