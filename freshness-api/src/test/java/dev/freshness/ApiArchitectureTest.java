package dev.freshness;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The API module depends on the JDK and SLF4J only, so that it can be embedded anywhere. Its own architecture
 * rules are written here, because the testkit's {@code ArchitectureRules} depend on this module.
 */
class ApiArchitectureTest {

    private static JavaClasses api;

    @BeforeAll
    static void importTheApi() {
        api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.freshness");
    }

    @Test
    void dependsOnlyOnTheJdkSlf4jAndItself() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", "dev.freshness..")
                .check(api);
    }

    @Test
    void usesNoDatabaseApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..")
                .check(api);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.freshness.(*)..").should().beFreeOfCycles().check(api);
    }

    @Test
    void theSpiDependsOnNoEntryPoint() {
        noClasses().that().resideInAPackage("dev.freshness.spi..")
                .should().dependOnClassesThat().haveSimpleName("DatasetFreshness")
                .check(api);
    }
}
