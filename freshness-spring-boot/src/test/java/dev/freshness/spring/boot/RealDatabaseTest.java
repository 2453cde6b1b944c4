package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.Dialect;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.report.Severity;
import dev.freshness.spring.RefreshesDataset;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration on real databases, each a database of the test's own: the store on Spring Boot's
 * DataSource, its tables made by the store, by the application's Flyway or by its Liquibase (the store is made
 * after them, or its start would fail on the missing tables), and a job method tracked into it.
 */
class RealDatabaseTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                    LiquibaseAutoConfiguration.class, FreshnessAutoConfiguration.class))
            .withUserConfiguration(Job.class)
            .withPropertyValues(
                    "spring.flyway.enabled=false", "spring.liquibase.enabled=false",
                    "spring.datasource.hikari.maximum-pool-size=4",
                    "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                    "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h");

    @Test
    void postgresqlWithTablesMadeByTheStore() {
        try (TestDatabase database = TestDatabase.create(TestServer.POSTGRESQL)) {
            runner.withPropertyValues("spring.datasource.url=" + database.url(), "freshness.jdbc.initialize-schema=always")
                    .run(context -> trackedAndReported(context, Dialect.POSTGRESQL));
        }
    }

    @Test
    void postgresqlWithTablesMadeByTheApplicationsFlyway() {
        try (TestDatabase database = TestDatabase.create(TestServer.POSTGRESQL)) {
            runner.withPropertyValues("spring.datasource.url=" + database.url(), "freshness.jdbc.initialize-schema=never",
                            "spring.flyway.enabled=true",
                            "spring.flyway.locations=" + Dialect.POSTGRESQL.flywayLocation(),
                            "spring.flyway.placeholders.freshness_prefix=freshness_",
                            "spring.flyway.placeholders.freshness_schema=")
                    .run(context -> trackedAndReported(context, Dialect.POSTGRESQL));
        }
    }

    @Test
    void mariadbWithTablesMadeByTheStore() {
        try (TestDatabase database = TestDatabase.create(TestServer.MARIADB)) {
            runner.withPropertyValues("spring.datasource.url=" + database.url(), "freshness.jdbc.initialize-schema=always")
                    .run(context -> trackedAndReported(context, Dialect.MARIADB));
        }
    }

    @Test
    void h2WithTablesMadeByTheApplicationsLiquibase() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:fr_boot_" + UUID.randomUUID().toString().substring(0, 8),
                        "freshness.jdbc.initialize-schema=never", "spring.liquibase.enabled=true",
                        "spring.liquibase.change-log=classpath:" + Dialect.LIQUIBASE_CHANGELOG)
                .run(context -> trackedAndReported(context, Dialect.H2));
    }

    private static void trackedAndReported(org.springframework.boot.test.context.assertj.AssertableApplicationContext context,
                                           Dialect dialect) {
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(JdbcFreshnessStore.class).dialect()).isEqualTo(dialect);
        assertThat(context.getBean(Job.class).classify("acme")).isEqualTo(List.of("a", "b", "c"));
        DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
        assertThat(freshness.report(Scope.tenant("acme"), "hook_analysis").severity()).isEqualTo(Severity.OK);
        assertThat(freshness.records().status(Scope.tenant("acme"), "ad_classifications").lastSuccess().orElseThrow()
                .recordsAffected()).isEqualTo(3);
        assertThat(freshness.staleScopes("hook_analysis").reports()).isEmpty();
    }

    static class Job {
        @RefreshesDataset(value = "ad_classifications", scope = "#tenant", records = "#result.size()")
        public List<String> classify(String tenant) {
            return List.of("a", "b", "c");
        }
    }
}
