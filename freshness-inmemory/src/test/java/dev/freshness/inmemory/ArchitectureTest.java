package dev.freshness.inmemory;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ArchitectureRules.checkModuleOf(InMemoryFreshnessStore.class);
    }

    @Test
    void dependsOnNothingButTheJdkAndTheApi() {
        JavaClasses module = ArchitectureRules.classesOfModule(InMemoryFreshnessStore.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.freshness", "dev.freshness.spi",
                        "dev.freshness.inmemory..")
                .check(module);
    }
}
