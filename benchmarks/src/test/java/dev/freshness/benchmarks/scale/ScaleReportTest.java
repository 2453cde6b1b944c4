package dev.freshness.benchmarks.scale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@link ScaleReport}: what it takes, and a clear error for what it does not. */
class ScaleReportTest {

    @Test
    void readsEveryOption() {
        var options = ScaleReport.Options.parse(new String[] {"--tenants", "1_000_000", "--url",
                "jdbc:postgresql://db:5432/postgres?user=me", "--database", "scale_test", "--keep", "--seconds", "7",
                "--partitioned", "--history-days", "30"});

        assertThat(options).isEqualTo(new ScaleReport.Options(1_000_000, "jdbc:postgresql://db:5432/postgres?user=me",
                "scale_test", true, 7, true, false, false, false, 30));
    }

    @Test
    void splitsTheFillFromTheMeasures() {
        var fill = ScaleReport.Options.parse(new String[] {"--tenants", "1000000", "--database", "scale", "--fill-only"});
        var reuse = ScaleReport.Options.parse(new String[] {"--tenants", "1000000", "--database", "scale", "--reuse"});

        assertThat(fill.fillOnly()).isTrue();
        assertThat(fill.keep()).as("a fill that is not kept would be for nothing").isTrue();
        assertThat(reuse.reuse()).isTrue();
        assertThat(reuse.keep()).isFalse();
        assertThat(ScaleReport.Options.parse(new String[] {"--skip-prune"}).skipPrune()).isTrue();
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--fill-only", "--reuse", "--database", "s"}))
                .hasMessage("--fill-only and --reuse exclude each other: fill once, then reuse");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--reuse"}))
                .hasMessage("--reuse needs --database: the database a --fill-only run filled");
    }

    @Test
    void defaultsToTenThousandTenantsOnADatabaseOfItsOwn() {
        var options = ScaleReport.Options.parse(new String[] {"--url", "jdbc:postgresql://db/postgres"});

        assertThat(options.tenants()).isEqualTo(10_000);
        assertThat(options.database()).isNull();
        assertThat(options.keep()).isFalse();
        assertThat(options.partitioned()).isFalse();
        assertThat(options.historyDays()).as("a status's three records on three days").isEqualTo(3);
    }

    @Test
    void rejectsBadInputNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--tenants", "-5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--tenants must be a positive whole number, was -5");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--tenants", "50"}))
                .hasMessage("--tenants must be at least 100 (1% of them are stale), was 50");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--url", "jdbc:mariadb://db/x"}))
                .hasMessage("--url must be a PostgreSQL URL (jdbc:postgresql://...), was jdbc:mariadb://db/x");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--url", "jdbc:postgresql://db/p",
                "--database", "Drop;Me"})).hasMessage("--database must be a lower-case SQL name, was Drop;Me");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--seconds"}))
                .hasMessage("--seconds needs a value");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--history-days", "2"}))
                .hasMessage("--history-days must be at least 3 (a status's records are on days of their own), was 2");
        assertThatThrownBy(() -> ScaleReport.Options.parse(new String[] {"--fast"})).hasMessage("unknown option --fast");
    }

    @Test
    void connectsToItsDatabaseOnTheServerOfTheUrl() {
        assertThat(ScaleReport.urlOf("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "freshness_scale_x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/freshness_scale_x?user=postgres");
        assertThat(ScaleReport.urlOf("jdbc:postgresql://db", "s")).isEqualTo("jdbc:postgresql://db/s");
    }
}
