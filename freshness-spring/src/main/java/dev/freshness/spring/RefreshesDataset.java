package dev.freshness.spring;

import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that a bean method refreshes one or more datasets, so that each call is tracked exactly as
 * {@code freshness.track(scope, dataset).call(...)} tracks it: the start before the call, the success (with the
 * records affected) or the failure after it.
 *
 * <pre>{@code
 * @RefreshesDataset(value = "scorecard", scope = "#brandId", records = "#result.size()")
 * public List<Score> analyse(String brandId) { ... }
 *
 * @Scheduled(cron = "0 0 * * * *")
 * @RefreshesDataset(value = {"meta_ads_performance", "ad_thumbnails"}, job = "meta_sync")
 * public void syncAllBrands() { ... }          // the global scope
 * }</pre>
 *
 * <p><b>The outcome is the method's own.</b> The method's value is returned and its exception thrown as
 * themselves, checked exceptions and errors included. A method declared to return a {@link
 * java.util.concurrent.CompletionStage} or {@link java.util.concurrent.CompletableFuture} is recorded when its
 * stage completes, as {@link dev.freshness.track.TrackedCall#callAsync} does; the caller gets a future that
 * completes after the outcome is recorded, with the stage's own value or exception. With several datasets each
 * one records its own start and outcome, all under one run id.
 *
 * <p><b>Expressions</b> are SpEL, parsed once when the bean is created: a bad one fails the start of the
 * application context, naming the method and the expression. Arguments are {@code #name} (compile with
 * {@code -parameters}, as Spring Boot's build plugins do) or {@code #p0}, {@code #a0}; beans are
 * {@code @beanName}. An expression that fails when the method is called (a null on the way, say) is logged at
 * WARN and the method runs untracked: tracking never stops a job.
 *
 * <p><b>Proxies.</b> Calls go through a Spring AOP proxy of the bean, as with {@code @Transactional} or
 * {@code @Async}: a call from the bean to one of its own methods ({@code this.refresh()}) does not pass through
 * the proxy and is not tracked. Call the method from another bean, or track the inner call with
 * {@link dev.freshness.DatasetFreshness#track}. The method must be one a proxy can override: not private, not
 * final, not static. With {@code @Async}, the call is tracked on the thread that runs it.
 *
 * <p>Switched on by {@link EnableFreshnessTracking}. The annotation is inherited from interface and superclass
 * methods, and may be used as a meta-annotation.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RefreshesDataset {

    /** The datasets the method refreshes, one key or several; an alias for {@link #dataset}. */
    @AliasFor("dataset")
    String[] value() default {};

    /** The datasets the method refreshes, one key or several; an alias for {@link #value}. */
    @AliasFor("value")
    String[] dataset() default {};

    /**
     * Whose data the method refreshes: SpEL over the arguments ({@code "#brandId"}) giving a tenant id
     * ({@code String}), a {@link dev.freshness.core.Scope}, or an {@link java.util.Optional} of either. A null,
     * empty or blank result is the guard: the method runs untracked (debug log), as with
     * {@link dev.freshness.DatasetFreshness#track(java.util.Optional, String)}. Left empty: the
     * {@linkplain dev.freshness.core.Scope#global() global} scope.
     */
    String scope() default "";

    /**
     * The records affected: SpEL over the result, {@code #result} ({@code "#result.size()"}); for a stage, its
     * value. A result that is not a whole number of 0 or more is logged at WARN and 0 recorded. Left empty: 0.
     */
    String records() default "";

    /** The job name recorded with each start (letters, digits, {@code _ . -}). Left empty: none. */
    String job() default "";

    /**
     * The run id: SpEL over the arguments giving a {@code String} or a {@link dev.freshness.core.RunId} (the
     * scheduler's own id, say). Left empty or giving null: a generated one.
     */
    String runId() default "";

    /**
     * When to track: SpEL over the arguments giving a boolean. False runs the method untracked (debug log), as
     * {@link dev.freshness.track.TrackedCall#onlyIf} does. Left empty: always.
     */
    String condition() default "";
}
