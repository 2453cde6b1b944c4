package dev.freshness.spring.internal;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The annotated methods seen so far, each parsed once, whether found at bean creation or at its first call. */
final class TrackedMethods {

    private final Class<? extends Annotation> annotationType;
    private final SpelExpressionParser parser = new SpelExpressionParser();
    private final Map<MethodClassKey, TrackedMethod> byMethod = new ConcurrentHashMap<>();

    TrackedMethods(Class<? extends Annotation> annotationType) {
        this.annotationType = annotationType;
    }

    /**
     * Parses the annotation of {@code method} on {@code targetClass}.
     *
     * @throws IllegalStateException naming the method and what is wrong with its annotation
     */
    void register(Method method, Class<?> targetClass, AnnotationAttributes annotation) {
        byMethod.computeIfAbsent(new MethodClassKey(method, targetClass), key -> parse(method, annotation));
    }

    /** The parsed annotation of {@code specificMethod} (the method as {@code targetClass} declares it). */
    TrackedMethod get(Method specificMethod, Class<?> targetClass) {
        return byMethod.computeIfAbsent(new MethodClassKey(specificMethod, targetClass), key -> parse(specificMethod,
                AnnotatedElementUtils.findMergedAnnotationAttributes(specificMethod, annotationType, false, false)));
    }

    /** Checks each method's datasets and job name as {@code freshness} checks them when it tracks. */
    void checkAgainst(DatasetFreshness freshness) {
        for (TrackedMethod method : byMethod.values()) {
            for (String dataset : method.datasets()) {
                try {
                    var tracked = freshness.track(Scope.global(), dataset);
                    if (method.job() != null) {
                        tracked.job(method.job());
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(problem(method.description(), e.getMessage()), e);
                }
            }
        }
    }

    private TrackedMethod parse(Method method, AnnotationAttributes annotation) {
        String description = describe(method);
        if (annotation == null) {
            throw new IllegalStateException(problem(description, "no @" + annotationType.getSimpleName() + " found on the method"));
        }
        int modifiers = method.getModifiers();
        if (Modifier.isPrivate(modifiers) || Modifier.isFinal(modifiers) || Modifier.isStatic(modifiers)) {
            throw new IllegalStateException(problem(description, "the method is "
                    + Modifier.toString(modifiers & (Modifier.PRIVATE | Modifier.FINAL | Modifier.STATIC))
                    + ", so no proxy can track its calls; make it public and not final"));
        }
        List<String> datasets = List.of(annotation.getStringArray("dataset"));
        if (datasets.isEmpty()) {
            throw new IllegalStateException(problem(description, "no dataset named; say which one the method"
                    + " refreshes: @RefreshesDataset(\"my_dataset\")"));
        }
        if (datasets.stream().distinct().count() != datasets.size()) {
            throw new IllegalStateException(problem(description, "a dataset is named twice in " + datasets));
        }
        boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
        if (async && !method.getReturnType().isAssignableFrom(CompletableFuture.class)) {
            throw new IllegalStateException(problem(description, "the method returns "
                    + method.getReturnType().getName() + ", but a tracked stage is returned as a CompletableFuture;"
                    + " declare CompletionStage or CompletableFuture"));
        }
        return new TrackedMethod(description, datasets, emptyToNull(annotation.getString("job")),
                parse(description, "scope", annotation.getString("scope")), parse(description, "records", annotation.getString("records")),
                parse(description, "runId", annotation.getString("runId")), parse(description, "condition", annotation.getString("condition")),
                async);
    }

    private Expression parse(String description, String attribute, String expression) {
        if (expression.isBlank()) {
            return null;
        }
        try {
            return parser.parseExpression(expression);
        } catch (ParseException e) {
            throw new IllegalStateException(problem(description, "the " + attribute + " expression \"" + expression
                    + "\" does not parse: " + e.getMessage()), e);
        }
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private String problem(String description, String what) {
        return "@" + annotationType.getSimpleName() + " on " + description + ": " + what;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
