package dev.freshness;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.Slices;
import dev.freshness.archfixture.CycleFixtureLeaf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API module's architecture. Its rules are written here, with ArchUnit, because the testkit's
 * {@code ArchitectureRules} depend on this module (a test dependency on the testkit would be a cycle).
 *
 * <ul>
 *   <li>it depends on the JDK and SLF4J only, so that it can be embedded anywhere;</li>
 *   <li>no two of its packages, the root package {@code dev.freshness} included, depend on each other in a
 *       cycle;</li>
 *   <li>the packages below the root never depend on the root, where the entry point lives;</li>
 *   <li>{@code module-info} exports exactly the packages with public types that are not {@code internal};</li>
 *   <li>the wrapper's public package is interfaces and values; its logic stays in the internal package.</li>
 * </ul>
 */
class ApiArchitectureTest {

    private static final String ROOT = "dev.freshness";

    /** Each package of the module is its own slice, the root package too. */
    private static final SliceAssignment EVERY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals(ROOT) || name.startsWith(ROOT + ".") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package of " + ROOT + ", the root package included";
        }
    };

    private static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(EVERY_PACKAGE).should().beFreeOfCycles();

    private static JavaClasses api;

    @BeforeAll
    static void importTheApi() {
        api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
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
    void noTwoPackagesDependOnEachOtherInACycleTheRootPackageIncluded() {
        NO_PACKAGE_CYCLES.check(api);
    }

    @Test
    void theCycleRuleGivesEveryPackageItsOwnSliceTheRootPackageIncluded() {
        Set<String> slicedPackages = StreamSupport.stream(Slices.assignedFrom(EVERY_PACKAGE).transform(api).spliterator(), false)
                .map(slice -> slice.iterator().next().getPackageName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(slicedPackages).contains(ROOT, ROOT + ".track", ROOT + ".track.internal", ROOT + ".report.internal")
                .isEqualTo(packagesOf(api));
    }

    @Test
    void theCycleRuleSeesACycleThroughTheRootPackage() {
        JavaClasses cycle = new ClassFileImporter().importClasses(CycleFixtureRoot.class, CycleFixtureLeaf.class);

        assertThat(NO_PACKAGE_CYCLES.evaluate(cycle).hasViolation()).isTrue();
    }

    @Test
    void thePackagesBelowTheRootNeverDependOnTheRoot() {
        noClasses().that().resideInAnyPackage("dev.freshness.core..", "dev.freshness.catalog..", "dev.freshness.spi..",
                        "dev.freshness.report..", "dev.freshness.track..", "dev.freshness.internal..")
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .check(api);
    }

    @Test
    void theModuleExportsExactlyThePackagesWithPublicTypesThatAreNotInternal() throws Exception {
        Path classesDirectory = Path.of(DatasetFreshness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classesDirectory.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> publicPackages = api.stream()
                .filter(JavaClass::isTopLevelClass)
                .filter(javaClass -> javaClass.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> notInternal = publicPackages.stream().filter(name -> !isInternal(name))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(module.name()).isEqualTo("dev.freshness.api");
        assertThat(module.exports()).allSatisfy(export -> assertThat(export.isQualified())
                .as("export of %s is qualified", export.source()).isFalse());
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).isEqualTo(notInternal)
                .doesNotContain(ROOT + ".internal", ROOT + ".report.internal", ROOT + ".track.internal");
        assertThat(publicPackages).as("the internal packages have public types, which must stay unexported")
                .contains(ROOT + ".internal", ROOT + ".report.internal", ROOT + ".track.internal");
        assertThat(module.opens()).isEmpty();
        assertThat(module.requires().stream().map(ModuleDescriptor.Requires::name))
                .containsExactlyInAnyOrder("java.base", "org.slf4j");
    }

    @Test
    void thePublicTrackPackageNeverReachesIntoInternal() {
        noClasses().that().resideInAPackage("dev.freshness.track")
                .should().dependOnClassesThat().resideInAPackage("dev.freshness.track.internal")
                .check(api);
    }

    @Test
    void theWrappersImplementationIsNotPublic() {
        classes().that().resideInAPackage("dev.freshness.track.internal")
                .and().haveSimpleNameStartingWith("Default")
                .should().notBePublic()
                .check(api);
    }

    private static boolean isInternal(String packageName) {
        return (packageName + ".").contains(".internal.");
    }

    private static Set<String> packagesOf(JavaClasses classes) {
        return classes.stream().map(JavaClass::getPackageName).filter(name -> name.equals(ROOT) || name.startsWith(ROOT + "."))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
