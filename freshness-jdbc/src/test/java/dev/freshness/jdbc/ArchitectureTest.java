package dev.freshness.jdbc;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The module's packages, what they may use, and what its module descriptor exports. */
class ArchitectureTest {

    private static final String MODULE_PACKAGE = "dev.freshness.jdbc";

    private static JavaClasses module;

    @BeforeAll
    static void importTheModule() {
        module = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(MODULE_PACKAGE);
        assertThat(module).as("the module's classes").isNotEmpty();
    }

    /** Each package is a slice of its own, the root package dev.freshness.jdbc included. */
    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(MODULE_PACKAGE) || name.startsWith(MODULE_PACKAGE + ".")
                        ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "every package of " + MODULE_PACKAGE + ", the root package included";
            }
        }).should().beFreeOfCycles().check(module);
    }

    @Test
    void usesNoInternalPackageOfAnotherModule() {
        noClasses().should().dependOnClassesThat(resideInAPackage("..internal..")
                        .and(resideOutsideOfPackage(MODULE_PACKAGE + "..")))
                .check(module);
    }

    @Test
    void dependsOnTheJdkTheApiJdbiAndSlf4jOnlyNeverOnADriver() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "dev.freshness.core",
                        "dev.freshness.spi", MODULE_PACKAGE + "..", "org.jdbi.v3.core..", "org.slf4j..")
                .check(module);
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackage() throws IOException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(Path.of("target", "classes", "module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }

        assertThat(descriptor.name()).isEqualTo("dev.freshness.jdbc");
        assertThat(descriptor.exports()).singleElement().satisfies(exports -> {
            assertThat(exports.source()).isEqualTo(MODULE_PACKAGE);
            assertThat(exports.isQualified()).as("exported to everyone").isFalse();
        });
        assertThat(descriptor.opens()).as("no package opened: the DDL scripts are outside every package").isEmpty();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("java.base", "java.sql", "dev.freshness.api", "org.jdbi.v3.core", "org.slf4j");
    }
}
