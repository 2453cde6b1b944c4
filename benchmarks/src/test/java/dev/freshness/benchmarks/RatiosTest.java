package dev.freshness.benchmarks;

import dev.freshness.benchmarks.Ratios.Direction;
import dev.freshness.benchmarks.Ratios.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RatiosTest {

    private static final String RESULT = """
            "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: database"
            "dev.freshness.benchmarks.JdbcTrackingBenchmark.handWritten","avgt",1,16,500.000000,50.000000,"us/op",POSTGRESQL
            "dev.freshness.benchmarks.JdbcTrackingBenchmark.handWritten:gc.alloc.rate.norm","avgt",1,16,2000.000000,1.000000,"B/op",POSTGRESQL
            "dev.freshness.benchmarks.JdbcTrackingBenchmark.handWritten","avgt",1,16,1000.000000,10.000000,"us/op",MARIADB
            "dev.freshness.benchmarks.JdbcTrackingBenchmark.store","avgt",1,16,550.000000,55.000000,"us/op",POSTGRESQL
            "dev.freshness.benchmarks.JdbcTrackingBenchmark.store:gc.alloc.rate.norm","avgt",1,16,9000.000000,1.000000,"B/op",POSTGRESQL
            "dev.freshness.benchmarks.JdbcTrackingBenchmark.store","avgt",1,16,1100.000000,11.000000,"us/op",MARIADB
            """;

    private static final Pair PAIR = new Pair("JDBC", "JdbcTrackingBenchmark", "store", "handWritten", 1.15,
            Direction.AT_MOST);

    @Test
    void aPairIsMatchedByItsParametersWithItsPropagatedErrorAndAllocation(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("result.csv"), RESULT);

        String table = Ratios.table(Ratios.read(file), List.of(PAIR));

        // 550/500 = 1.10, error 1.10 * sqrt(0.1² + 0.1²) = 0.156: the bar reaches 1.256, above 1.15.
        assertThat(table).contains("| JDBC | database=POSTGRESQL | 550 ± 55.0 us/op | 500 ± 50.0 us/op | 1.10 ± 0.16 | "
                + "9000 / 2000 | <= 1.15 | met by point estimate |");
        // 1100/1000 = 1.10, error 0.0156: the whole bar is under 1.15.
        assertThat(table).contains("| JDBC | database=MARIADB | 1,100 ± 11.0 us/op | 1,000 ± 10.0 us/op | 1.10 ± 0.02 | "
                + "- / - | <= 1.15 | met |");
    }

    @Test
    void theErrorOfARatioIsPropagatedFromBothHalfWidths() {
        assertThat(Ratios.ratioError(300, 30, 100, 5)).isCloseTo(3 * Math.sqrt(0.01 + 0.0025), within(1e-12));
    }

    @Test
    void aThroughputPairMustStayAboveItsTarget() {
        Pair throughput = new Pair("rate", "T", "a", "b", 0.9, Direction.AT_LEAST);

        assertThat(Ratios.verdict(0.95, 0.01, throughput)).isEqualTo("met");
        assertThat(Ratios.verdict(0.95, 0.10, throughput)).isEqualTo("met by point estimate");
        assertThat(Ratios.verdict(0.85, 0.01, throughput)).isEqualTo("missed");
        assertThat(Ratios.verdict(0.95, Double.NaN, throughput)).isEqualTo("met by point estimate");
    }

    private static final String HEADER =
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: database\"\n";

    /** One round's result: the store and its baseline on each database given as {@code database, store, hand}. */
    private static Path round(Path directory, String name, Object... scores) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < scores.length; i += 3) {
            String database = (String) scores[i];
            for (String method : new String[] {"store", "handWritten"}) {
                Object score = scores[i + (method.equals("store") ? 1 : 2)];
                if (score == null) {
                    continue;
                }
                String benchmark = "\"dev.freshness.benchmarks.JdbcTrackingBenchmark." + method;
                csv.append(benchmark).append("\",\"avgt\",1,8,").append(score).append(",9.0,\"us/op\",")
                        .append(database).append('\n');
                csv.append(benchmark).append(":gc.alloc.rate.norm\",\"avgt\",1,8,")
                        .append(method.equals("store") ? 4000 : 1500).append(",1.0,\"B/op\",").append(database)
                        .append('\n');
            }
        }
        return Files.writeString(directory.resolve(name), csv);
    }

    @Test
    void acrossRoundsEachRoundGivesOneRatioAndTheIntervalComesFromTheirSpread(@TempDir Path directory)
            throws IOException {
        List<List<Ratios.Score>> rounds = List.of(
                Ratios.read(round(directory, "1.csv", "POSTGRESQL", 550, 500, "MARIADB", 1100, 1000)),
                Ratios.read(round(directory, "2.csv", "POSTGRESQL", 600, 500, "MARIADB", 1110, 1000)),
                Ratios.read(round(directory, "3.csv", "POSTGRESQL", 500, 500, "MARIADB", 1090, 1000)));

        String table = Ratios.roundsTable(rounds, List.of(PAIR));

        // Ratios 1.10, 1.20 and 1.00: standard deviation 0.1, t(2 degrees, 97.5%) = 4.303, half-width
        // 4.303 * 0.1 / sqrt(3) = 0.248: the interval reaches 1.35, above 1.15.
        assertThat(table).contains("| JDBC | database=POSTGRESQL | 1.10, 1.20, 1.00 | 1.10 ± 0.25 | 550 us/op | "
                + "500 us/op | 4000 / 1500 | <= 1.15 | met by point estimate |");
        // Ratios 1.10, 1.11 and 1.09: half-width 0.025, the whole interval under 1.15.
        assertThat(table).contains("| JDBC | database=MARIADB | 1.10, 1.11, 1.09 | 1.10 ± 0.02 | 1,100 us/op | "
                + "1,000 us/op | 4000 / 1500 | <= 1.15 | met |");
    }

    @Test
    void aRoundWithoutOneHalfOfAPairGivesThatPairNoRatio(@TempDir Path directory) throws IOException {
        List<List<Ratios.Score>> rounds = List.of(
                Ratios.read(round(directory, "1.csv", "MARIADB", 1100, 1000)),
                Ratios.read(round(directory, "2.csv", "MARIADB", 1300, null)),
                Ratios.read(round(directory, "3.csv", "MARIADB", 1120, 1000)));

        assertThat(Ratios.roundsTable(rounds, List.of(PAIR)))
                .contains("| JDBC | database=MARIADB | 1.10, 1.12 | 1.11 ± ");
    }

    @Test
    void oneRoundHasNoSpreadToMeasureSoItsVerdictIsTheMeansAlone() {
        Ratios.Interval one = Ratios.Interval.of(List.of(1.05));

        assertThat(one.mean()).isEqualTo(1.05);
        assertThat(one.halfWidth()).isNaN();
        assertThat(Ratios.verdict(one.mean(), one.halfWidth(), PAIR)).isEqualTo("met by point estimate");
    }

    @Test
    void theIntervalAcrossRoundsIsStudentsWithOneDegreeOfFreedomLessThanTheRounds() {
        Ratios.Interval interval = Ratios.Interval.of(List.of(2.0, 3.0, 4.0, 3.0));

        assertThat(interval.mean()).isEqualTo(3.0);
        // Standard deviation sqrt(2/3), t(3 degrees, 97.5%) = 3.1824.
        assertThat(interval.halfWidth()).isCloseTo(3.182446 * Math.sqrt(2.0 / 3) / 2, within(1e-5));
        assertThat(interval.count()).isEqualTo(4);
    }

    @Test
    void aFileThatIsNotAJmhResultIsRefusedWithItsHeader(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("other.csv"), "name,value\nx,1\n");

        assertThatThrownBy(() -> Ratios.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a JMH CSV result: its header is name,value");
    }
}
