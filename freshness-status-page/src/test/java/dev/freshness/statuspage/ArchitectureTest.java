package dev.freshness.statuspage;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.DatasetFreshness;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The module's packages, what they may use (the API, the JDK and its HTTP server, SLF4J), and what it exports. */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(StatusPageHandler.class);
    }

    @Test
    void dependsOnThePublicApiTheJdkItsHttpServerAndSlf4jOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(StatusPageHandler.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.sun.net.httpserver..",
                        "dev.freshness", "dev.freshness.catalog", "dev.freshness.core", "dev.freshness.report",
                        "dev.freshness.spi", "dev.freshness.statuspage..", "org.slf4j..")
                .check(module);
    }

    @Test
    void theApiNeverSeesTheStatusPage() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.freshness.statuspage..", "com.sun.net.httpserver..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackage() {
        ModuleArchitecture.checkExports(StatusPageHandler.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(StatusPageHandler.class);

        assertThat(descriptor.name()).isEqualTo("dev.freshness.statuspage");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.freshness.statuspage");
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder(
                "java.base", "dev.freshness.api", "jdk.httpserver", "org.slf4j");
    }
}
