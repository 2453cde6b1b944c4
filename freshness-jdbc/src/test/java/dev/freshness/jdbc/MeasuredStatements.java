package dev.freshness.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A data source whose connections measure, once started, the prepared statements a classifier names, as the store
 * runs them: just before one executes, a {@link Measure} is taken on the same connection with the statement's SQL
 * and the parameters set on it (typically the same statement again under the database's {@code EXPLAIN ANALYZE}).
 * The measures are kept per name, in the order taken.
 *
 * @param <K> what the classifier names statements by
 */
final class MeasuredStatements<K> {

    /** A measure of one execution of {@code statement}, taken on {@code connection} before it runs. */
    @FunctionalInterface
    interface Measure {
        long of(Connection connection, Recorded statement) throws Exception;
    }

    /** A statement's SQL and its parameters as the store set them, to be set again on another statement. */
    static final class Recorded {

        private final String sql;
        private final List<Method> setters = new ArrayList<>();
        private final List<Object[]> parameters = new ArrayList<>();

        private Recorded(String sql) {
            this.sql = sql;
        }

        String sql() {
            return sql;
        }

        /** {@code prefix} followed by the statement's SQL, prepared on {@code connection}, its parameters set. */
        PreparedStatement prepare(Connection connection, String prefix) throws Exception {
            PreparedStatement statement = connection.prepareStatement(prefix + sql);
            try {
                for (int i = 0; i < setters.size(); i++) {
                    setters.get(i).invoke(statement, parameters.get(i));
                }
                return statement;
            } catch (Exception | Error e) {
                statement.close();
                throw e;
            }
        }

        private void set(Method setter, Object[] arguments) {
            setters.add(setter);
            parameters.add(arguments.clone());
        }
    }

    private final DataSource dataSource;
    private final Function<String, K> classifier;
    private final Measure measure;
    private final Map<K, List<Long>> measures = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * @param classifier the name of the statement whose SQL it is given, null for a statement not to measure
     */
    MeasuredStatements(DataSource target, Function<String, K> classifier, Measure measure) {
        this.classifier = classifier;
        this.measure = measure;
        this.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, target, args);
                    return result instanceof Connection connection ? connection(connection) : result;
                });
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Measures the statements executed from now on. */
    void start() {
        started = true;
    }

    /** The measures of the statements named {@code name}, in the order taken. */
    List<Long> measures(K name) {
        List<Long> taken = measures.getOrDefault(name, List.of());
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    private Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, target, args);
                    if (result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")) {
                        K name = classifier.apply((String) args[0]);
                        if (name != null) {
                            return statement(statement, target, new Recorded((String) args[0]), name);
                        }
                    }
                    return result;
                });
    }

    private PreparedStatement statement(PreparedStatement target, Connection connection, Recorded recorded, K name) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2
                            && args[0] instanceof Integer) {
                        recorded.set(method, args);
                    } else if (started && method.getName().startsWith("execute")) {
                        long taken = measure.of(connection, recorded);
                        measures.computeIfAbsent(name, any -> Collections.synchronizedList(new ArrayList<>()))
                                .add(taken);
                    }
                    return invoke(method, target, args);
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
