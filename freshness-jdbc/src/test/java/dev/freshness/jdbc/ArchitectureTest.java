package dev.freshness.jdbc;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ArchitectureRules.checkModuleOf(JdbcFreshnessStore.class);
    }

    @Test
    void dependsOnTheJdkTheApiJdbiAndSlf4jOnlyNeverOnADriver() {
        JavaClasses module = ArchitectureRules.classesOfModule(JdbcFreshnessStore.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "dev.freshness",
                        "dev.freshness.spi", "dev.freshness.jdbc..", "org.jdbi.v3.core..", "org.slf4j..")
                .check(module);
    }
}
