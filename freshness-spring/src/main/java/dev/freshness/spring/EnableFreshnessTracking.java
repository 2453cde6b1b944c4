package dev.freshness.spring;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Switches on {@link RefreshesDataset} in a Spring application context, on a configuration class:
 *
 * <pre>{@code
 * @Configuration
 * @EnableFreshnessTracking
 * class FreshnessConfig {
 *     @Bean(destroyMethod = "close")
 *     DatasetFreshness freshness(DataSource dataSource) { ... }
 * }
 * }</pre>
 *
 * <p>The context needs exactly one {@link dev.freshness.DatasetFreshness} bean; without one its start fails
 * saying so. At start-up every annotated method is checked against it: each expression parses, each dataset
 * key and job name is valid, and under {@link dev.freshness.track.UndeclaredDatasetPolicy#REJECT} each dataset
 * is declared in the catalog. A bean with annotated methods is wrapped in a proxy after its other
 * post-processing; with {@code @EnableAsync} the asynchronous hand-off stays outermost, so the call is tracked
 * on the thread that runs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(FreshnessTrackingRegistrar.class)
// Spring reads the imported class reflectively; users never name it.
@SuppressWarnings("exports")
public @interface EnableFreshnessTracking {

    /**
     * Whether to proxy the bean's class (CGLIB) rather than its interfaces, as {@code @EnableAsync} offers.
     * By default a bean that implements interfaces gets an interface proxy, so inject it by an interface.
     */
    boolean proxyTargetClass() default false;
}
