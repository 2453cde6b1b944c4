package dev.freshness.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What an annotated method records, in a real application context. */
class RefreshesDatasetTest {

    /** Annotated methods of every form, each returning what it was given. */
    public static class Jobs {

        @RefreshesDataset(value = "scorecard", scope = "#scope")
        public Object forScope(Object scope) {
            return scope;
        }

        @RefreshesDataset("scorecard")
        public String global() {
            return "done";
        }

        @RefreshesDataset(dataset = "scorecard", scope = "#tenant", condition = "#full")
        public boolean onlyWhenFull(String tenant, boolean full) {
            return full;
        }

        @RefreshesDataset(value = "scorecard", scope = "#p0", runId = "#p1", job = "score_job",
                records = "#result.size()")
        public List<Integer> withRunId(String tenant, String schedulerRunId) {
            return List.of(1, 2);
        }

        @RefreshesDataset(value = {"ad_assets", "ad_thumbnails"}, scope = "#tenant", records = "#result")
        public int severalDatasets(String tenant) {
            return 4;
        }

        @RefreshesDataset(value = "scorecard", scope = "@tenants.current()")
        public String scopeFromABean() {
            return "done";
        }

        @RefreshesDataset(value = "ad_assets", scope = "#tenant")
        public String outer(String tenant) {
            // Through this, not the proxy: the inner method's own annotation does nothing here.
            return inner(tenant);
        }

        @RefreshesDataset(value = "scorecard", scope = "#tenant")
        public String inner(String tenant) {
            return "inner " + tenant;
        }
    }

    /** Where a scope expression may find the current tenant. */
    public static class Tenants {
        public String current() {
            return "brand-9";
        }
    }

    @Configuration
    @EnableFreshnessTracking
    static class Config {
        static final RecordedEvents EVENTS = new RecordedEvents();

        @Bean(destroyMethod = "close")
        DatasetFreshness freshness() {
            return EVENTS.freshness();
        }

        @Bean
        Jobs jobs() {
            return new Jobs();
        }

        @Bean
        Tenants tenants() {
            return new Tenants();
        }
    }

    private AnnotationConfigApplicationContext context;
    private Jobs jobs;

