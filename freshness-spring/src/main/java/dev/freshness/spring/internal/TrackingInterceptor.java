package dev.freshness.spring.internal;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.ThrowingSupplier;
import dev.freshness.track.TrackedCall;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Tracks each call of a {@code @RefreshesDataset} method through {@link DatasetFreshness#track}, so that the
 * annotation and the programmatic API record and return exactly the same things.
 */
final class TrackingInterceptor implements MethodInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingInterceptor.class);

    private final TrackedMethods methods;
    private final Supplier<DatasetFreshness> freshness;
    private final BeanResolver beans;
    private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

    TrackingInterceptor(TrackedMethods methods, Supplier<DatasetFreshness> freshness, BeanResolver beans) {
        this.methods = methods;
        this.freshness = freshness;
        this.beans = beans;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
        Method method = BridgeMethodResolver.findBridgedMethod(
                AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass));
        TrackedMethod tracked = methods.get(method, targetClass);

        EvaluationContext arguments = context(target, method, invocation.getArguments());
        Optional<Scope> scope;
        boolean condition;
        RunId runId;
        try {
            scope = scope(tracked, arguments);
            condition = tracked.condition() == null || Boolean.TRUE.equals(
                    tracked.condition().getValue(arguments, Boolean.class));
            runId = runId(tracked, arguments);
        } catch (RuntimeException e) {
            // Tracking never stops a job: a broken expression costs the record of this call, not the call.
            LOG.warn("@RefreshesDataset on {}: {}; the call runs untracked", tracked.description(), e.toString());
            return invocation.proceed();
        }

        DatasetFreshness freshness = this.freshness.get();
        if (runId == null && tracked.datasets().size() > 1) {
            runId = RunId.random();
        }
        ToLongFunction<Object> counter = tracked.records() == null ? null
                : result -> records(tracked, arguments, result);

        // The first dataset's call is outermost: its start is recorded first and its outcome last.
        List<TrackedCall<Object>> calls = new ArrayList<>(tracked.datasets().size());
        for (String dataset : tracked.datasets()) {
            TrackedCall<Object> call = counter == null ? freshness.track(scope, dataset)
                    : freshness.track(scope, dataset).recordsFrom(counter);
            if (tracked.job() != null) {
                call = call.job(tracked.job());
            }
            if (runId != null) {
                call = call.runId(runId);
            }
            calls.add(condition ? call : call.onlyIf(false));
        }
        return tracked.async() ? callAsync(calls, 0, invocation) : call(calls, 0, invocation);
    }

    private static Object call(List<TrackedCall<Object>> calls, int index, MethodInvocation invocation) throws Exception {
        if (index == calls.size()) {
            return proceed(invocation);
        }
        return calls.get(index).call((ThrowingSupplier<Object, Exception>) () -> call(calls, index + 1, invocation));
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> callAsync(List<TrackedCall<Object>> calls, int index, MethodInvocation invocation)
            throws Exception {
        if (index == calls.size()) {
            return (CompletionStage<Object>) proceed(invocation);
        }
        return calls.get(index).callAsync(() -> callAsync(calls, index + 1, invocation));
    }

    private static Object proceed(MethodInvocation invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            // A Throwable that is neither: Java lets a method throw one; pass it on untouched.
            throw TrackingInterceptor.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }

    private EvaluationContext context(Object target, Method method, Object[] arguments) {
        MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, method, arguments, parameterNames);
        context.setBeanResolver(beans);
        return context;
    }

    private static Optional<Scope> scope(TrackedMethod tracked, EvaluationContext arguments) {
        if (tracked.scope() == null) {
            return Optional.of(Scope.global());
        }
        Object value = tracked.scope().getValue(arguments);
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Scope scope) {
            return Optional.of(scope);
        }
        if (value instanceof CharSequence tenantId) {
            return tenantId.toString().isBlank() ? Optional.empty() : Optional.of(Scope.tenant(tenantId.toString()));
        }
        throw new IllegalArgumentException("the scope expression \"" + tracked.scope().getExpressionString()
                + "\" gave a " + value.getClass().getName() + ", not a String tenant id, a Scope or an Optional of one");
    }

    private static RunId runId(TrackedMethod tracked, EvaluationContext arguments) {
        if (tracked.runId() == null) {
            return null;
        }
        Object value = tracked.runId().getValue(arguments);
        if (value == null || value instanceof RunId) {
            return (RunId) value;
        }
        if (value instanceof CharSequence id) {
            return RunId.of(id.toString());
        }
        throw new IllegalArgumentException("the runId expression \"" + tracked.runId().getExpressionString()
                + "\" gave a " + value.getClass().getName() + ", not a String or a RunId");
    }

    private static long records(TrackedMethod tracked, EvaluationContext arguments, Object result) {
        arguments.setVariable("result", result);
        Object value = tracked.records().getValue(arguments);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        // The API logs this at WARN, naming the dataset, and records 0.
        throw new IllegalArgumentException("@RefreshesDataset on " + tracked.description() + ": the records expression \""
                + tracked.records().getExpressionString() + "\" gave " + value + ", not a whole number");
    }
}
