package dev.freshness.benchmarks;

import org.apache.commons.math3.distribution.TDistribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Turns a JMH result file ({@code -rf csv}) into the pairs of BENCHMARKS.md: each benchmark beside its baseline of
 * the same run and parameters, as a ratio with its error, the bytes allocated per operation of both (when the run
 * had {@code -prof gc}), the target, and whether the ratio's error bar stays on the right side of it.
 *
 * <p>The error of a ratio {@code A / B} is propagated from JMH's 99.9% half-widths:
 * {@code A/B × sqrt((errA/A)² + (errB/B)²)}. A verdict is "met" when the whole bar meets the target, "met by point
 * estimate" when only the ratio does, and "missed" otherwise.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.freshness.benchmarks.Ratios RESULT.csv}; prints a
 * Markdown table of every pair found in the file.
 *
 * <p>JMH's half-widths come from the iterations of all forks together, and understate how far one JVM's mean lands
 * from the next one's (JIT decisions, the disk of a trial database): two quiet runs of the same code can give
 * intervals that do not overlap. Rounds measure that spread. A round is one JMH run with one fork, so the two
 * halves of a pair run one after the other, minutes apart rather than the length of a whole run; with
 * {@code Ratios --rounds ROUND.csv...}, each round gives one ratio per pair, and the table shows their mean with
 * the Student t interval of {@value #ROUNDS_CONFIDENCE_PERCENT}% confidence computed from the spread of those
 * ratios, with the verdict taken on that interval.
 */
public final class Ratios {

    /** Whether a pair's ratio should stay below its target (time) or above it (throughput). */
    public enum Direction {
        /** The ratio is a cost: at most the target. */
        AT_MOST("<="),
        /** The ratio is a rate: at least the target. */
        AT_LEAST(">=");

        private final String symbol;

        Direction(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * A benchmark and its baseline, both methods of one JMH class, measured with the same parameters.
     *
     * @param label     what the row is called in the table
     * @param type      the simple name of the benchmark class
     * @param measured  the benchmark method
     * @param baseline  the baseline method
     * @param target    the ratio the pair must reach
     * @param direction whether the ratio must stay at most or at least {@code target}
     */
    public record Pair(String label, String type, String measured, String baseline, double target,
                       Direction direction) {
        /** Checks that every part is there. */
        public Pair {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(measured, "measured");
            Objects.requireNonNull(baseline, "baseline");
            Objects.requireNonNull(direction, "direction");
        }
    }

    /** The pairs of BENCHMARKS.md with their targets. */
    public static final List<Pair> PAIRS = List.of(
            new Pair("In memory: wrapper / plain map", "InMemoryTrackingBenchmark", "wrapper", "plainMap", 1.5,
                    Direction.AT_MOST),
            new Pair("In memory: store API / plain map", "InMemoryTrackingBenchmark", "storeApi", "plainMap", 1.5,
                    Direction.AT_MOST),
            new Pair("JDBC, 1 thread: store / hand-written", "JdbcTrackingBenchmark", "store", "handWritten", 1.15,
                    Direction.AT_MOST),
            new Pair("JDBC, 4 threads: store / hand-written (runs/s)", "JdbcTrackingBenchmark", "store4Threads",
                    "handWritten4Threads", 0.9, Direction.AT_LEAST),
            new Pair("JDBC batch of a run over many tenants: store / hand-written", "JdbcBatchBenchmark", "store",
                    "handWritten", 1.5, Direction.AT_MOST),
            new Pair("Spring Batch job + step / one tracked run, H2 in memory", "SpringBatchBenchmark",
                    "springBatchJobRepository", "freshnessTrackedRun", 3.0, Direction.AT_LEAST),
            new Pair("Hand-off: tracked run handed to the store executor / on the job's thread, in memory",
                    "HandOffBenchmark", "handedOff", "onJobThread", Double.NaN, Direction.AT_MOST),
            new Pair("Listener: metrics / no listener", "MicrometerListenerBenchmark", "micrometerMetrics",
                    "noListener", Double.NaN, Direction.AT_MOST),
            new Pair("Listener: metrics and observations / no listener", "MicrometerListenerBenchmark",
                    "micrometerMetricsAndObservation", "noListener", Double.NaN, Direction.AT_MOST));

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    /** The two-sided confidence, in percent, of a ratio's interval across rounds. */
    public static final int ROUNDS_CONFIDENCE_PERCENT = 95;

    private Ratios() {
    }

    /**
     * Prints the table of the pairs found in a JMH CSV result file.
     *
     * @param args the path of the result file
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("--rounds")) {
            List<List<Score>> rounds = new ArrayList<>();
            for (String file : List.of(args).subList(1, args.length)) {
                rounds.add(read(Path.of(file)));
            }
            System.out.print(roundsTable(rounds, PAIRS));
            return;
        }
        if (args.length != 1 || args[0].startsWith("--")) {
            System.err.println("usage: Ratios RESULT.csv | Ratios --rounds ROUND.csv... "
                    + "(JMH results written with -rf csv; one fork each for --rounds)");
            System.exit(2);
        }
        System.out.print(table(read(Path.of(args[0])), PAIRS));
    }

    /** One line of a JMH CSV result: a benchmark or one of its secondary results, with its parameters. */
    record Score(String type, String method, String secondary, int threads, double score, double error, String unit,
                 Map<String, String> params) {
    }

    /**
     * Reads every score of a JMH CSV result file.
     *
     * @param file the file written by {@code -rf csv}
     * @return the scores, primary and secondary, in file order
     * @throws IOException when the file cannot be read
     */
    static List<Score> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the file " + file + " is empty, not a JMH CSV result");
        }
        List<String> header = fields(lines.get(0));
        int benchmark = header.indexOf("Benchmark");
        int threads = header.indexOf("Threads");
        int score = header.indexOf("Score");
        int error = header.indexOf("Score Error (99.9%)");
        int unit = header.indexOf("Unit");
        if (benchmark < 0 || score < 0 || error < 0 || unit < 0 || threads < 0) {
            throw new IllegalArgumentException("the file " + file + " is not a JMH CSV result: its header is "
                    + lines.get(0));
        }
        List<Score> scores = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> values = fields(line);
            String name = values.get(benchmark);
            String secondary = "";
            int colon = name.indexOf(':');
            if (colon >= 0) {
                secondary = name.substring(colon + 1).replace("\u00b7", "");
                name = name.substring(0, colon);
            }
            int lastDot = name.lastIndexOf('.');
            String qualifiedType = name.substring(0, lastDot);
            Map<String, String> params = new LinkedHashMap<>();
            for (int column = 0; column < header.size(); column++) {
                if (header.get(column).startsWith("Param: ") && column < values.size()
                        && !values.get(column).isEmpty()) {
                    params.put(header.get(column).substring("Param: ".length()), values.get(column));
                }
            }
            scores.add(new Score(qualifiedType.substring(qualifiedType.lastIndexOf('.') + 1),
                    name.substring(lastDot + 1), secondary, Integer.parseInt(values.get(threads)),
                    number(values.get(score)), number(values.get(error)), values.get(unit), params));
        }
        return scores;
    }

    /**
     * The Markdown table of the given pairs, one row per pair and parameter combination present in the scores.
     *
     * @param scores what {@link #read(Path)} returned
     * @param pairs  the pairs to look for
     * @return the table, with its header; only the header when no pair was measured
     */
    static String table(List<Score> scores, List<Pair> pairs) {
        StringBuilder table = new StringBuilder(
                "| Pair | Parameters | Measured | Baseline | Ratio | Bytes/op (measured / baseline) | Target | Verdict |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (Pair pair : pairs) {
            for (Score measured : primaries(scores, pair.type(), pair.measured())) {
                Optional<Score> baseline = primaries(scores, pair.type(), pair.baseline()).stream()
                        .filter(candidate -> candidate.params().equals(measured.params())).findFirst();
                if (baseline.isEmpty()) {
                    continue;
                }
                double ratio = measured.score() / baseline.get().score();
                double error = ratioError(measured.score(), measured.error(), baseline.get().score(),
                        baseline.get().error());
                table.append("| ").append(pair.label())
                        .append(" | ").append(measured.params().isEmpty() ? "-" : measured.params().toString()
                                .replaceAll("[{}]", ""))
                        .append(" | ").append(withError(measured)).append(" | ").append(withError(baseline.get()))
                        .append(" | ").append(format(ratio)).append(" ± ").append(format(error))
                        .append(" | ").append(allocation(scores, measured)).append(" / ")
                        .append(allocation(scores, baseline.get()))
                        .append(" | ").append(Double.isNaN(pair.target()) ? "-"
                                : pair.direction().symbol + " " + format(pair.target()))
                        .append(" | ").append(verdict(ratio, error, pair)).append(" |\n");
            }
        }
        return table.toString();
    }

    /**
     * The Markdown table of the given pairs across rounds: for each pair and parameter combination, the ratio of
     * each round that measured both halves, their mean with its {@value #ROUNDS_CONFIDENCE_PERCENT}% interval, the
     * means of both halves and of their bytes per operation, and the verdict on that interval.
     *
     * @param rounds what {@link #read(Path)} returned for each round, in the order they ran
     * @param pairs  the pairs to look for
     * @return the table, with its header; only the header when no pair was measured
     */
    static String roundsTable(List<List<Score>> rounds, List<Pair> pairs) {
        StringBuilder table = new StringBuilder("| Pair | Parameters | Ratio of each round | Ratio: mean ± "
                + ROUNDS_CONFIDENCE_PERCENT + "% | Measured (mean) | Baseline (mean) | Bytes/op (measured / baseline) "
                + "| Target | Verdict |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Pair pair : pairs) {
            List<Map<String, String>> parameterSets = new ArrayList<>();
            for (List<Score> round : rounds) {
                for (Score measured : primaries(round, pair.type(), pair.measured())) {
                    if (!parameterSets.contains(measured.params())) {
                        parameterSets.add(measured.params());
                    }
                }
            }
            for (Map<String, String> params : parameterSets) {
                List<Double> ratios = new ArrayList<>();
                List<Score> measuredScores = new ArrayList<>();
                List<Score> baselineScores = new ArrayList<>();
                List<Double> measuredBytes = new ArrayList<>();
                List<Double> baselineBytes = new ArrayList<>();
                for (List<Score> round : rounds) {
                    Optional<Score> measured = primary(round, pair.type(), pair.measured(), params);
                    Optional<Score> baseline = primary(round, pair.type(), pair.baseline(), params);
                    if (measured.isPresent() && baseline.isPresent()) {
                        ratios.add(measured.get().score() / baseline.get().score());
                        measuredScores.add(measured.get());
                        baselineScores.add(baseline.get());
                        allocationBytes(round, measured.get()).ifPresent(measuredBytes::add);
                        allocationBytes(round, baseline.get()).ifPresent(baselineBytes::add);
                    }
                }
                if (ratios.isEmpty()) {
                    continue;
                }
                Interval interval = Interval.of(ratios);
                table.append("| ").append(pair.label())
                        .append(" | ").append(params.isEmpty() ? "-" : params.toString().replaceAll("[{}]", ""))
                        .append(" | ").append(ratios.stream().map(Ratios::format).collect(Collectors.joining(", ")))
                        .append(" | ").append(format(interval.mean())).append(" ± ").append(format(interval.halfWidth()))
                        .append(" | ").append(meanOf(measuredScores)).append(" | ").append(meanOf(baselineScores))
                        .append(" | ").append(meanBytes(measuredBytes)).append(" / ").append(meanBytes(baselineBytes))
                        .append(" | ").append(Double.isNaN(pair.target()) ? "-"
                                : pair.direction().symbol + " " + format(pair.target()))
                        .append(" | ").append(verdict(interval.mean(), interval.halfWidth(), pair)).append(" |\n");
            }
        }
        return table.toString();
    }

    /**
     * The mean of some ratios with the half-width of its two-sided Student t interval of
     * {@value #ROUNDS_CONFIDENCE_PERCENT}% confidence.
     *
     * @param mean      the mean of the ratios
     * @param halfWidth the half-width; NaN for a single ratio, which has no spread to measure
     * @param count     how many ratios
     */
    record Interval(double mean, double halfWidth, int count) {

        /** The interval of {@code values}, at least one. */
        static Interval of(List<Double> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values must not be empty");
            }
            int n = values.size();
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            if (n == 1) {
                return new Interval(mean, Double.NaN, 1);
            }
            double squares = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum();
            double standardError = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
            double quantile = new TDistribution(n - 1)
                    .inverseCumulativeProbability(1 - (1 - ROUNDS_CONFIDENCE_PERCENT / 100.0) / 2);
            return new Interval(mean, quantile * standardError, n);
        }
    }

    private static Optional<Score> primary(List<Score> scores, String type, String method, Map<String, String> params) {
        return primaries(scores, type, method).stream().filter(score -> score.params().equals(params)).findFirst();
    }

    private static String meanBytes(List<Double> bytes) {
        return bytes.isEmpty() ? "-"
                : String.format(Locale.ROOT, "%.0f", bytes.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    private static String meanOf(List<Score> scores) {
        return format(scores.stream().mapToDouble(Score::score).average().orElse(Double.NaN)) + " "
                + scores.get(0).unit();
    }

    /**
     * The propagated 99.9% error of {@code a / b}.
     *
     * @param a      the measured score
     * @param errorA its half-width
     * @param b      the baseline score
     * @param errorB its half-width
     * @return the half-width of the ratio; NaN when either error is unknown
     */
    static double ratioError(double a, double errorA, double b, double errorB) {
        return a / b * Math.sqrt(Math.pow(errorA / a, 2) + Math.pow(errorB / b, 2));
    }

    /**
     * Whether a ratio meets its target, with its error bar or only by its point estimate.
     *
     * @param ratio the ratio
     * @param error its half-width
     * @param pair  the pair, with its target and direction
     * @return "met", "met by point estimate", "missed" or "-" for a pair without a target
     */
    static String verdict(double ratio, double error, Pair pair) {
        if (Double.isNaN(pair.target())) {
            return "-";
        }
        boolean pointMeets = pair.direction() == Direction.AT_MOST ? ratio <= pair.target() : ratio >= pair.target();
        if (!pointMeets) {
            return "missed";
        }
        double worst = pair.direction() == Direction.AT_MOST ? ratio + error : ratio - error;
        boolean barMeets = !Double.isNaN(error)
                && (pair.direction() == Direction.AT_MOST ? worst <= pair.target() : worst >= pair.target());
        return barMeets ? "met" : "met by point estimate";
    }

    private static List<Score> primaries(List<Score> scores, String type, String method) {
        return scores.stream().filter(score -> score.type().equals(type) && score.method().equals(method)
                && score.secondary().isEmpty()).toList();
    }

    private static String allocation(List<Score> scores, Score primary) {
        OptionalDouble bytes = allocationBytes(scores, primary);
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f", bytes.getAsDouble()) : "-";
    }

    private static OptionalDouble allocationBytes(List<Score> scores, Score primary) {
        return scores.stream()
                .filter(score -> score.type().equals(primary.type()) && score.method().equals(primary.method())
                        && score.secondary().equals(ALLOCATION) && score.params().equals(primary.params()))
                .mapToDouble(Score::score).findFirst();
    }

    private static String withError(Score score) {
        return format(score.score()) + " ± " + format(score.error()) + " " + score.unit();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static double number(String text) {
        return text.isEmpty() || text.equalsIgnoreCase("NaN") ? Double.NaN : Double.parseDouble(text.replace(",", "."));
    }

    /** The fields of one CSV line, quotes removed; JMH quotes text fields and never puts a quote inside one. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
