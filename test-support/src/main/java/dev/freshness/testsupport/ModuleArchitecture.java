package dev.freshness.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every Freshness module follows, checked by each module's own {@code ArchitectureTest}:
 * <ul>
 *   <li>no dependency cycle between any two of its packages, the root package of the module included;</li>
 *   <li>no use of another module's {@code internal} packages;</li>
 *   <li>a published module's {@code module-info} exports exactly its packages that are not {@code internal}.</li>
 * </ul>
 * A module's classes are those loaded from the same place as the class given (its {@code target/classes}
 * directory or its jar), so its tests and its dependencies are never mistaken for it.
 */
public final class ModuleArchitecture {

    /** The packages that only their own module may use. */
    public static final String INTERNAL_PACKAGES = "dev.freshness..internal..";

    private ModuleArchitecture() {
    }

    /** Checks the rules on classes against the module that {@code anyClassOfTheModule} belongs to. */
    public static void checkClassesOf(Class<?> anyClassOfTheModule) {
        JavaClasses module = classesOfModule(anyClassOfTheModule);
        noUseOfOtherModulesInternals(module).check(module);
        noPackageCycles().check(module);
    }

    /** The production classes of the module that {@code anyClassOfTheModule} belongs to. */
    public static JavaClasses classesOfModule(Class<?> anyClassOfTheModule) {
        return new ClassFileImporter().importLocations(Set.of(Location.of(locationOf(anyClassOfTheModule))));
    }

    /** No class of {@code module} depends on an {@code internal} package of another module. */
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

    /** No cycle between any two packages under {@code dev.freshness}, each package (the root ones too) a slice. */
    public static ArchRule noPackageCycles() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals("dev.freshness") || name.startsWith("dev.freshness.")
                        ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "every package under dev.freshness, and dev.freshness itself";
            }
        }).should().beFreeOfCycles().as("no two packages of the module depend on each other, the root package included")
                .allowEmptyShould(true);
    }

    /**
     * The module descriptor of the module that {@code anyClassOfTheModule} belongs to, read from its compiled
     * {@code module-info.class}.
     *
     * @throws AssertionError when the module has none
     */
    public static ModuleDescriptor descriptorOf(Class<?> anyClassOfTheModule) {
        Path location = Path.of(locationOf(anyClassOfTheModule));
        try {
            if (Files.isDirectory(location)) {
                Path descriptor = location.resolve("module-info.class");
                if (!Files.exists(descriptor)) {
                    throw new AssertionError("no module-info.class in " + location);
                }
                try (InputStream in = Files.newInputStream(descriptor)) {
                    return ModuleDescriptor.read(in);
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                var entry = jar.getJarEntry("module-info.class");
                if (entry == null) {
                    throw new AssertionError("no module-info.class in " + location);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return ModuleDescriptor.read(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The module descriptor exports exactly the module's packages that are not {@code internal} and hold a public
     * type, to everyone.
     */
    public static void checkExports(Class<?> anyClassOfTheModule) {
        ModuleDescriptor descriptor = descriptorOf(anyClassOfTheModule);
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports exports : descriptor.exports()) {
            if (exports.isQualified()) {
                throw new AssertionError(descriptor.name() + " exports " + exports.source() + " to " + exports.targets()
                        + " only; a package is public or internal");
            }
            exported.add(exports.source());
        }
        Set<String> publicPackages = classesOfModule(anyClassOfTheModule).stream()
                .filter(javaClass -> javaClass.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC))
                .filter(javaClass -> !javaClass.getSimpleName().equals("module-info") && !javaClass.getSimpleName().equals("package-info"))
                .map(JavaClass::getPackageName)
                .filter(name -> !name.contains(".internal"))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!exported.equals(publicPackages)) {
            throw new AssertionError(descriptor.name() + " exports " + exported + " but its public packages are "
                    + publicPackages);
        }
    }

    private static URI locationOf(Class<?> anyClassOfTheModule) {
        Objects.requireNonNull(anyClassOfTheModule, "anyClassOfTheModule must not be null");
        CodeSource source = anyClassOfTheModule.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null) {
            throw new IllegalArgumentException(anyClassOfTheModule.getName()
                    + " has no code source; pass a class of the module under test, not a JDK class");
        }
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("cannot read the location " + url, e);
        }
    }
}
