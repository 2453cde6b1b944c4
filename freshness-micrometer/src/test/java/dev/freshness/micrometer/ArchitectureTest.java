package dev.freshness.micrometer;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.DatasetFreshness;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's packages, what they may use, and what its module descriptor exports: it depends on the public API
 * and Micrometer only, and the API never sees Micrometer.
 */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(FreshnessMetrics.class);
    }

    @Test
    void dependsOnTheJdkThePublicApiMicrometerAndSlf4jOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(FreshnessMetrics.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.freshness",
                        "dev.freshness.catalog", "dev.freshness.core", "dev.freshness.report", "dev.freshness.spi",
                        "dev.freshness.track", "dev.freshness.micrometer..", "io.micrometer..", "org.slf4j..")
                .check(module);
    }

    @Test
    void theApiNeverSeesMicrometer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.micrometer..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackage() {
        ModuleArchitecture.checkExports(FreshnessMetrics.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(FreshnessMetrics.class);

        assertThat(descriptor.name()).isEqualTo("dev.freshness.micrometer");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.freshness.micrometer");
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder(
                "java.base", "dev.freshness.api", "micrometer.core", "micrometer.observation", "micrometer.commons",
                "org.slf4j");
    }
}