    @BeforeEach
    void start() {
        context = new AnnotationConfigApplicationContext(Config.class);
        jobs = context.getBean(Jobs.class);
        Config.EVENTS.take();
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void theScopeIsATenantIdAScopeOrAnOptionalOfEither() {
        jobs.forScope("brand-1");
        jobs.forScope(Scope.tenant("brand-2"));
        jobs.forScope(Optional.of("brand-3"));
        jobs.forScope(Optional.of(Scope.global()));

        assertThat(Config.EVENTS.take()).containsExactly(
                "brand-1 scorecard run1 STARTED job=null", "brand-1 scorecard run1 SUCCEEDED records=0",
                "brand-2 scorecard run2 STARTED job=null", "brand-2 scorecard run2 SUCCEEDED records=0",
                "brand-3 scorecard run3 STARTED job=null", "brand-3 scorecard run3 SUCCEEDED records=0",
                "* scorecard run4 STARTED job=null", "* scorecard run4 SUCCEEDED records=0");
    }

    @Test
    void noScopeIsTheGuardTheMethodRunsUntracked() {
        assertThat(jobs.forScope(null)).isNull();
        assertThat(jobs.forScope("")).isEqualTo("");
        assertThat(jobs.forScope("  ")).isEqualTo("  ");
        assertThat(jobs.forScope(Optional.empty())).isEqualTo(Optional.empty());

        assertThat(Config.EVENTS.take()).isEmpty();
    }

    @Test
    void withNoScopeExpressionTheScopeIsGlobal() {
        assertThat(jobs.global()).isEqualTo("done");

        assertThat(Config.EVENTS.take()).containsExactly("* scorecard run1 STARTED job=null",
                "* scorecard run1 SUCCEEDED records=0");
    }

    @Test
    void aFalseConditionRunsTheMethodUntracked() {
        assertThat(jobs.onlyWhenFull("brand-1", false)).isFalse();
        assertThat(Config.EVENTS.take()).isEmpty();

        assertThat(jobs.onlyWhenFull("brand-1", true)).isTrue();
        assertThat(Config.EVENTS.take()).hasSize(2);
    }

    @Test
    void theRunIdJobNameAndRecordsComeFromTheAnnotation() {
        jobs.withRunId("brand-1", "quartz-42");

        assertThat(Config.EVENTS.runIds()).containsOnly(RunId.of("quartz-42"));
        assertThat(Config.EVENTS.take()).containsExactly("brand-1 scorecard run1 STARTED job=score_job",
                "brand-1 scorecard run1 SUCCEEDED records=2");
    }

    @Test
    void severalDatasetsEachRecordTheirOwnStartAndOutcomeUnderOneRunId() {
        assertThat(jobs.severalDatasets("brand-1")).isEqualTo(4);

        assertThat(Config.EVENTS.take()).containsExactly(
                "brand-1 ad_assets run1 STARTED job=null", "brand-1 ad_thumbnails run1 STARTED job=null",
                "brand-1 ad_thumbnails run1 SUCCEEDED records=4", "brand-1 ad_assets run1 SUCCEEDED records=4");
    }

    @Test
    void aScopeExpressionMayCallABean() {
        jobs.scopeFromABean();

        assertThat(Config.EVENTS.take()).first().isEqualTo("brand-9 scorecard run1 STARTED job=null");
    }

    @Test
    void aScopeOfAnotherTypeLeavesTheCallUntrackedAndItsValueUnchanged() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.freshness.spring");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        logger.setAdditive(false);
        try {
            assertThat(jobs.forScope(42)).isEqualTo(42);
        } finally {
            logger.detachAppender(warnings);
            logger.setAdditive(true);
        }

        assertThat(Config.EVENTS.take()).isEmpty();
        assertThat(warnings.list).singleElement().satisfies(warning -> {
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage()).contains("Jobs.forScope(Object)", "\"#scope\"",
                    "java.lang.Integer", "the call runs untracked");
        });
    }

    @Test
    void aCallFromTheBeanToItsOwnMethodIsNotTracked() {
        assertThat(jobs.outer("brand-1")).isEqualTo("inner brand-1");

        assertThat(Config.EVENTS.take()).as("only the call through the proxy, not this.inner(...)")
                .containsExactly("brand-1 ad_assets run1 STARTED job=null", "brand-1 ad_assets run1 SUCCEEDED records=0");
    }

    /** A scheduled job and an asynchronous one, as applications write them. */
    public static class ScheduledJobs {
        // Static: the test holds a proxy, whose own fields are not the bean's.
        static final CountDownLatch ASYNC_MAY_FINISH = new CountDownLatch(1);
        static volatile String asyncThread;

        @Scheduled(fixedDelay = 3_600_000)
        @RefreshesDataset(value = "ad_assets", job = "asset_sync")
        public void syncAssets() {
        }

        @Async
        @RefreshesDataset(value = "scorecard", scope = "#tenant")
        public void analyseLater(String tenant) throws InterruptedException {
            asyncThread = Thread.currentThread().getName();
            if (!ASYNC_MAY_FINISH.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the job finish");
            }
        }

        @Async
        @RefreshesDataset(value = "ad_thumbnails", scope = "#tenant", records = "#result")
        public CompletableFuture<Integer> thumbnailsLater(String tenant) {
            return CompletableFuture.completedFuture(5);
        }
    }

    @Configuration
    @EnableFreshnessTracking
    @EnableScheduling
    @EnableAsync
    static class SchedulingConfig {
        static final RecordedEvents EVENTS = new RecordedEvents();

        @Bean(destroyMethod = "close")
        DatasetFreshness freshness() {
            return EVENTS.freshness();
        }

        @Bean
        ScheduledJobs scheduledJobs() {
            return new ScheduledJobs();
        }
    }

    @Test
    void worksWithScheduledAndAsyncTheAsyncCallTrackedOnTheThreadThatRunsIt() throws Exception {
        try (var scheduling = new AnnotationConfigApplicationContext(SchedulingConfig.class)) {
            assertThat(SchedulingConfig.EVENTS.await(2)).containsExactly("* ad_assets run1 STARTED job=asset_sync",
                    "* ad_assets run1 SUCCEEDED records=0");

            ScheduledJobs jobs = scheduling.getBean(ScheduledJobs.class);
            jobs.analyseLater("brand-1");
            assertThat(SchedulingConfig.EVENTS.await(1)).as("started, not finished: the job waits for the test")
                    .containsExactly("brand-1 scorecard run1 STARTED job=null");
            ScheduledJobs.ASYNC_MAY_FINISH.countDown();
            assertThat(SchedulingConfig.EVENTS.await(1)).containsExactly("brand-1 scorecard run1 SUCCEEDED records=0");
            assertThat(ScheduledJobs.asyncThread).isNotEqualTo(Thread.currentThread().getName());

            assertThat(jobs.thumbnailsLater("brand-2").get(10, TimeUnit.SECONDS)).isEqualTo(5);
            assertThat(SchedulingConfig.EVENTS.await(2)).containsExactly("brand-2 ad_thumbnails run1 STARTED job=null",
                    "brand-2 ad_thumbnails run1 SUCCEEDED records=5");
        }
    }
}
