package readme;

import com.sun.net.httpserver.HttpServer;
import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.Schedule;
import dev.freshness.core.DatasetKey;
import dev.freshness.cron.CronSchedule;
import dev.freshness.cron.Holidays;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.Dialect;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.FreshnessMonitor;
import dev.freshness.monitor.LogNotifier;
import dev.freshness.monitor.MonitorState;
import dev.freshness.monitor.SlackNotifier;
import dev.freshness.monitor.WebhookNotifier;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import dev.freshness.micrometer.FreshnessMetrics;
import dev.freshness.micrometer.FreshnessObservations;
import dev.freshness.openlineage.FreshnessLineage;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.ReportFormatter;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.rhythm.RefreshRhythm;
import dev.freshness.rhythm.RefreshRhythms;
import dev.freshness.rhythm.SuggestedLimit;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import dev.freshness.spring.EnableFreshnessTracking;
import dev.freshness.spring.RefreshesDataset;
import dev.freshness.statuspage.StatusPageHandler;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testkit.FreshnessStoreContract;
import dev.freshness.track.RunHandle;
import java.net.InetSocketAddress;
import java.net.URI;
import dev.freshness.track.TrackingListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.openlineage.client.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README's Java snippets take as given: the variables and methods of the reader's application that
 * they call. .ci/test-readme-consumer compiles each snippet in a subclass of this one, with this file's imports;
 * nothing here is run, so the methods only have the types the snippets need.
 */
abstract class ReadmeFixture {

    Scope scope;
    Scope acme;
    Scope brand;
    Catalog catalog;
    JdbcFreshnessStore store;
    DatasetFreshness freshness;
    Clock clock;
    DataSource dataSource;
    Jdbi jdbi;
    String schedulerId;
    RunId runId;
    Product product;
    List<QueueItem> queue;
    Collection<String> allTenantIds;
    Banner banner;
    SchedulerCallback callback;
    MyJob myJob;
    List<Ad> ads;
    Object client;
    ScheduledExecutorService scheduler;
    String webhookSecret;
    String slackWebhookUrl;
    MeterRegistry meterRegistry;
    ObservationRegistry observationRegistry;

    List<String> classifyAds(String tenant) {
        throw notRun();
    }

    void showBanner(Severity severity, String text) {
        throw notRun();
    }

    List<Ad> createAds(Product product) {
        throw notRun();
    }

    Report analyse() {
        throw notRun();
    }

    long scrape() {
        throw notRun();
    }

    CompletionStage<Integer> scrapeAsync() {
        throw notRun();
    }

    long syncInsights() {
        throw notRun();
    }

    List<String> downloadAssets() {
        throw notRun();
    }

    long download() {
        throw notRun();
    }

    void approve(QueueItem item) {
        throw notRun();
    }

    void alert(Scope scope) {
        throw notRun();
    }

    void writeAds(Handle handle, List<Ad> ads) {
        throw notRun();
    }

    static UnsupportedOperationException notRun() {
        return new UnsupportedOperationException("the README's snippets are compiled, never run");
    }

    /** A product an ad is made for. */
    record Product(String name) {
    }

    /** An ad. */
    record Ad(String id) {
    }

    /** An item of a queue of work for several tenants. */
    record QueueItem(String tenantId) {
    }

    /** An analysis whose size is its count of records. */
    interface Report extends List<String> {
    }

    /** A page's banner. */
    interface Banner {
        void show(Severity severity, String text);
    }

    /** What a scheduler reports when a run ends elsewhere. */
    interface SchedulerCallback {
        String runId();

        long count();
    }

    /** A job of the reader's, wrapped with freshness.track(...). */
    interface MyJob {
        void run(DatasetFreshness freshness);
    }

    /** The reader's own store. */
    static class MyStore implements FreshnessStore {
        MyStore(Object client) {
        }

        @Override
        public void apply(RunEvent event) {
            throw notRun();
        }

        @Override
        public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
            throw notRun();
        }

        @Override
        public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
            throw notRun();
        }

        @Override
        public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
            throw notRun();
        }

        @Override
        public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
            throw notRun();
        }

        @Override
        public List<RunRecord> runHistory(RunId runId) {
            throw notRun();
        }

        @Override
        public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
            throw notRun();
        }

        @Override
        public int pruneHistory(Instant olderThan) {
            throw notRun();
        }
    }
}
