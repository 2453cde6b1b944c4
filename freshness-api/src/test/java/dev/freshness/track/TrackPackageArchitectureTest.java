package dev.freshness.track;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The wrapper's public package is interfaces and values only; its logic stays in the internal package. */
class TrackPackageArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.freshness");

    @Test
    void thePublicTrackPackageNeverReachesIntoInternal() {
        noClasses().that().resideInAPackage("dev.freshness.track")
                .should().dependOnClassesThat().resideInAPackage("dev.freshness.track.internal")
                .check(classes);
    }

    @Test
    void theWrappersImplementationIsNotPublic() {
        classes().that().resideInAPackage("dev.freshness.track.internal")
                .and().haveSimpleNameStartingWith("Default")
                .should().notBePublic()
                .check(classes);
    }
}
