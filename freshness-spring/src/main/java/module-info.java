/**
 * Freshness for Spring: {@link dev.freshness.spring.RefreshesDataset} tracks a bean method, switched on by
 * {@link dev.freshness.spring.EnableFreshnessTracking}. Plain Spring AOP proxies, no AspectJ weaver, no Spring
 * Boot. Only {@code dev.freshness.spring} is exported.
 */
// Spring Framework ships no module descriptors; its jars name themselves spring.* (Automatic-Module-Name).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.freshness.spring {
    requires transitive dev.freshness.api;
    // The public annotations carry @Import and @AliasFor.
    requires transitive spring.context;
    requires transitive spring.core;
    requires spring.aop;
    requires spring.beans;
    requires spring.expression;
    requires org.slf4j;

    exports dev.freshness.spring;
    // Spring instantiates the registrar and the post-processor, which are not public API, by reflection.
    opens dev.freshness.spring to spring.beans, spring.core;
    opens dev.freshness.spring.internal to spring.beans, spring.core;
}
