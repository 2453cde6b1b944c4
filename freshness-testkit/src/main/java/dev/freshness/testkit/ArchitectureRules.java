package dev.freshness.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;

import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every Freshness module follows, for a module's own tests to check with ArchUnit:
 * <ul>
 *   <li>a module uses no other module's {@code internal} packages: {@code dev.freshness.internal} belongs to
 *       the API module, {@code dev.freshness.jdbc.internal} to the JDBC module, and so on;</li>
 *   <li>the module's packages below {@code dev.freshness} have no dependency cycles.</li>
 * </ul>
 *
 * <pre>{@code
 * class ArchitectureTest {
 *     @Test
 *     void followsTheArchitectureRules() {
 *         ArchitectureRules.checkModuleOf(InMemoryFreshnessStore.class);
 *     }
 * }
 * }</pre>
 *
 * <p>A module's classes are those loaded from the same place as the class given (its {@code target/classes}
 * directory or its jar), so its tests and its dependencies are never mistaken for it.
 */
public final class ArchitectureRules {

    /** The packages that only their own module may use. */
    public static final String INTERNAL_PACKAGES = "dev.freshness..internal..";

    /** The packages checked for cycles: each direct sub-package of {@code dev.freshness}, with everything below it. */
    public static final String CYCLE_SLICES = "dev.freshness.(*)..";

    private ArchitectureRules() {
    }

    /**
     * Checks every rule against the module that {@code anyClassOfTheModule} belongs to.
     *
     * @param anyClassOfTheModule a production class of the module to check
     * @throws AssertionError listing every violation
     */
    public static void checkModuleOf(Class<?> anyClassOfTheModule) {
        JavaClasses module = classesOfModule(anyClassOfTheModule);
        noUseOfOtherModulesInternals(module).check(module);
        noPackageCycles().check(module);
    }

    /**
     * The production classes of the module that {@code anyClassOfTheModule} belongs to: every class found where
     * that class was loaded from.
     *
     * @param anyClassOfTheModule a production class of the module
     * @return the module's classes, without its tests and its dependencies
     * @throws IllegalArgumentException if the class was not loaded from a directory or jar (a JDK class)
     */
    public static JavaClasses classesOfModule(Class<?> anyClassOfTheModule) {
        Objects.requireNonNull(anyClassOfTheModule, "anyClassOfTheModule must not be null");
        CodeSource source = anyClassOfTheModule.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalArgumentException(anyClassOfTheModule.getName()
                    + " has no code source; pass a class of the module under test, not a JDK class");
        }
        return new ClassFileImporter().importLocations(Set.of(Location.of(source.getLocation())));
    }

    /**
     * No class of {@code module} depends on an {@code internal} package ({@value #INTERNAL_PACKAGES}) that is
     * not part of {@code module} itself.
     *
     * @param module the classes of the module, as {@link #classesOfModule} imports them
     * @return the rule, to {@linkplain ArchRule#check check} against {@code module}
     */
    public static ArchRule noUseOfOtherModulesInternals(JavaClasses module) {
        Objects.requireNonNull(module, "module must not be null");
        DescribedPredicate<JavaClass> ofAnotherModule = DescribedPredicate.describe("belong to another module",
                // An array of a module's own type (an enum's values(), say) belongs to the module too.
                javaClass -> !module.contain(javaClass.getBaseComponentType().getName()));
        return noClasses()
                .should().dependOnClassesThat(resideInAPackage(INTERNAL_PACKAGES).and(ofAnotherModule))
                .as("no class uses another module's internal packages (" + INTERNAL_PACKAGES + ")")
                .allowEmptyShould(true);
    }

    /**
     * The slices {@value #CYCLE_SLICES} of the classes checked are free of dependency cycles.
     *
     * @return the rule, to {@linkplain ArchRule#check check} against a module's classes
     */
    public static ArchRule noPackageCycles() {
        return slices().matching(CYCLE_SLICES).should().beFreeOfCycles()
                .as("the packages below dev.freshness have no dependency cycles")
                .allowEmptyShould(true);
    }
}
