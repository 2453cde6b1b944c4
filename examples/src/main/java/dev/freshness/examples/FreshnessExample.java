package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.examples.TextReport.Ansi;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.Change;
import dev.freshness.monitor.FreshnessMonitor;
import dev.freshness.monitor.LogNotifier;
import dev.freshness.monitor.MonitorState;
import dev.freshness.monitor.jdbc.JdbcMonitorState;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The example: plays one week of the reference control plane on an embedded H2 database and prints what
 * Freshness knows about it. With {@code --serve}, also serves the status page of {@code freshness-status-page}
 * on 127.0.0.1.
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests &amp;&amp; java -jar examples/target/freshness-examples.jar
 * java -jar examples/target/freshness-examples.jar --serve 8080
 * </pre>
 */
public final class FreshnessExample {

    /** The catalog resource: datasets, producers, pages and their rules. */
    public static final String CATALOG_RESOURCE = "freshness-example.properties";

    /** The pages that show every tenant at once, so they get the cross-tenant check. */
    public static final List<String> PAGES_WITHOUT_TENANT_SELECTOR = List.of("template_queue", "template_evaluation");

    /** The port {@code --serve} listens on when none is given. */
    public static final int DEFAULT_PORT = 8080;

    private static final String USAGE = """
            Usage: java -jar examples/target/freshness-examples.jar [--serve [port]] [--db path]
              --serve [port]  after the report, serve the status page on http://127.0.0.1:port/ (default %d;
                              0 picks a free port) until stopped with Ctrl+C
              --db path       the H2 database file, without its .mv.db suffix (default ./%s);
                              it is emptied at the start of every run
            """.formatted(DEFAULT_PORT, ExampleDatabase.DEFAULT_LOCATION);

    private FreshnessExample() {
    }

    /** Runs the example; exits with 1 when the database cannot be used, 2 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.out, System.err, Ansi.forThisTerminal());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the example with {@code args}, writing the report to {@code out} and problems to {@code err}. With
     * {@code --serve}, does not return until the thread is interrupted.
     *
     * @return the exit status: 0, 1 when the database cannot be used, 2 on bad arguments
     */
    static int run(String[] args, PrintStream out, PrintStream err, Ansi ansi) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        SettableClock clock = SettableClock.at(SimulatedWeek.START);
        // Closed in reverse order: the store's threads stop before the database closes.
        try (ExampleDatabase database = ExampleDatabase.openEmpty(options.database());
             DatasetFreshness freshness = freshness(database, clock)) {
            ControlPlane plane = new ControlPlane(clock);
            SimulatedWeek week = new SimulatedWeek(freshness, clock, plane);
            List<Change> alerts = new CopyOnWriteArrayList<>();
            FreshnessMonitor monitor = monitor(database, freshness.catalog(), alerts);
            week.everyHour(monitor::runOnce);
            week.play();

            Supplier<StatusBoard> board = () -> StatusBoard.read(freshness, plane.tenantIds(), PAGES_WITHOUT_TENANT_SELECTOR);
            TextReport report = new TextReport(out, ansi);
            report.line(ansi.bold("Freshness example: one simulated week of the reference control plane (docs/reference-system.md)"));
            report.line("Database: H2 file " + shown(database.file()) + " (JDBC store), emptied at the start of every run");
            report.line("Week:     " + TextReport.dateAndTime(SimulatedWeek.START) + " to "
                    + TextReport.dateAndTime(SimulatedWeek.END) + ", " + week.runs() + " job runs");
            report.notes(week.notes());
            alerts(report, alerts);
            report.board(board.get());
            if (options.serve()) {
                serve(options.port(), freshness, out);
            }
            return 0;
        } catch (SQLException e) {
            err.println("The example database cannot be used: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("The status page cannot be served: " + e.getMessage());
            return 1;
        }
    }

    /** The example's {@link DatasetFreshness}: the JDBC store on {@code database}, the catalog, the simulated clock. */
    private static DatasetFreshness freshness(ExampleDatabase database, SettableClock clock) {
        JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).createSchemaIfMissing().build();
        return DatasetFreshness.using(store, Catalog.fromResource(CATALOG_RESOURCE)).withClock(clock).build();
    }

    /**
     * The week's monitor: every change of a page's severity for a tenant, once, to the log notifier (the logger
     * {@value LogNotifier#LOGGER_NAME}) and to {@code alerts} for the report; its state in the example's database.
     */
    private static FreshnessMonitor monitor(ExampleDatabase database, Catalog catalog, List<Change> alerts) {
        JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).build();
        MonitorState state = JdbcMonitorState.using(database.dataSource()).createSchemaIfMissing().build();
        return FreshnessMonitor.using(store, catalog, state)
                .withChannel("log", new LogNotifier())
                .withChannel("report", delivery -> alerts.addAll(delivery.changes()))
                .build();
    }

    private static void alerts(TextReport report, List<Change> alerts) {
        report.heading("Alerts of the week (the monitor, hourly, to the log notifier): " + alerts.size() + " changes");
        for (Change alert : alerts) {
            report.line("  " + SimulatedWeek.dayAndTime(alert.at()) + "  " + alert.pageKey() + " for "
                    + alert.scope().tenantId().orElse("all tenants") + ": " + switch (alert.kind()) {
                        case BECAME_WARNING -> "became WARNING";
                        case BECAME_CRITICAL -> "became CRITICAL";
                        case RECOVERED -> "recovered";
                        case WILL_BE_STALE -> "will be stale soon";
                    });
        }
    }

    private static void serve(int port, DatasetFreshness freshness, PrintStream out) throws IOException, InterruptedException {
        try (StatusPageServer server = StatusPageServer.start(port, freshness)) {
            out.println();
            out.println("Status page: " + server.url() + "  (Ctrl+C to stop)");
            out.flush();
            new CountDownLatch(1).await(); // until the process is stopped
        }
    }

    private static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? "./" + here.relativize(absolute) : absolute.toString();
    }

    /**
     * The command line.
     *
     * @param serve whether to serve the status page
     * @param port the port to serve it on
     * @param database the database location
     * @param help whether only the usage was asked for
     */
    record Options(boolean serve, int port, Path database, boolean help) {

        static Options parse(String[] args) {
            boolean serve = false;
            int port = DEFAULT_PORT;
            Path database = ExampleDatabase.DEFAULT_LOCATION;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--serve" -> {
                        serve = true;
                        if (i + 1 < args.length && args[i + 1].matches("\\d{1,5}")) {
                            port = Integer.parseInt(args[++i]);
                            if (port > 65535) {
                                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
                            }
                        }
                    }
                    case "--db" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--db needs a path");
                        }
                        database = Path.of(args[++i]);
                    }
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            return new Options(serve, port, database, help);
        }
    }
}
