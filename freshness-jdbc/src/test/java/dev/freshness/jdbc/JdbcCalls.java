package dev.freshness.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDBC calls of a store that reach the driver, in order, through a data source that wraps another: each
 * statement prepared or created ({@code prepare}), executed ({@code execute}, or {@code executeBatch} for a
 * batch), and each transaction call ({@code setAutoCommit}, {@code commit}, {@code rollback}).
 */
final class JdbcCalls {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final DataSource dataSource;

    JdbcCalls(DataSource target) {
        this.dataSource = JdbcProxies.wrap(DataSource.class, target,
                (method, result) -> result instanceof Connection connection
                        ? JdbcProxies.wrap(Connection.class, connection, this::connectionResult) : result);
    }

    /** The data source to build the store on. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The calls since the start or the last {@link #clear()}. */
    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clear() {
        calls.clear();
    }

    private Object connectionResult(Method method, Object result) {
        String name = method.getName();
        if (name.equals("commit") || name.equals("rollback") || name.equals("setAutoCommit")) {
            calls.add(name);
        }
        if (name.startsWith("prepare") || name.equals("createStatement")) {
            calls.add("prepare");
        }
        if (result instanceof java.sql.PreparedStatement prepared) {
            return JdbcProxies.wrap(java.sql.PreparedStatement.class, prepared, this::statementResult);
        }
        if (result instanceof Statement statement) {
            return JdbcProxies.wrap(Statement.class, statement, this::statementResult);
        }
        return result;
    }

    private Object statementResult(Method method, Object result) {
        String name = method.getName();
        if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
            calls.add("executeBatch");
        } else if (name.startsWith("execute")) {
            calls.add("execute");
        }
        return result;
    }
}
