package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.FreshnessMonitor;
import dev.freshness.monitor.InMemoryMonitorState;
import dev.freshness.monitor.MonitorState;
import dev.freshness.monitor.Notifier;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of {@link FreshnessMonitorAutoConfiguration}, in application contexts as Spring Boot makes them. */
class MonitorAutoConfigurationTest {

    private final ApplicationContextRunner bare = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class,
                    FreshnessMonitorAutoConfiguration.class))
            .withPropertyValues("freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                    "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h");

    private final ApplicationContextRunner runner = bare.withBean("testStore", FreshnessStore.class,
            InMemoryFreshnessStore::new);

    private final ApplicationContextRunner enabled = runner.withPropertyValues("freshness.monitor.enabled=true");

    private final ApplicationContextRunner withH2 = bare
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("freshness.monitor.enabled=true", "spring.datasource.url=jdbc:h2:mem:fr_mon_"
                    + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1");

    @Test
    void isOffByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FreshnessMonitor.class)
                .doesNotHaveBean(MonitorState.class).doesNotHaveBean(FreshnessMonitorSchedule.class));
        enabled.withPropertyValues("freshness.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(FreshnessMonitor.class));
    }

    @Test
    void whenEnabledRunsOnAThreadOfItsOwnWithTheLogChannelUntilTheContextCloses() {
        AtomicReference<FreshnessMonitorSchedule> schedule = new AtomicReference<>();
        enabled.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FreshnessMonitor.class);
            assertThat(context.getBean(MonitorState.class)).isInstanceOf(InMemoryMonitorState.class);
            assertThat(context.getBean(FreshnessMonitor.class)).hasToString("FreshnessMonitor{log=log}");
            schedule.set(context.getBean(FreshnessMonitorSchedule.class));
            assertThat(schedule.get().isRunning()).isTrue();
            assertThat(schedule.get().monitor()).isSameAs(context.getBean(FreshnessMonitor.class));
            assertThat(threadNamed(FreshnessMonitorSchedule.THREAD_NAME)).as("started").isTrue();
        });
        assertThat(schedule.get().isRunning()).isFalse();
        assertThat(schedule.get().isShutDown()).isTrue();
    }

    @Test
    void withADataSourceTheStateIsInItsDatabaseAndItsTablesAreMadeAsTheStoresAre() {
        withH2.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MonitorState.class)).isInstanceOf(JdbcMonitorState.class);
            assertThat(tables(context.getBean(DataSource.class))).contains("FRESHNESS_MONITOR_STATE",
                    "FRESHNESS_MONITOR_DELIVERY");
        });
        // The application's own store, so that only the monitor's tables are at stake; its scheduled run then fails.
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            bare.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withBean("testStore", FreshnessStore.class, InMemoryFreshnessStore::new)
                    .withPropertyValues("freshness.monitor.enabled=true", "freshness.jdbc.initialize-schema=never",
                            "spring.datasource.url=jdbc:h2:mem:fr_mon_never_" + UUID.randomUUID().toString().substring(0, 8))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(MonitorState.class)).isInstanceOf(JdbcMonitorState.class);
                        assertThat(tables(context.getBean(DataSource.class))).as("never made")
                                .doesNotContain("FRESHNESS_MONITOR_STATE");
                        context.getBean(FreshnessMonitorSchedule.class).stop();
                    });
            assertThat(log.messages(Level.WARN)).allMatch(message -> message.startsWith("Freshness monitor: the run failed"));
        }
        withH2.withPropertyValues("freshness.jdbc.table-prefix=app_").run(context ->
                assertThat(tables(context.getBean(DataSource.class))).contains("APP_MONITOR_STATE"));
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            withH2.withClassLoader(new FilteredClassLoader(JdbcFreshnessStore.class)).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(MonitorState.class)).isInstanceOf(InMemoryMonitorState.class);
            });
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("freshness-jdbc is not on the class path");
        }
    }

    @Test
    void isLeftOutWithoutTheModule() {
        enabled.withClassLoader(new FilteredClassLoader(FreshnessMonitor.class)).run(context ->
                assertThat(context).hasNotFailed().hasBean("datasetFreshness")
                        .doesNotHaveBean(FreshnessMonitorSchedule.class));
    }

    @Test
    void channelsComeFromThePropertiesAndTheNotifierBeansAndNoSecretIsShown() {
        List<String> delivered = new ArrayList<>();
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            enabled.withBean("pager", Notifier.class, () -> delivery -> delivered.add(delivery.id()))
                    .withPropertyValues("freshness.monitor.webhook.url=https://ops.example.com/hooks/t0ken-in-path",
                            "freshness.monitor.webhook.secret=s3cret-value",
                            "freshness.monitor.slack.url=https://hooks.slack.com/services/T000/B000/slack-t0ken")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        String described = context.getBean(FreshnessMonitor.class).toString();
                        assertThat(described).contains("log=log", "webhook=webhook to https://ops.example.com",
                                "signed", "slack=", "pager=");
                        assertThat(described).doesNotContain("t0ken", "s3cret");
                    });
            enabled.withPropertyValues("freshness.monitor.lead-time=2h").run(context ->
                    assertThat(context.getBean(FreshnessMonitor.class).toString()).endsWith(", lead time PT2H"));
            enabled.run(context -> assertThat(context.getBean(FreshnessMonitor.class).toString()).doesNotContain("lead time"));
            enabled.withPropertyValues("freshness.monitor.log.enabled=false",
                            "freshness.monitor.slack.url=https://hooks.slack.com/services/T000/B000/slack-t0ken")
                    .run(context -> assertThat(context.getBean(FreshnessMonitor.class).toString())
                            .startsWith("FreshnessMonitor{slack=").doesNotContain("log="));
            assertThat(log.messages(Level.WARN)).noneMatch(message -> message.contains("s3cret") || message.contains("t0ken"));
        }
    }

    @Test
    void theApplicationsOwnMonitorAndStateWin() {
        InMemoryMonitorState own = new InMemoryMonitorState();
        enabled.withBean("ownState", MonitorState.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MonitorState.class);
            assertThat(context.getBean(MonitorState.class)).isSameAs(own);
        });
        withH2.withBean("ownState", MonitorState.class, () -> own).run(context ->
                assertThat(context.getBean(MonitorState.class)).isSameAs(own));
        enabled.withBean("ownMonitor", FreshnessMonitor.class, () -> FreshnessMonitor.using(new InMemoryFreshnessStore(),
                        dev.freshness.catalog.Catalog.builder().build(), own).withChannel("own", delivery -> { }).build())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(FreshnessMonitor.class);
                    assertThat(context.getBean(FreshnessMonitor.class).toString()).startsWith("FreshnessMonitor{own=");
                    assertThat(context.getBean(FreshnessMonitorSchedule.class).monitor())
                            .isSameAs(context.getBean(FreshnessMonitor.class));
                });
    }

    @Test
    void aBadPropertyStopsTheStartNamingItAndNeverShowingAUrl() {
        enabled.withPropertyValues("freshness.monitor.interval=0s").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.interval")
                        .hasStackTraceContaining("interval must be positive, was PT0S"));
        enabled.withPropertyValues("freshness.monitor.lead-time=0s").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.lead-time")
                        .hasStackTraceContaining("leadTime must be positive, was PT0S"));
        enabled.withPropertyValues("freshness.monitor.digest-threshold=0").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.digest-threshold"));
        enabled.withPropertyValues("freshness.monitor.first-retry=1h", "freshness.monitor.max-retry=1m").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.max-retry")
                        .hasStackTraceContaining("max retry must be at least the first retry"));
        enabled.withPropertyValues("freshness.monitor.webhook.url=ftp://ops.example.com/t0ken").run(context -> {
            assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.webhook.url")
                    .hasStackTraceContaining("absolute http or https URL");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain("t0ken");
        });
        enabled.withPropertyValues("freshness.monitor.slack.url=hooks.slack.com/services/slack-t0ken").run(context -> {
            assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.slack.url");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain("t0ken");
        });
        enabled.withPropertyValues("freshness.monitor.webhook.url=https://ops.example.com/hook",
                "freshness.monitor.webhook.secret=").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.webhook.secret"));
        enabled.withPropertyValues("freshness.monitor.log.enabled=false").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.monitor.log.enabled")
                        .hasStackTraceContaining("the monitor has no channel"));
        enabled.withBean("bad name!", Notifier.class, () -> delivery -> { }).run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("The Notifier bean 'bad name!'"));
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals(name));
    }

    private static List<String> tables(DataSource dataSource) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
