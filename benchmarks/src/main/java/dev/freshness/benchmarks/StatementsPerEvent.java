package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what reaches the JDBC driver for one event through the public API, on each database: statements
 * executed and transaction calls ({@code setAutoCommit}, {@code commit}, {@code rollback}), each a round trip to a
 * server, their sum (the round trips), and the statements prepared through JDBC ({@code prepareStatement}; whether
 * that costs a round trip is the driver's: pgjdbc prepares on the server with the first execution and keeps it per
 * connection after {@code prepareThreshold} uses, the MariaDB and MySQL drivers prepare on the client by default).
 * Each count runs on a database of its own, removed afterwards. Run with {@code java -cp
 * benchmarks/target/benchmarks.jar dev.freshness.benchmarks.StatementsPerEvent [DATABASE...]}; prints one line
 * per database and exits with 1 when a database cannot be reached.
 */
public final class StatementsPerEvent {

    private static final String PREFIX = "bench_count_";
    private static final int RUNS = 100;

    private StatementsPerEvent() {
    }

    /**
     * Prints the counts per event for the databases named in {@code args}, or for all of them.
     *
     * @param args names of {@link BenchDatabase} constants; none for all
     */
    public static void main(String[] args) {
        List<BenchDatabase> databases = new ArrayList<>();
        for (String name : args) {
            databases.add(BenchDatabase.valueOf(name));
        }
        if (databases.isEmpty()) {
            databases.addAll(List.of(BenchDatabase.values()));
        }
        System.out.printf("%-10s  %-11s  %-10s  %-8s  %-17s%n", "database", "round trips", "statements", "prepared",
                "transaction calls");
        for (BenchDatabase database : databases) {
            List<String> calls = new ArrayList<>();
            try (TrialDatabase trialDatabase = database.open();
                 HikariDataSource pool = trialDatabase.openPool(2);
                 DatasetFreshness freshness = DatasetFreshness.using(database.store(counting(pool, calls), PREFIX),
                         JdbcTrackingBenchmark.CATALOG).withClock(Clock.systemUTC()).build()) {
                calls.clear();
                Scope scope = Scope.tenant("acme");
                for (int i = 0; i < RUNS; i++) {
                    RunId run = RunId.of("run-" + i);
                    freshness.records().recordStart(scope, JdbcTrackingBenchmark.DATASET, run);
                    freshness.records().recordSuccess(scope, JdbcTrackingBenchmark.DATASET, run, 10);
                }
                long statements = calls.stream().filter(call -> call.startsWith("execute")).count();
                long prepared = calls.stream().filter(call -> call.equals("prepare")).count();
                long transactions = calls.size() - statements - prepared;
                System.out.printf("%-10s  %-11s  %-10s  %-8s  %-17s%n", database, perEvent(statements + transactions),
                        perEvent(statements), perEvent(prepared), perEvent(transactions));
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
        }
    }

    private static String perEvent(long count) {
        double events = 2.0 * RUNS;
        return count % (long) events == 0 ? String.valueOf(count / (long) events) : String.format("%.2f", count / events);
    }

    /** A data source whose connections and statements note every statement prepared, executed and transaction call. */
    private static DataSource counting(DataSource target, List<String> calls) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection connection ? countingConnection(connection, calls) : result;
                });
    }

    private static Connection countingConnection(Connection target, List<String> calls) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("commit") || name.equals("rollback")
                            || (name.equals("setAutoCommit") && (boolean) args[0] != target.getAutoCommit())) {
                        calls.add(name);
                    }
                    if (name.startsWith("prepare") || name.equals("createStatement")) {
                        calls.add("prepare");
                    }
                    Object result = invoke(target, method, args);
                    if (result instanceof Statement statement) {
                        return countingStatement(statement, method.getReturnType(), calls);
                    }
                    return result;
                });
    }

    private static Object countingStatement(Statement target, Class<?> type, List<String> calls) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                calls.add(method.getName());
            }
            return invoke(target, method, args);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
