package dev.freshness.cron;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.freshness.DatasetFreshness;
import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's packages, what they may use, and what its module descriptor exports: it depends on the public API
 * and cron-utils only, and the API never sees cron-utils.
 */
class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ModuleArchitecture.checkClassesOf(CronSchedule.class);
    }

    @Test
    void dependsOnTheJdkThePublicApiAndCronUtilsOnly() {
        JavaClasses module = ModuleArchitecture.classesOfModule(CronSchedule.class);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.freshness.catalog",
                        "dev.freshness.report", "dev.freshness.cron..", "com.cronutils..")
                .check(module);
    }

    @Test
    void theApiNeverSeesCronUtils() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.cronutils..", "dev.freshness.cron..")
                .check(ModuleArchitecture.classesOfModule(DatasetFreshness.class));
    }

    @Test
    void theModuleDescriptorExportsExactlyThePublicPackageAndProvidesTheScheduleReader() {
        ModuleArchitecture.checkExports(CronSchedule.class);
        ModuleDescriptor descriptor = ModuleArchitecture.descriptorOf(CronSchedule.class);

        assertThat(descriptor.name()).isEqualTo("dev.freshness.cron");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.freshness.cron");
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder(
                "java.base", "dev.freshness.api", "com.cronutils");
        assertThat(descriptor.provides()).extracting(ModuleDescriptor.Provides::service)
                .containsExactly("dev.freshness.catalog.ScheduleProvider");
    }
}
