package dev.freshness.monitor;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.DatasetFreshness;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's packages, what they may use, and what its descriptor exports: the API, the JDK and SLF4J; the JDBC
 * store's types only in the JDBC part, so that a monitor on the in-memory state runs without freshness-jdbc.
 */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(FreshnessMonitor.class);
    }

    @Test
    void dependsOnTheJdkThePublicApiAndSlf4jOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(FreshnessMonitor.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "javax.crypto..",
                        "dev.freshness", "dev.freshness.core", "dev.freshness.catalog", "dev.freshness.report",
                        "dev.freshness.spi", "dev.freshness.monitor..", "dev.freshness.jdbc", "org.slf4j..")
                .check(module);
    }

    @Test
    void onlyTheJdbcPartUsesTheJdbcStore() {
        noClasses().that().resideOutsideOfPackage("dev.freshness.monitor.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.freshness.jdbc..", "java.sql..", "javax.sql..")
                .check(ModuleArchitecture.classesOfModule(FreshnessMonitor.class));
    }

    @Test
    void theApiNeverSeesTheMonitor() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.freshness.monitor..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackages() {
        ModuleArchitecture.checkExports(FreshnessMonitor.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(FreshnessMonitor.class);

        assertThat(descriptor.name()).isEqualTo("dev.freshness.monitor");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.freshness.monitor", "dev.freshness.monitor.jdbc");
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder(
                "java.base", "dev.freshness.api", "dev.freshness.jdbc", "java.sql", "java.net.http", "org.slf4j");
        assertThat(descriptor.requires()).filteredOn(requires -> requires.name().equals("dev.freshness.jdbc"))
                .allSatisfy(requires -> assertThat(requires.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
    }
}
