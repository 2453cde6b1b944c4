package dev.freshness.jdbc;

import dev.freshness.jdbc.internal.EventKind;
import dev.freshness.jdbc.internal.MariaDbDialect;
import dev.freshness.jdbc.internal.MySqlDialect;
import dev.freshness.jdbc.internal.Statements;
import dev.freshness.jdbc.internal.TableNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the builder accepts before any connection, and what the dialects and shipped scripts say. */
class JdbcStoreConfigurationTest {

    private static JdbcFreshnessStore.Builder builder() {
        DataSource neverConnected = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new AssertionError("the builder connected before build(): " + method);
                });
        return JdbcFreshnessStore.using(neverConnected);
    }

    @Test
    void aTablePrefixCarryingSqlIsRejectedNamingTheCharacter() {
        assertThatThrownBy(() -> builder().withTablePrefix("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tablePrefix 'x; DROP TABLE y'")
                .hasMessageContaining("';' (U+003B) at index 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops\"", "o'ps", "ops.x", "ops x", "1ops", "öps"})
    void aSchemaThatIsNotAPlainIdentifierIsRejected(String schema) {
        assertThatThrownBy(() -> builder().inSchema(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema '" + schema + "' has ");
    }

    /** A schema named with a reserved word of SQL or of a supported database would only fail later, in raw SQL. */
    @ParameterizedTest
    @ValueSource(strings = {"user", "select", "order", "USER", "Order", "table", "key", "rownum", "_rowid_",
            "analyse", "accessible", "master_bind", "current_path", "system_user"})
    void aSchemaThatIsAReservedWordIsRejectedNamingTheWord(String schema) {
        assertThatThrownBy(() -> builder().inSchema(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema '" + schema + "' is a reserved word")
                .hasMessageContaining("choose another");
        assertThatThrownBy(() -> Dialect.POSTGRESQL.schemaScript("freshness_", schema))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved word");
    }

    /** A prefix is only part of a name: the names it makes ({@code user_status}, ...) are no reserved words. */
    @ParameterizedTest
    @ValueSource(strings = {"user_", "select_", "order", "table", "_"})
    void aPrefixThatIsOrStartsWithAReservedWordIsAcceptedAsItsTableNamesAreNot(String prefix) {
        assertThat(builder().withTablePrefix(prefix)).isNotNull();
        assertThat(TableNames.of(prefix, "ops").status()).isEqualTo("ops." + prefix + "status");
    }

    @Test
    void namesAtTheirLimitsAreAcceptedAndOneCharacterMoreIsNot() {
        builder().withTablePrefix("p".repeat(30)).inSchema("s".repeat(63)).withTablePrefix("");
        assertThatThrownBy(() -> builder().withTablePrefix("p".repeat(31)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 30 characters, was 31");
        assertThatThrownBy(() -> builder().inSchema("s".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 63 characters, was 64");
        assertThatThrownBy(() -> builder().inSchema(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema must not be empty");
        assertThatThrownBy(() -> builder().withTablePrefix(null))
                .isInstanceOf(NullPointerException.class).hasMessage("tablePrefix must not be null");
    }

    @Test
    void aStatementTimeoutMustBePositiveAndAtMostADay() {
        assertThatThrownBy(() -> builder().withStatementTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0 and at most one day, was PT0S");
        assertThatThrownBy(() -> builder().withStatementTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().withStatementTimeout(Duration.ofDays(1).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().withStatementTimeout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theDialectIsDetectedFromTheProductName() {
        assertThat(Dialect.detect("H2", "2.3.232 (2024-08-11)")).isEqualTo(Dialect.H2);
        assertThat(Dialect.detect("PostgreSQL", "15.14")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.detect("MySQL", "8.4.2")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.detect("MariaDB", "10.11.14-MariaDB-0+deb12u2")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.detect("MySQL", "5.5.5-10.11.14-MariaDB-0+deb12u2")).as("Connector/J on MariaDB")
                .isEqualTo(Dialect.MARIADB);
    }

    @Test
    void anUnsupportedDatabaseIsNamed() {
        assertThatThrownBy(() -> Dialect.detect("Apache Derby", "10.16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database 'Apache Derby' (version 10.16) is not supported")
                .hasMessageContaining("withDialect");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyDialectShipsItsScriptWithBothPlaceholders(Dialect dialect) {
        String script = dialect.schemaScript("acme_", "ops");

        assertThat(script).contains("CREATE TABLE IF NOT EXISTS ops.acme_status")
                .contains("CREATE TABLE IF NOT EXISTS ops.acme_run")
                .contains("CREATE TABLE IF NOT EXISTS ops.acme_schema_version")
                .doesNotContain("${");
        assertThat(dialect.schemaScript("freshness_", null)).contains("CREATE TABLE IF NOT EXISTS freshness_status (");
        assertThatThrownBy(() -> dialect.schemaScript("x; DROP TABLE y", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dialect.schemaScript("p_", "a'b")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The scripts are under META-INF, a path that is no package, so that a migration tool reads them through the
     * class loader even when the jar is a named module (a package's resources would be encapsulated).
     */
    @Test
    void theScriptsAreClassPathResourcesOutsideAnyPackageAndMySqlAndMariaDbShareOne() {
        assertThat(Dialect.H2.schemaResource()).isEqualTo("META-INF/freshness/jdbc/schema/h2.sql");
        assertThat(Dialect.POSTGRESQL.schemaResource()).isEqualTo("META-INF/freshness/jdbc/schema/postgresql.sql");
        assertThat(Dialect.MYSQL.schemaResource()).isEqualTo("META-INF/freshness/jdbc/schema/mysql-mariadb.sql")
                .isEqualTo(Dialect.MARIADB.schemaResource());
        for (Dialect dialect : Dialect.values()) {
            assertThat(ClassLoader.getSystemClassLoader().getResource(dialect.schemaResource())).as(dialect.name())
                    .isNotNull();
        }
        assertThat(Dialect.MYSQL.schemaScript("p_", "s")).isEqualTo(Dialect.MARIADB.schemaScript("p_", "s"));
    }

    /** Every statement of every dialect names its tables through placeholders only, all of them known. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyStatementGetsTheTableNamesOfTheStore(Dialect dialect) {
        Statements statements = Statements.of(dialect.sql(), TableNames.of("acme_", "ops"));
        List<String> all = new ArrayList<>();
        for (EventKind kind : EventKind.values()) {
            all.addAll(statements.applyEvent(kind));
        }
        all.addAll(List.of(statements.createStatusIfAbsent(), statements.statuses(2, 3),
                statements.statusesAcrossScopes(1, false), statements.statusesAcrossScopes(1, true),
                statements.runHistory(), statements.history(), statements.pruneWindow(false), statements.pruneWindow(true),
                statements.pruneStatuses(2), statements.pruneRuns(3), statements.pruneDelete(3)));

        assertThat(all).allSatisfy(sql -> assertThat(sql).doesNotContain("${").doesNotContainPattern("\\bfreshness_")
                .containsPattern("ops\\.acme_(status|run)\\b"));
        assertThat(statements.statuses(2, 3)).contains("IN (:s0, :s1)").contains("IN (:d0, :d1, :d2)");
        // In the order of the run table's primary key, which H2 reads a row value IN list by only in that order.
        assertThat(statements.pruneDelete(2)).contains(dialect == Dialect.H2
                ? "(run_id, scope_key, dataset_key) IN ((:kr0, :ks0, :kd0), (:kr1, :ks1, :kd1))"
                : "(scope_key, dataset_key, run_id) IN ((:ks0, :kd0, :kr0), (:ks1, :kd1, :kr1))");
        assertThat(statements.pruneRuns(1)).contains(dialect == Dialect.H2
                ? "(run_id, scope_key, dataset_key) IN ((:kr0, :ks0, :kd0))"
                : "(scope_key, dataset_key, run_id) IN ((:ks0, :kd0, :kr0))");
        assertThat(statements.pruneStatuses(1)).contains("(scope_key, dataset_key) IN ((:ps0, :pd0))")
                .contains(dialect == Dialect.POSTGRESQL || dialect == Dialect.H2 ? "ORDER BY" : "FOR UPDATE");
    }

    /**
     * No MySQL server runs here, so the MySQL dialect is proven through MariaDB: its SQL is the MariaDB SQL
     * (which the tests run on a real server) with the incoming row named by a row alias instead of VALUES().
     */
    @ParameterizedTest
    @EnumSource(EventKind.class)
    void theMySqlUpsertIsTheMariaDbUpsertWithARowAlias(EventKind kind) {
        List<String> mysql = new MySqlDialect().applyEvent(kind);
        List<String> mariaDb = new MariaDbDialect().applyEvent(kind);

        assertThat(mysql).hasSameSizeAs(mariaDb).allSatisfy(sql -> assertThat(sql)
                .containsPattern("\\)\\s+AS incoming\\s+ON DUPLICATE KEY UPDATE").doesNotContain("VALUES("));
        for (int i = 0; i < mysql.size(); i++) {
            String rewritten = mysql.get(i).replaceAll("\\)\\s+AS incoming\\s+ON DUPLICATE", ") ON DUPLICATE")
                    .replaceAll("incoming\\.(\\w+)", "VALUES($1)");
            assertThat(normalized(rewritten)).isEqualTo(normalized(mariaDb.get(i)));
        }
        assertThat(new MySqlDialect().createStatusIfAbsent()).isEqualTo(new MariaDbDialect().createStatusIfAbsent())
                .contains("ON DUPLICATE KEY UPDATE scope_key = scope_key").doesNotContain("IGNORE");
    }

    private static String normalized(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
