package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.Dialect;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.report.AgeVerdict;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spring.RefreshesDataset;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of {@link FreshnessAutoConfiguration}, in application contexts as Spring Boot makes them. */
class FreshnessAutoConfigurationTest {

    static final Instant NOW = Instant.parse("2026-03-09T09:00:00Z");

    /** The auto-configuration alone: no DataSource, no store of the application's. */
    private final ApplicationContextRunner bare = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class))
            .withPropertyValues(
                    "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.producers.ad_classification=ad_classifications",
                    "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                    "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h");

    /** With a store of the application's, so that no test but the one about it meets the in-memory warning. */
    private final ApplicationContextRunner runner = bare.withBean("testStore", FreshnessStore.class,
            InMemoryFreshnessStore::new);

    /** With Spring Boot's DataSource on an H2 database in memory of the test's own. */
    private final ApplicationContextRunner withH2 = bare
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:fr_boot_" + UUID.randomUUID().toString().substring(0, 8)
                    + ";DB_CLOSE_DELAY=-1");

    @Test
    void withADataSourceTheStoreIsJdbcOnItAndMakesItsTablesOnAnEmbeddedDatabase() {
        withH2.run(context -> {
            assertThat(context).hasNotFailed();
            JdbcFreshnessStore store = context.getBean(JdbcFreshnessStore.class);
            assertThat(store.dialect()).isEqualTo(Dialect.H2);
            assertThat(store.tablePrefix()).isEqualTo(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX);

            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            freshness.track(Scope.tenant("acme"), "ad_classifications").call(() -> List.of(1, 2, 3));
            assertThat(freshness.report(Scope.tenant("acme"), "hook_analysis").isFresh()).isTrue();
            assertThat(context).doesNotHaveBean(InMemoryFreshnessStore.class);
        });
    }

    @Test
    void jdbcPropertiesReachTheStore() {
        withH2.withPropertyValues("freshness.jdbc.table-prefix=ops_", "freshness.jdbc.schema=PUBLIC",
                        "freshness.jdbc.db-time=true", "freshness.jdbc.statement-timeout=7s")
                .run(context -> {
                    JdbcFreshnessStore store = context.getBean(JdbcFreshnessStore.class);
                    assertThat(store.tablePrefix()).isEqualTo("ops_");
                    assertThat(store.schema()).contains("PUBLIC");
                    assertThat(store.usesDatabaseTime()).isTrue();
                    assertThat(store.statementTimeout()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void initializeSchemaNeverLeavesTheTablesToTheApplicationAndTheStartSaysWhatIsMissing() {
        withH2.withPropertyValues("freshness.jdbc.initialize-schema=never").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("freshness_status")
                    .hasMessageContaining("missing");
        });
    }

    @Test
    void initializeSchemaEmbeddedDoesNotTouchADatabaseThatIsNotEmbeddedButAlwaysDoes() throws Exception {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("fr_boot_");
        try {
            ApplicationContextRunner file = bare.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=jdbc:h2:file:" + directory.resolve("db"));
            file.run(context -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("missing"));
            file.withPropertyValues("freshness.jdbc.initialize-schema=always")
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JdbcFreshnessStore.class));
        } finally {
            try (var paths = java.nio.file.Files.walk(directory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void withoutADataSourceTheStoreIsInMemoryWithOneWarning() {
        try (CapturedLog log = CapturedLog.of(FreshnessAutoConfiguration.class.getName())) {
            bare.run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(InMemoryFreshnessStore.class)
                        .hasSingleBean(DatasetFreshness.class);
                assertThat(context).doesNotHaveBean(JdbcFreshnessStore.class);
            });
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("in memory", "nothing is kept", "the application has no DataSource bean");
        }
    }

    @Test
    void withoutFreshnessJdbcTheWarningSaysWhatToAdd() {
        try (CapturedLog log = CapturedLog.of(FreshnessAutoConfiguration.class.getName())) {
            withH2.withClassLoader(new FilteredClassLoader(JdbcFreshnessStore.class)).run(context ->
                    assertThat(context).hasNotFailed().hasSingleBean(InMemoryFreshnessStore.class));
            assertThat(log.messages(Level.WARN)).as(log.messages(Level.WARN).toString()).singleElement().asString()
                    .contains("freshness-jdbc is not on the class path");
        }
    }

    @Test
    void twoDataSourcesWithNoPrimaryFallBackToMemorySayingWhy() {
        try (CapturedLog log = CapturedLog.of(FreshnessAutoConfiguration.class.getName())) {
            bare.withBean("one", DataSource.class, () -> h2("one"))
                    .withBean("two", DataSource.class, () -> h2("two"))
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(InMemoryFreshnessStore.class));
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("2 DataSource beans and none of them is primary");
        }
    }

    @Test
    void disabledLeavesEverythingOut() {
        withH2.withPropertyValues("freshness.enabled=false").withUserConfiguration(Jobs.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(DatasetFreshness.class).doesNotHaveBean(FreshnessStore.class)
                    .doesNotHaveBean(Catalog.class).doesNotHaveBean(FreshnessProperties.class)
                    .doesNotHaveBean(FreshnessRecords.class);
            assertThat(context.getBean(Jobs.class).getClass()).as("not proxied").isEqualTo(Jobs.class);
        });
    }

    @Test
    void theApplicationsOwnStoreWins() {
        InMemoryFreshnessStore own = new InMemoryFreshnessStore();
        withH2.withBean("myStore", FreshnessStore.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdbcFreshnessStore.class);
            assertThat(context.getBean(FreshnessStore.class)).isSameAs(own);
            context.getBean(DatasetFreshness.class).track(Scope.global(), "ad_classifications").run(() -> {
            });
            assertThat(own.status(Scope.global(), DatasetKey.of("ad_classifications"))).isPresent();
        });
    }

    @Test
    void theApplicationsOwnCatalogWins() {
        Catalog own = Catalog.builder().dataset("scorecard", "Scorecard").build();
        runner.withBean(Catalog.class, () -> own).run(context -> {
            assertThat(context.getBean(Catalog.class)).isSameAs(own);
            assertThat(context.getBean(DatasetFreshness.class).catalog()).isSameAs(own);
        });
    }

    @Test
    void theApplicationsClockRedactorAndListenersAreUsed() {
        SettableClock clock = SettableClock.at(NOW);
        List<RunEvent> heardByFirst = new CopyOnWriteArrayList<>();
        List<RunEvent> heardBySecond = new CopyOnWriteArrayList<>();
        runner.withBean(Clock.class, () -> clock)
                .withBean(ErrorRedactor.class, () -> text -> "redacted")
                .withBean("first", TrackingListener.class, () -> new TrackingListener() {
                    @Override
                    public void onRunFailed(RunEvent.Failed event) {
                        heardByFirst.add(event);
                        throw new IllegalStateException("a failing listener does not silence the next one");
                    }
                })
                .withBean("second", TrackingListener.class, () -> new TrackingListener() {
                    @Override
                    public void onRunFailed(RunEvent.Failed event) {
                        heardBySecond.add(event);
                    }
                })
                .run(context -> {
                    DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
                    assertThat(freshness.clock()).isSameAs(clock);
                    try (CapturedLog log = CapturedLog.of("dev.freshness")) {
                        try {
                            freshness.track(Scope.tenant("acme"), "ad_classifications").run(() -> {
                                throw new IllegalStateException("password=hunter2");
                            });
                        } catch (IllegalStateException expected) {
                            assertThat(expected).hasMessage("password=hunter2");
                        }
                        assertThat(log.messages(Level.WARN)).as("the failing listener, logged by the wrapper")
                                .anySatisfy(message -> assertThat(message).contains("listener"));
                    }
                    assertThat(heardByFirst).hasSize(1);
                    assertThat(heardBySecond).hasSize(1);
                    RunEvent.Failed failed = (RunEvent.Failed) heardBySecond.get(0);
                    assertThat(failed.at()).isEqualTo(NOW);
                    assertThat(failed.error().message()).isEqualTo("redacted");
                });
    }

    @Test
    void theApplicationsOwnInstanceAndRecordsWin() {
        runner.withUserConfiguration(OwnInstance.class).run(context -> {
            assertThat(context).hasSingleBean(DatasetFreshness.class).hasSingleBean(FreshnessRecords.class);
            assertThat(context.getBean(DatasetFreshness.class)).isSameAs(OwnInstance.INSTANCE);
            assertThat(context.getBean(FreshnessRecords.class)).isSameAs(OwnInstance.RECORDS);
        });
    }

    @Test
    void theRecordsOfTheInstanceAreABean() {
        runner.run(context -> assertThat(context.getBean(FreshnessRecords.class))
                .isSameAs(context.getBean(DatasetFreshness.class).records()));
    }

    @Test
    void policiesAndTimeoutComeFromTheProperties() {
        runner.withPropertyValues("freshness.undeclared-dataset-policy=reject").run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> freshness.track(Scope.global(), "not_declared"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not_declared");
        });
        assertThat(new FreshnessProperties().getUndeclaredDatasetPolicy()).isEqualTo(DatasetFreshness.DEFAULT_UNDECLARED_DATASET_POLICY);
        assertThat(new FreshnessProperties().getStoreFailurePolicy()).isEqualTo(DatasetFreshness.DEFAULT_STORE_FAILURE_POLICY);
        assertThat(new FreshnessProperties().getStoreTimeout()).isEqualTo(DatasetFreshness.DEFAULT_STORE_TIMEOUT);
        assertThat(new FreshnessProperties().getJdbc().getTablePrefix()).isEqualTo(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX);
        assertThat(new FreshnessProperties().getJdbc().getStatementTimeout()).isEqualTo(JdbcFreshnessStore.DEFAULT_STATEMENT_TIMEOUT);
    }

    @Test
    void theStrictStoreFailurePolicyIsBound() {
        runner.withPropertyValues("freshness.store-failure-policy=strict").run(context ->
                assertThat(context.getBean(FreshnessProperties.class).getStoreFailurePolicy())
                        .isEqualTo(StoreFailurePolicy.STRICT));
    }

    @Test
    void aBadValueFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("freshness.store-timeout=0s").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.store-timeout"));
        withH2.withPropertyValues("freshness.jdbc.table-prefix=bad prefix").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.jdbc.table-prefix"));
        withH2.withPropertyValues("freshness.jdbc.schema=select").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.jdbc.schema"));
        runner.withPropertyValues("freshness.store-failure-policy=sometimes").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.store-failure-policy"));
    }

    @Test
    void aMisspeltPropertyFailsTheStartNamingIt() {
        runner.withPropertyValues("freshness.store-timout=1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.store-timout");
        });
        runner.withPropertyValues("freshness.jdbc.table-prefx=x_").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.jdbc.table-prefx"));
        runner.withPropertyValues("freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn=48h")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("left unbound").hasStackTraceContaining(".needs.adclassifications.warn]"));
    }

    @Test
    void theInstanceIsClosedWithTheContext() {
        CountingStore blocking = new CountingStore(new InMemoryFreshnessStore(), true);
        List<Throwable> storeErrors = new CopyOnWriteArrayList<>();
        ConfigurableApplicationContext[] kept = new ConfigurableApplicationContext[1];
        DatasetFreshness[] instance = new DatasetFreshness[1];
        bare.withBean(FreshnessStore.class, () -> blocking)
                .withBean(TrackingListener.class, () -> new TrackingListener() {
                    @Override
                    public void onStoreError(RunEvent event, Throwable error) {
                        storeErrors.add(error);
                    }
                })
                .run(context -> {
                    instance[0] = context.getBean(DatasetFreshness.class);
                    instance[0].track(Scope.global(), "ad_classifications").run(() -> {
                    });
                    kept[0] = context.getSourceApplicationContext();
                });
        assertThat(kept[0].isActive()).isFalse();
        assertThat(storeErrors).as("before the close, the instance's threads wrote the events").isEmpty();
        try (CapturedLog log = CapturedLog.of("dev.freshness")) {
            instance[0].track(Scope.tenant("after_close"), "ad_classifications").run(() -> {
            });
            assertThat(log.messages(Level.WARN)).as("the dropped event, logged").isNotEmpty();
        }
        assertThat(storeErrors).as("closed: its threads are stopped, so what it records is dropped").isNotEmpty();
    }

    @Test
    void annotatedMethodsAreTrackedThroughClassProxies() {
        SettableClock clock = SettableClock.at(NOW);
        runner.withBean(Clock.class, () -> clock).withUserConfiguration(Jobs.class).run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            assertThat(jobs.getClass()).as("a class proxy, as Spring Boot's own").isNotEqualTo(Jobs.class);
            assertThat(jobs.classify("acme")).isEqualTo(List.of("a", "b"));
            clock.advance(Duration.ofHours(50));
            var verdict = context.getBean(DatasetFreshness.class).report(Scope.tenant("acme"), "hook_analysis")
                    .verdicts().get(0);
            assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.STALE);
            assertThat(verdict.lastRefresh().orElseThrow().recordsAffected()).isEqualTo(2);
        });
    }

    @Test
    void interfaceProxiesWhenSpringAopAsksForThem() {
        runner.withPropertyValues("spring.aop.proxy-target-class=false")
                .withBean(Classifier.class, ClassifierJob::new)
                .run(context -> {
                    Classifier classifier = context.getBean(Classifier.class);
                    assertThat(java.lang.reflect.Proxy.isProxyClass(classifier.getClass())).isTrue();
                    classifier.classify("acme");
                    assertThat(context.getBean(FreshnessRecords.class).status(Scope.tenant("acme"), "ad_classifications")
                            .lastSuccess()).isPresent();
                });
    }

    @Test
    void theUndeclaredDatasetPolicyRejectStopsAStartWithAMethodOfAnUndeclaredDataset() {
        runner.withPropertyValues("freshness.undeclared-dataset-policy=reject")
                .withUserConfiguration(UndeclaredJob.class)
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("not_declared")
                        .hasStackTraceContaining("refresh"));
    }

    static String invalidProperty(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("an InvalidConfigurationPropertyValueException in " + context.getStartupFailure()).isNotNull();
        return ((InvalidConfigurationPropertyValueException) failure).getName();
    }

    static Throwable rootCause(Throwable failure) {
        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static DataSource h2(String name) {
        return new org.springframework.jdbc.datasource.DriverManagerDataSource(
                "jdbc:h2:mem:fr_boot_" + name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A job bean, as an application writes it. */
    static class Jobs {
        @RefreshesDataset(value = "ad_classifications", scope = "#tenant", records = "#result.size()")
        public List<String> classify(String tenant) {
            return List.of("a", "b");
        }
    }

    interface Classifier {
        void classify(String tenant);
    }

    static class ClassifierJob implements Classifier {
        @Override
        @RefreshesDataset(value = "ad_classifications", scope = "#tenant")
        public void classify(String tenant) {
        }
    }

    static class UndeclaredJob {
        @RefreshesDataset("not_declared")
        public void refresh() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInstance {
        static final DatasetFreshness INSTANCE = DatasetFreshness.using(new InMemoryFreshnessStore(),
                Catalog.builder().build()).build();
        static final FreshnessRecords RECORDS = DatasetFreshness.using(new InMemoryFreshnessStore(),
                Catalog.builder().build()).build().records();

        @Bean
        DatasetFreshness myFreshness() {
            return INSTANCE;
        }

        @Bean
        FreshnessRecords myRecords() {
            return RECORDS;
        }
    }

    static {
        // The enum's constants the properties name, kept in step with the API (a rename would break binding).
        assertThat(UndeclaredDatasetPolicy.valueOf("REJECT")).isNotNull();
    }
}
