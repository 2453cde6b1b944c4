package dev.freshness.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.freshness.borrower.UsesApiInternals;
import dev.freshness.cyclea.First;
import dev.freshness.cycleb.Second;
import dev.freshness.internal.Checks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureRulesTest {

    @Test
    void theTestkitFollowsTheRules() {
        assertThatNoException().isThrownBy(() -> ArchitectureRules.checkModuleOf(ArchitectureRules.class));
    }

    @Test
    void aModuleImportsOnlyItsOwnClasses() {
        JavaClasses testkit = ArchitectureRules.classesOfModule(ArchitectureRules.class);

        assertThat(testkit.contain(FreshnessStoreContract.class)).isTrue();
        assertThat(testkit.contain(ArchitectureRulesTest.class)).as("the module's tests").isFalse();
        assertThat(testkit.contain(Checks.class)).as("a dependency").isFalse();
    }

    @Test
    void theApiModuleMayUseItsOwnInternals() {
        JavaClasses api = ArchitectureRules.classesOfModule(Checks.class);

        assertThatNoException().isThrownBy(() -> ArchitectureRules.noUseOfOtherModulesInternals(api).check(api));
    }

    @Test
    void anotherModuleUsingTheApisInternalsIsReported() {
        JavaClasses borrower = new ClassFileImporter().importClasses(UsesApiInternals.class);

        assertThatThrownBy(() -> ArchitectureRules.noUseOfOtherModulesInternals(borrower).check(borrower))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(UsesApiInternals.class.getName())
                .hasMessageContaining(Checks.class.getName());
    }

    @Test
    void aPackageCycleIsReported() {
        JavaClasses cyclic = new ClassFileImporter().importClasses(First.class, Second.class);

        assertThatThrownBy(() -> ArchitectureRules.noPackageCycles().check(cyclic))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cyclea")
                .hasMessageContaining("cycleb");
    }

    @Test
    void aJdkClassIsNoModule() {
        assertThatThrownBy(() -> ArchitectureRules.classesOfModule(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }
}
