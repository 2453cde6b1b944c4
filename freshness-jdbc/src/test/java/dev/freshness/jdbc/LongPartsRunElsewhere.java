package dev.freshness.jdbc;

import dev.freshness.testkit.FreshnessStoreContract;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Optional;

/**
 * Leaves long parts of the contract suite out of a test class whose setup would only repeat them: the randomized
 * merge property and the concurrent writers test the store's SQL on a database, and take most of a minute per
 * database on a busy two-core machine. Each part still runs on every database, in the class {@link #runOn()}
 * names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith(LongPartsRunElsewhere.Condition.class)
@interface LongPartsRunElsewhere {

    /** The parts left out. */
    Part[] value();

    /** Where they run instead, and why that covers this class. */
    String runOn();

    /** A long part of {@link FreshnessStoreContract}. */
    enum Part {
        /** {@code FreshnessStoreContract.MergeProperty}: 1,000 random event sets in 3 orders each. */
        MERGE_PROPERTY("MergeProperty"),
        /** {@code FreshnessStoreContract.Concurrency}: 8 threads writing 10,000 events each. */
        CONCURRENCY("Concurrency");

        private final String nestedClassName;

        Part(String simpleName) {
            this.nestedClassName = FreshnessStoreContract.class.getName() + "$" + simpleName;
        }

        boolean is(Class<?> nestedClass) {
            return nestedClass.getName().equals(nestedClassName);
        }
    }

    /** Disables the named parts when JUnit reaches their nested class. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<Class<?>> nested = context.getTestClass();
            Optional<LongPartsRunElsewhere> elsewhere = annotationOfTheEnclosingTestClass(context);
            if (nested.isEmpty() || elsewhere.isEmpty()) {
                return ConditionEvaluationResult.enabled("not a part of the suite this class leaves out");
            }
            return Arrays.stream(elsewhere.get().value()).anyMatch(part -> part.is(nested.get()))
                    ? ConditionEvaluationResult.disabled("runs on " + elsewhere.get().runOn())
                    : ConditionEvaluationResult.enabled("not a part this class leaves out");
        }

        private static Optional<LongPartsRunElsewhere> annotationOfTheEnclosingTestClass(ExtensionContext context) {
            for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
                Optional<LongPartsRunElsewhere> found = at.get().getTestClass()
                        .flatMap(type -> AnnotationSupport.findAnnotation(type, LongPartsRunElsewhere.class));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
    }
}
