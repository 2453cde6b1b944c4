package dev.freshness.openlineage;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.DatasetFreshness;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module's packages and what they may use: the public API, openlineage-java and SLF4J only, and the API never
 * sees OpenLineage. It has no module descriptor (openlineage-java names no module to require), so the exports
 * rule of the other published modules does not apply; its jar names itself dev.freshness.openlineage.
 */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(FreshnessLineage.class);
    }

    @Test
    void dependsOnTheJdkThePublicApiOpenLineageAndSlf4jOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(FreshnessLineage.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.freshness.core",
                        "dev.freshness.track", "dev.freshness.openlineage..", "io.openlineage.client..", "org.slf4j..")
                .check(module);
    }

    @Test
    void theApiNeverSeesOpenLineage() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.openlineage..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }
}
