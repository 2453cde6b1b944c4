package dev.freshness.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Wraps a JDBC object of a real driver in a proxy of its interface, for the tests that watch or disturb what a store
 * asks of the driver ({@link JdbcCalls}, the failing executions of {@code TransientWriteErrorTest}).
 */
final class JdbcProxies {

    private JdbcProxies() {
    }

    /** What a proxy does with each call's result before the caller gets it (wrap it in turn, count the call...). */
    interface AfterCall {
        Object apply(Method method, Object result) throws Exception;
    }

    /** A proxy of {@code target} that passes each call on, then hands its result to {@code after}. */
    @SuppressWarnings("unchecked")
    static <T> T wrap(Class<T> type, T target, AfterCall after) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> after.apply(method, invoke(target, method, args)));
    }

    /** Calls {@code method} on {@code target}, throwing what it threw rather than a reflection wrapper of it. */
    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
