package dev.freshness.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named parameters turned into JDBC's {@code ?} the way Jdbi's colon-prefix parser reads them. */
class PositionalSqlTest {

    @Test
    void eachNamedParameterBecomesAPlaceholderAndANameUsedTwiceIsBoundTwice() {
        PositionalSql sql = PositionalSql.of("UPDATE t SET a = :at, b = COALESCE(:at, CURRENT_TIMESTAMP) WHERE k = :scope_1");

        assertThat(sql.sql()).isEqualTo("UPDATE t SET a = ?, b = COALESCE(?, CURRENT_TIMESTAMP) WHERE k = ?");
        assertThat(sql.parameters()).containsExactly("at", "at", "scope_1");
        assertThat(sql.named()).startsWith("UPDATE t SET a = :at");
    }

    @Test
    void aPostgresCastIsTextNotAParameter() {
        PositionalSql sql = PositionalSql.of("SELECT :run::text, CAST(:at AS timestamptz), x::int FROM t");

        assertThat(sql.sql()).isEqualTo("SELECT ?::text, CAST(? AS timestamptz), x::int FROM t");
        assertThat(sql.parameters()).containsExactly("run", "at");
    }

    @Test
    void colonsInsideQuotesAndCommentsAreText() {
        PositionalSql sql = PositionalSql.of("SELECT 'at :noon', 'it''s :late', \"odd:name\", `my:col`, :dataset"
                + " /* :commented */ FROM t WHERE a = 'SUCCEEDED'");

        assertThat(sql.sql()).isEqualTo("SELECT 'at :noon', 'it''s :late', \"odd:name\", `my:col`, ?"
                + " /* :commented */ FROM t WHERE a = 'SUCCEEDED'");
        assertThat(sql.parameters()).containsExactly("dataset");
    }

    @Test
    void aColonBeforeSomethingElseThanANameIsText() {
        PositionalSql sql = PositionalSql.of("SELECT a := 1, ':', :1 FROM t");

        assertThat(sql.sql()).isEqualTo("SELECT a := 1, ':', :1 FROM t");
        assertThat(sql.parameters()).isEmpty();
    }

    @Test
    void aPositionalParameterOrAnUnclosedQuoteIsRefusedWithWhereItIs() {
        assertThatThrownBy(() -> PositionalSql.of("SELECT :a, ? FROM t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 11");
        assertThatThrownBy(() -> PositionalSql.of("SELECT 'open, :a FROM t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed ' at offset 7");
        assertThatThrownBy(() -> PositionalSql.of("SELECT :a /* open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed comment at offset 10");
    }

    /**
     * Every dialect's event statements convert with one placeholder per name, and bind only what an event of their
     * kind has: the checks {@link Statements} makes when a store is built.
     */
    @Test
    void everyDialectsEventStatementsConvertToTheirKindsParameters() {
        Pattern namedParameter = Pattern.compile("(?<![:\\w]):[A-Za-z_]");
        for (SqlDialect dialect : List.of(new H2Dialect(), new PostgresDialect(), new PartitionedPostgresDialect(),
                new MariaDbDialect(), new MySqlDialect())) {
            Statements statements = Statements.of(dialect, TableNames.of("freshness_", null));
            for (EventKind kind : EventKind.values()) {
                List<PositionalSql> converted = statements.applyEventPositional(kind);
                assertThat(converted).as("%s %s", dialect.getClass().getSimpleName(), kind)
                        .hasSameSizeAs(statements.applyEvent(kind));
                for (PositionalSql sql : converted) {
                    String described = dialect.getClass().getSimpleName() + " " + kind;
                    assertThat(sql.parameters()).as(described).contains("scope", "dataset", "run", "at")
                            .allSatisfy(name -> assertThat(Statements.eventParameters(kind)).contains(name));
                    assertThat(sql.sql().chars().filter(c -> c == '?').count()).as(described)
                            .isEqualTo(sql.parameters().size());
                    assertThat(namedParameter.matcher(sql.sql()).find()).as(described).isFalse();
                }
            }
        }
    }
}
