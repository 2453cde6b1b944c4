package dev.freshness.inmemory;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(InMemoryFreshnessStore.class);
    }

    @Test
    void exportsItsOnePackageAndReadsOnlyTheApi() {
        ModuleArchitecture.checkExports(InMemoryFreshnessStore.class);
        assertThat(ModuleArchitecture.descriptorOf(InMemoryFreshnessStore.class).requires())
                .extracting(requires -> requires.name()).containsExactlyInAnyOrder("java.base", "dev.freshness.api");
    }

    @Test
    void dependsOnNothingButTheJdkAndThePublicApi() {
        JavaClasses module = ModuleArchitecture.classesOfModule(InMemoryFreshnessStore.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.freshness.core",
                        "dev.freshness.spi", "dev.freshness.inmemory..")
                .check(module);
    }
}
