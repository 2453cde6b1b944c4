package dev.freshness.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.freshness.RootFixture;
import dev.freshness.fixture.borrower.UsesInternals;
import dev.freshness.fixture.borrower.UsesRoot;
import dev.freshness.fixture.cyclea.First;
import dev.freshness.fixture.cycleb.Second;
import dev.freshness.fixture.internal.Helper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleArchitectureTest {

    @Test
    void aModuleImportsOnlyItsOwnClasses() {
        JavaClasses testSupport = ModuleArchitecture.classesOfModule(ModuleArchitecture.class);

        assertThat(testSupport.contain(TestDatabase.class)).isTrue();
        assertThat(testSupport.contain(ModuleArchitectureTest.class)).as("the module's tests").isFalse();
        assertThat(testSupport.contain(Test.class)).as("a dependency").isFalse();
    }

    @Test
    void aModuleMayUseItsOwnInternals() {
        JavaClasses module = new ClassFileImporter().importClasses(UsesInternals.class, Helper.class);

        assertThatNoException().isThrownBy(() -> ModuleArchitecture.noUseOfOtherModulesInternals(module).check(module));
    }

    @Test
    void anotherModuleUsingInternalsIsReported() {
        JavaClasses borrower = new ClassFileImporter().importClasses(UsesInternals.class);

        assertThatThrownBy(() -> ModuleArchitecture.noUseOfOtherModulesInternals(borrower).check(borrower))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(UsesInternals.class.getName())
                .hasMessageContaining(Helper.class.getName());
    }

    @Test
    void aCycleBetweenTwoPackagesIsReported() {
        JavaClasses cyclic = new ClassFileImporter().importClasses(First.class, Second.class);

        assertThatThrownBy(() -> ModuleArchitecture.noPackageCycles().check(cyclic))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cyclea")
                .hasMessageContaining("cycleb");
    }

    @Test
    void aCycleThroughTheRootPackageIsReported() {
        JavaClasses cyclic = new ClassFileImporter().importClasses(RootFixture.class, UsesRoot.class, UsesInternals.class);

        assertThatThrownBy(() -> ModuleArchitecture.noPackageCycles().check(cyclic))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.freshness.fixture.borrower")
                .hasMessageContaining(RootFixture.class.getName());
    }

    @Test
    void aJdkClassIsNoModule() {
        assertThatThrownBy(() -> ModuleArchitecture.classesOfModule(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void aModuleWithoutDescriptorIsReported() {
        assertThatThrownBy(() -> ModuleArchitecture.descriptorOf(ModuleArchitecture.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no module-info.class");
    }
}
