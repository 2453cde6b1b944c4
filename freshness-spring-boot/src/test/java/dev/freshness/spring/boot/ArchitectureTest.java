package dev.freshness.spring.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.DatasetFreshness;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The module's packages, what they may use, and what its module descriptor exports; and Spring stays out of the API. */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(FreshnessAutoConfiguration.class);
    }

    @Test
    void usesThePublicApisOfTheOtherModulesOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(FreshnessAutoConfiguration.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "dev.freshness",
                        "dev.freshness.catalog", "dev.freshness.core", "dev.freshness.report", "dev.freshness.spi",
                        "dev.freshness.track", "dev.freshness.inmemory", "dev.freshness.jdbc", "dev.freshness.spring",
                        "dev.freshness.spring.boot..", "dev.freshness.statuspage", "dev.freshness.monitor",
                        "dev.freshness.monitor.jdbc", "dev.freshness.micrometer", "dev.freshness.openlineage",
                        "io.micrometer.core.instrument", "io.micrometer.observation", "io.openlineage.client",
                        "jakarta.servlet..", "org.springframework..", "org.jspecify..", "org.slf4j..")
                .check(module);
    }

    @Test
    void onlyTheActuatorPackageSeesActuator() {
        noClasses().that().resideInAPackage("dev.freshness.spring.boot")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot.actuate..",
                        "org.springframework.boot.health..")
                .check(ModuleArchitecture.classesOfModule(FreshnessAutoConfiguration.class));
    }

    @Test
    void theApiNeverSeesSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.aopalliance..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackages() {
        ModuleArchitecture.checkExports(FreshnessAutoConfiguration.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(FreshnessAutoConfiguration.class);
        assertThat(descriptor.name()).isEqualTo("dev.freshness.spring.boot");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.freshness.spring.boot", "dev.freshness.spring.boot.actuate");
    }
}
