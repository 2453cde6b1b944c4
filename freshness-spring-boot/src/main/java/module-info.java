/**
 * Freshness for Spring Boot 4: the auto-configuration ({@code dev.freshness.spring.boot}) and the Actuator
 * health contributor and endpoint ({@code dev.freshness.spring.boot.actuate}). The JDBC store, the JDBC part of
 * Spring Boot, Actuator, the status page (with the servlet API), the monitor, Micrometer and OpenLineage are
 * optional: each part is switched on by its presence.
 */
// Spring Boot ships no module descriptors; its jars name themselves spring.boot.* (Automatic-Module-Name).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.freshness.spring.boot {
    requires transitive dev.freshness.api;
    requires transitive dev.freshness.spring;
    requires dev.freshness.inmemory;
    requires static dev.freshness.jdbc;
    requires static dev.freshness.statuspage;
    requires static dev.freshness.monitor;
    requires static dev.freshness.micrometer;
    requires static micrometer.core;
    requires static micrometer.observation;
    // An automatic module. openlineage-java, which names no module, is not required by name (a name taken from a
    // jar's file name must not be published): on the module path, reading this automatic module reads it too.
    requires static dev.freshness.openlineage;
    requires static jakarta.servlet;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires static spring.boot.jdbc;
    requires static spring.boot.sql;
    // The actuate package's public types carry Actuator's types and annotations.
    requires static transitive spring.boot.health;
    requires static transitive spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static transitive org.jspecify;
    requires static java.sql;
    requires org.slf4j;

    exports dev.freshness.spring.boot;
    exports dev.freshness.spring.boot.actuate;
    // Spring binds the properties and instantiates the configurations by reflection.
    opens dev.freshness.spring.boot to spring.beans, spring.core, spring.context, spring.boot;
    opens dev.freshness.spring.boot.actuate to spring.beans, spring.core, spring.context, spring.boot.actuator;
}
