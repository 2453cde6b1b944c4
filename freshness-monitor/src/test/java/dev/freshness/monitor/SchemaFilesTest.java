package dev.freshness.monitor;

import dev.freshness.core.Scope;
import dev.freshness.jdbc.Dialect;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import dev.freshness.report.Severity;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped DDL: the ready-to-run scripts, the Flyway migrations and the Liquibase changelog say the same. */
class SchemaFilesTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theReadyScriptAndTheMigrationAreTheTemplateWithItsPlaceholdersFilledIn(Dialect dialect) {
        String template = sql(read(JdbcMonitorState.schemaResource(dialect)));

        assertThat(sql(read(JdbcMonitorState.readyToRunResource(dialect))))
                .isEqualTo(template.replace("${schema}", "").replace("${prefix}", JdbcMonitorState.DEFAULT_TABLE_PREFIX));
        String location = JdbcMonitorState.flywayLocation(dialect).substring("classpath:".length());
        assertThat(sql(read(location + "/V1__freshness_monitor_schema.sql")))
                .isEqualTo(template.replace("${schema}", "${freshness_schema}").replace("${prefix}", "${freshness_prefix}"));
        String changelog = read(JdbcMonitorState.LIQUIBASE_CHANGELOG);
        assertThat(changelog).contains("path=\"" + location.substring(location.lastIndexOf('/') + 1)
                + "/V1__freshness_monitor_schema.sql\"");
    }

    @Test
    void theReadyScriptMakesTablesTheStateUsesOnH2() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:schema_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        try {
            claimsOnTablesOfTheReadyScript(dataSource, Dialect.H2);
        } finally {
            execute(dataSource, List.of("SHUTDOWN"));
        }
    }

    @Test
    void theReadyScriptMakesTablesTheStateUsesOnPostgresql() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestServer.POSTGRESQL)) {
            claimsOnTablesOfTheReadyScript(database.dataSource(), Dialect.POSTGRESQL);
        }
    }

    @Test
    void theReadyScriptMakesTablesTheStateUsesOnMariadb() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestServer.MARIADB)) {
            claimsOnTablesOfTheReadyScript(database.dataSource(), Dialect.MARIADB);
        }
    }

    @Test
    void aBadTablePrefixOrSchemaIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> JdbcMonitorState.schemaScript(Dialect.H2, "drop table;", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix").hasMessageContaining("'drop table;'");
        assertThatThrownBy(() -> JdbcMonitorState.using(new JdbcDataSource()).withSchema("a.b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema").hasMessageContaining("'a.b'");
        assertThat(JdbcMonitorState.schemaScript(Dialect.POSTGRESQL, "ops_", "monitoring"))
                .contains("CREATE TABLE IF NOT EXISTS monitoring.ops_monitor_state")
                .contains("CONSTRAINT ops_monitor_delivery_pk").doesNotContain("${");
    }

    private static void claimsOnTablesOfTheReadyScript(DataSource dataSource, Dialect dialect) throws SQLException {
        String script = read(JdbcMonitorState.readyToRunResource(dialect));
        List<String> statements = Arrays.stream(sql(script).split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        execute(dataSource, statements);
        MonitorState state = JdbcMonitorState.using(dataSource).build();
        Change change = new Change("ad_performance", Scope.tenant("a"), Severity.OK, Severity.WARNING, "stale", Instant.EPOCH);

        assertThat(state.claim(change, List.of("ops"))).isTrue();
        assertThat(state.claim(change, List.of("ops"))).as("claimed once").isFalse();
        assertThat(state.notifiedSeverities("ad_performance")).isEqualTo(Map.of(Scope.tenant("a"), Severity.WARNING));
        assertThat(state.claimDue("ops", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 10).deliveries())
                .extracting(PendingDelivery::change).containsExactly(change);
    }

    private static void execute(DataSource dataSource, List<String> statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The script without its comment lines. */
    private static String sql(String script) {
        return script.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n"));
    }

    private static String read(String resource) {
        try (InputStream in = SchemaFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(resource, e);
        }
    }
}
