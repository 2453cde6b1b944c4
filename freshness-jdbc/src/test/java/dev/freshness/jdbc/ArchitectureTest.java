package dev.freshness.jdbc;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** The module's packages, what they may use, and what its module descriptor exports. */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(JdbcFreshnessStore.class);
    }

    @Test
    void dependsOnTheJdkTheApiJdbiAndSlf4jOnlyNeverOnADriver() {
        JavaClasses module = ModuleArchitecture.classesOfModule(JdbcFreshnessStore.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "dev.freshness.core",
                        "dev.freshness.spi", "dev.freshness.jdbc..", "org.jdbi.v3.core..", "org.slf4j..")
                .check(module);
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackage() {
        ModuleArchitecture.checkExports(JdbcFreshnessStore.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(JdbcFreshnessStore.class);

        assertThat(descriptor.name()).isEqualTo("dev.freshness.jdbc");
        assertThat(descriptor.opens()).as("no package opened: the DDL scripts are outside every package").isEmpty();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("java.base", "java.sql", "dev.freshness.api", "org.jdbi.v3.core", "org.slf4j");
    }
}
