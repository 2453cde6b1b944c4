package dev.freshness.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The DDL the README shows is the DDL the jar ships, so a user who copies it gets the real schema. */
class ReadmeDdlTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmeShowsThePostgresqlDdl() throws IOException {
        assertThat(normalized(sqlBlockAfter("#### PostgreSQL")))
                .isEqualTo(normalized(Dialect.POSTGRESQL.schemaScript(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, null)));
    }

    @Test
    void theReadmeShowsTheMariadbAndMysqlDdl() throws IOException {
        String readme = normalized(sqlBlockAfter("#### MariaDB"));
        assertThat(readme)
                .isEqualTo(normalized(Dialect.MARIADB.schemaScript(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, null)))
                .isEqualTo(normalized(Dialect.MYSQL.schemaScript(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, null)));
    }

    private static String sqlBlockAfter(String heading) throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf(heading);
        assertThat(section).as("README section %s", heading).isNotNegative();
        int start = readme.indexOf("```sql\n", section) + "```sql\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** Without comments, blank lines and runs of white space: the statements alone. */
    private static String normalized(String sql) {
        return sql.lines()
                .map(line -> line.replaceAll("--.*$", "").strip().replaceAll("\\s+", " "))
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
