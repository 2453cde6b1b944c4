package dev.freshness.spring;

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
        ModuleArchitecture.checkClassesOf(RefreshesDataset.class);
    }

    @Test
    void dependsOnTheJdkThePublicApiSpringAndSlf4jOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(RefreshesDataset.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.freshness",
                        "dev.freshness.core", "dev.freshness.track", "dev.freshness.spring..", "org.springframework..",
                        "org.aopalliance..", "org.slf4j..")
                .check(module);
    }

    @Test
    void theApiNeverSeesSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.aopalliance..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackage() {
        ModuleArchitecture.checkExports(RefreshesDataset.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(RefreshesDataset.class);

        assertThat(descriptor.name()).isEqualTo("dev.freshness.spring");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.freshness.spring");
        assertThat(descriptor.opens()).as("only to Spring, which instantiates the registrar and the post-processor")
                .hasSize(2).allSatisfy(opens -> assertThat(opens.targets())
                        .containsExactlyInAnyOrder("spring.beans", "spring.core"));
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder(
                "java.base", "dev.freshness.api", "spring.context", "spring.core", "spring.aop", "spring.beans",
                "spring.expression", "org.slf4j");
    }
}
