package dev.freshness.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A decorator of any interface that counts the calls made through it, per method name, and passes each on to a
 * target: the proof that a feature calls a store (or any other dependency) a bounded number of times. Built on
 * {@link Proxy}, so it needs no type of the project and works for every interface, its default methods included
 * (they are passed on too, so the target's own answers, such as whether it may block, hold). A {@link CallHook}
 * sees each call before the target does and may fail it, for the tests of what happens when a dependency fails.
 * Safe for calls from several threads.
 *
 * <pre>{@code
 * CountingProxy<FreshnessStore> store = CountingProxy.of(FreshnessStore.class, new InMemoryFreshnessStore());
 * DatasetFreshness freshness = DatasetFreshness.using(store.proxy(), catalog).build();
 * ...
 * assertThat(store.calls("statusesAcrossScopes")).isEqualTo(2);
 * }</pre>
 *
 * @param <T> the interface counted
 */
public final class CountingProxy<T> {

    /** Sees a call before the target does; throwing fails the call with that exception (it is still counted). */
    @FunctionalInterface
    public interface CallHook {
        /** Called with the method's name and its arguments (an empty array for none). */
        void beforeCall(String methodName, Object[] arguments);
    }

    private final Class<T> type;
    private final T proxy;
    private final Set<String> methodNames;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    private CountingProxy(Class<T> type, T target, CallHook hook) {
        this.type = type;
        this.methodNames = Arrays.stream(type.getMethods()).map(Method::getName)
                .collect(Collectors.toUnmodifiableSet());
        InvocationHandler handler = (self, method, arguments) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == arguments[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "CountingProxy of " + target;
                };
            }
            Object[] given = arguments == null ? new Object[0] : arguments;
            counts.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
            hook.beforeCall(method.getName(), given);
            try {
                return method.invoke(target, given);
            } catch (InvocationTargetException e) {
                throw e.getCause();   // the target's own exception, as a caller of the target would see it
            }
        };
        this.proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Counts the calls made to {@code target} through {@link #proxy()}. */
    public static <T> CountingProxy<T> of(Class<T> type, T target) {
        return of(type, target, (methodName, arguments) -> { });
    }

    /** Counts the calls made to {@code target} through {@link #proxy()}, showing each to {@code hook} first. */
    public static <T> CountingProxy<T> of(Class<T> type, T target, CallHook hook) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(hook, "hook must not be null");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("type must be an interface, not " + type.getName());
        }
        return new CountingProxy<>(type, target, hook);
    }

    /** The decorator to hand to the code under test. */
    public T proxy() {
        return proxy;
    }

    /**
     * How many calls of the named methods (all overloads of each) were made since the start or the last
     * {@link #reset()}, added up.
     *
     * @throws IllegalArgumentException for a name that is no method of the interface, so that a typo cannot make
     *                                  an assertion of "no call" pass
     */
    public int calls(String... methodNames) {
        int sum = 0;
        for (String name : methodNames) {
            if (!this.methodNames.contains(name)) {
                throw new IllegalArgumentException(type.getName() + " has no method " + name);
            }
            AtomicInteger count = counts.get(name);
            sum += count == null ? 0 : count.get();
        }
        return sum;
    }

    /** Every method called so far with its number of calls, by name. */
    public Map<String, Integer> calls() {
        Map<String, Integer> snapshot = new TreeMap<>();
        counts.forEach((name, count) -> snapshot.put(name, count.get()));
        return snapshot;
    }

    /** Forgets the counts, not the target's state. */
    public void reset() {
        counts.clear();
    }

    @Override
    public String toString() {
        return "CountingProxy of " + type.getSimpleName() + " " + calls();
    }
}
