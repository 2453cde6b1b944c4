package dev.freshness;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API module's architecture: the rules every module follows ({@link ModuleArchitecture}), and its own:
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



    private static JavaClasses api;

    @BeforeAll
    static void importTheApi() {
        api = ModuleArchitecture.classesOfModule(DatasetFreshness.class);
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
    void followsTheArchitectureRulesOfEveryModule() {
        ModuleArchitecture.checkClassesOf(DatasetFreshness.class);
    }

    @Test
    void thePackagesBelowTheRootNeverDependOnTheRoot() {
        noClasses().that().resideInAnyPackage("dev.freshness.core..", "dev.freshness.catalog..", "dev.freshness.spi..",
                        "dev.freshness.report..", "dev.freshness.rhythm..", "dev.freshness.track..",
                        "dev.freshness.internal..")
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .check(api);
    }

    @Test
    void theModuleExportsExactlyThePackagesWithPublicTypesThatAreNotInternal() {
        ModuleArchitecture.checkExports(DatasetFreshness.class);
        ModuleDescriptor module = ModuleArchitecture.descriptorOf(DatasetFreshness.class);

        assertThat(module.name()).isEqualTo("dev.freshness.api");
        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .doesNotContain(ROOT + ".internal", ROOT + ".report.internal", ROOT + ".rhythm.internal",
                        ROOT + ".track.internal");
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


}
