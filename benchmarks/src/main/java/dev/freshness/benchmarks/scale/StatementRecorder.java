package dev.freshness.benchmarks.scale;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A data source that remembers the last statement the store prepared and the values bound to it, so that the
 * report can run {@code EXPLAIN (ANALYZE, BUFFERS)} of exactly the statement the store ran, through the store's
 * public API only.
 */
final class StatementRecorder {

    /** One {@code set...(index, value...)} call on a prepared statement, replayed on another statement. */
    private record Binding(Method method, Object[] arguments) {
    }

    private final DataSource recording;
    private String lastSql;
    private List<Binding> lastBindings = new ArrayList<>();

    StatementRecorder(DataSource real) {
        this.recording = proxy(DataSource.class, real, (method, result) -> result instanceof Connection connection
                ? proxy(Connection.class, connection, this::recordPrepared) : result);
    }

    /** The data source to build the store on. */
    DataSource dataSource() {
        return recording;
    }

    /**
     * The shared buffers (hit or read) of the last statement, run again under {@code EXPLAIN (ANALYZE, BUFFERS)} on
     * {@code connection} with the same values: a cost that does not depend on the machine's load.
     */
    synchronized long buffersOfTheLastStatement(Connection connection) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + lastSql)) {
            for (Binding binding : lastBindings) {
                try {
                    binding.method().invoke(explain, binding.arguments());
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new SQLException("cannot bind " + binding.method().getName() + " again", e);
                }
            }
            try (var plan = explain.executeQuery()) {
                plan.next();
                String json = plan.getString(1);
                return firstNumber(json, "Shared Hit Blocks") + firstNumber(json, "Shared Read Blocks");
            }
        }
    }

    /** The first (the top node's, which counts its children's) number named {@code field} in {@code json}. */
    private static long firstNumber(String json, String field) {
        var matcher = java.util.regex.Pattern.compile("\"" + field + "\": (\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + field + " in the plan " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    private Object recordPrepared(Method method, Object[] arguments, Object result) {
        if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement prepared) {
            String sql = (String) arguments[0];
            List<Binding> bindings = new ArrayList<>();
            synchronized (this) {
                lastSql = sql;
                lastBindings = bindings;
            }
            return proxy(PreparedStatement.class, prepared, (called, callArguments, callResult) -> {
                if (called.getName().startsWith("set") && callArguments != null && callArguments.length >= 2
                        && callArguments[0] instanceof Integer) {
                    synchronized (this) {
                        bindings.add(new Binding(called, callArguments.clone()));
                    }
                }
                return callResult;
            });
        }
        return result;
    }

    private interface AfterCall {
        Object apply(Method method, Object[] arguments, Object result) throws Exception;
    }

    private interface AfterCallIgnoringArguments {
        Object apply(Method method, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, AfterCallIgnoringArguments after) {
        return proxy(type, target, (AfterCall) (method, arguments, result) -> after.apply(method, result));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        });
    }
}
