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

    @Test
    void aFileThatIsNotAJmhResultIsRefusedWithItsHeader(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("other.csv"), "name,value\nx,1\n");

        assertThatThrownBy(() -> Ratios.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a JMH CSV result: its header is name,value");
    }
}
