package dev.freshness.spring.boot;

import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code freshness.*} properties of a Spring Boot application. A property this class does not know (a
 * misspelt one, say) stops the application from starting, naming it.
 *
 * <pre>
 * freshness:
 *   catalog:
 *     datasets:
 *       ad_classifications: { title: Ad classifications, max-run-duration: 2h }
 *     producers:
 *       ad_classification: [ad_classifications]
 *     pages:
 *       hook_analysis:
 *         title: Hook analysis
 *         needs:
 *           ad_classifications: { warn-after: 48h, error-after: 7d }
 *       ad_performance:
 *         title: Ad performance
 *         needs:
 *           meta_ads_performance: { due: weekday-mornings, error-after-missed: 2 }
 *     schedules:
 *       weekday-mornings: { cron: 0 6 * * MON-FRI, zone: Europe/Berlin, grace: 1h }
 *   jdbc:
 *     initialize-schema: always
 * </pre>
 */
@ConfigurationProperties(prefix = "freshness", ignoreUnknownFields = false)
public class FreshnessProperties implements Validator, EnvironmentAware, ResourceLoaderAware {

    /** The prefix of every property of this class. */
    public static final String PREFIX = "freshness";

    /** Whether Freshness is configured at all; false leaves out every bean of the auto-configuration. */
    private boolean enabled = true;

    /**
     * A resource holding the catalog in the properties format of Catalog.fromProperties (such as
     * classpath:freshness.properties), instead of freshness.catalog.
     */
    private String catalogLocation;

    /** The catalog: datasets, the jobs producing them, and the pages needing them. */
    private CatalogDefinition catalog = new CatalogDefinition();

    /** The JDBC store, used when the application has a DataSource. */
    private Jdbc jdbc = new Jdbc();

    /** The longest the writes of one tracked run wait, in all, for a store that may block (the JDBC store). */
    private Duration storeTimeout = Duration.ofSeconds(5);

    /** What tracked jobs do when the store fails. */
    private StoreFailurePolicy storeFailurePolicy = StoreFailurePolicy.LOG_AND_CONTINUE;

    /** What tracking a dataset the catalog does not declare does. */
    private UndeclaredDatasetPolicy undeclaredDatasetPolicy = UndeclaredDatasetPolicy.WARN;

    /** The Actuator health contributor (switched on by management.health.freshness.enabled). */
    private Health health = new Health();

    /** The status page (freshness-status-page), served in a servlet web application when enabled. */
    private StatusPage statusPage = new StatusPage();

    /** The monitor (freshness-monitor), which alerts on each change of a page's freshness when enabled. */
    private Monitor monitor = new Monitor();

    /** The Micrometer meters and observations (freshness-micrometer), made when a registry is present. */
    private Metrics metrics = new Metrics();

    /** The OpenLineage run events (freshness-openlineage), sent when an OpenLineageClient bean is present. */
    private OpenLineage openlineage = new OpenLineage();

    /** Where the properties come from, to name the file and line of a mistake; null outside a Spring context. */
    private Environment environment;

    /**
     * Where the holidays files of schedules are read from, and whose class loader finds the schedule providers;
     * null outside a Spring context.
     */
    private ResourceLoader resourceLoader;

    /** The defaults; Spring Boot binds the {@code freshness.*} properties onto them. */
    public FreshnessProperties() {
    }

    /** The environment the properties are bound from, whose origins locate a mistake of the catalog. */
    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** The application's resources and class loader, which read the schedules of the catalog. */
    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    /** Validates instances of this class. */
    @Override
    public boolean supports(Class<?> type) {
        return FreshnessProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks that {@code freshness.catalog} builds into a catalog; the first mistake becomes a field error naming
     * the property, its value as written and its origin.
     */
    @Override
    public void validate(Object target, Errors errors) {
        CatalogFromProperties.validate((FreshnessProperties) target, environment, resourceLoader, errors);
    }

    /** Whether Freshness is configured at all. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The catalog resource, or null when the catalog is in {@link #getCatalog()}. */
    public String getCatalogLocation() {
        return catalogLocation;
    }

    /** Sets {@link #getCatalogLocation()}. */
    public void setCatalogLocation(String catalogLocation) {
        this.catalogLocation = catalogLocation;
    }

    /** The catalog declared in the properties. */
    public CatalogDefinition getCatalog() {
        return catalog;
    }

    /** Sets {@link #getCatalog()}. */
    public void setCatalog(CatalogDefinition catalog) {
        this.catalog = catalog;
    }

    /** The JDBC store's settings. */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /** Sets {@link #getJdbc()}. */
    public void setJdbc(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** See {@link dev.freshness.DatasetFreshness.Builder#withStoreTimeout}. */
    public Duration getStoreTimeout() {
        return storeTimeout;
    }

    /** Sets {@link #getStoreTimeout()}. */
    public void setStoreTimeout(Duration storeTimeout) {
        this.storeTimeout = storeTimeout;
    }

    /** See {@link dev.freshness.DatasetFreshness.Builder#withStoreFailurePolicy}. */
    public StoreFailurePolicy getStoreFailurePolicy() {
        return storeFailurePolicy;
    }

    /** Sets {@link #getStoreFailurePolicy()}. */
    public void setStoreFailurePolicy(StoreFailurePolicy storeFailurePolicy) {
        this.storeFailurePolicy = storeFailurePolicy;
    }

    /** See {@link dev.freshness.DatasetFreshness.Builder#withUndeclaredDatasetPolicy}. */
    public UndeclaredDatasetPolicy getUndeclaredDatasetPolicy() {
        return undeclaredDatasetPolicy;
    }

    /** Sets {@link #getUndeclaredDatasetPolicy()}. */
    public void setUndeclaredDatasetPolicy(UndeclaredDatasetPolicy undeclaredDatasetPolicy) {
        this.undeclaredDatasetPolicy = undeclaredDatasetPolicy;
    }

    /** The health contributor's settings. */
    public Health getHealth() {
        return health;
    }

    /** Sets {@link #getHealth()}. */
    public void setHealth(Health health) {
        this.health = health;
    }

    /** The status page's settings. */
    public StatusPage getStatusPage() {
        return statusPage;
    }

    /** Sets {@link #getStatusPage()}. */
    public void setStatusPage(StatusPage statusPage) {
        this.statusPage = statusPage;
    }

    /** The monitor's settings. */
    public Monitor getMonitor() {
        return monitor;
    }

    /** Sets {@link #getMonitor()}. */
    public void setMonitor(Monitor monitor) {
        this.monitor = monitor;
    }

    /** The Micrometer settings. */
    public Metrics getMetrics() {
        return metrics;
    }

    /** Sets {@link #getMetrics()}. */
    public void setMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The OpenLineage settings. */
    public OpenLineage getOpenlineage() {
        return openlineage;
    }

    /** Sets {@link #getOpenlineage()}. */
    public void setOpenlineage(OpenLineage openlineage) {
        this.openlineage = openlineage;
    }

    /** The catalog under {@code freshness.catalog}, keyed by dataset key, job name and page key. */
    public static class CatalogDefinition {

        /** An empty catalog. */
        public CatalogDefinition() {
        }

        /** The datasets, by key (letters, digits, _ . -; a key with dots is written in brackets: "[a.b]"). */
        private Map<String, Dataset> datasets = new LinkedHashMap<>();

        /** The jobs, by name, each with the keys of the datasets it produces. */
        private Map<String, List<String>> producers = new LinkedHashMap<>();

        /** The pages, by key, each with its title and the datasets it needs. */
        private Map<String, Page> pages = new LinkedHashMap<>();

        /** The schedules, by name, that the needs of pages refer to with {@code due}. */
        private Map<String, Schedule> schedules = new LinkedHashMap<>();

        /** The datasets, by key. */
        public Map<String, Dataset> getDatasets() {
            return datasets;
        }

        /** Sets {@link #getDatasets()}. */
        public void setDatasets(Map<String, Dataset> datasets) {
            this.datasets = datasets;
        }

        /** The producers, by job name. */
        public Map<String, List<String>> getProducers() {
            return producers;
        }

        /** Sets {@link #getProducers()}. */
        public void setProducers(Map<String, List<String>> producers) {
            this.producers = producers;
        }

        /** The pages, by key. */
        public Map<String, Page> getPages() {
            return pages;
        }

        /** Sets {@link #getPages()}. */
        public void setPages(Map<String, Page> pages) {
            this.pages = pages;
        }

        /** The schedules, by name. */
        public Map<String, Schedule> getSchedules() {
            return schedules;
        }

        /** Sets {@link #getSchedules()}. */
        public void setSchedules(Map<String, Schedule> schedules) {
            this.schedules = schedules;
        }

        boolean isEmpty() {
            return datasets.isEmpty() && producers.isEmpty() && pages.isEmpty() && schedules.isEmpty();
        }
    }

    /** One dataset of the catalog. */
    public static class Dataset {

        /** A dataset with no title yet. */
        public Dataset() {
        }

        /** The dataset's title, as banners show it. */
        private String title;

        /** How long one run may take; a run in flight for longer counts as abandoned. None: never abandoned. */
        private Duration maxRunDuration;

        /** The datasets this one is derived from; it is no fresher than they are. None: not derived. */
        private List<String> derivedFrom = new ArrayList<>();

        /** The title. */
        public String getTitle() {
            return title;
        }

        /** Sets {@link #getTitle()}. */
        public void setTitle(String title) {
            this.title = title;
        }

        /** The longest a run may take, or null. */
        public Duration getMaxRunDuration() {
            return maxRunDuration;
        }

        /** Sets {@link #getMaxRunDuration()}. */
        public void setMaxRunDuration(Duration maxRunDuration) {
            this.maxRunDuration = maxRunDuration;
        }

        /**
         * The datasets this one is derived from (each a declared dataset): it is then at best as fresh as its
         * stalest input. Empty: not derived.
         */
        public List<String> getDerivedFrom() {
            return derivedFrom;
        }

        /** Sets {@link #getDerivedFrom()}. */
        public void setDerivedFrom(List<String> derivedFrom) {
            this.derivedFrom = derivedFrom == null ? new ArrayList<>() : derivedFrom;
        }
    }

    /** One page of the catalog. */
    public static class Page {

        /** A page with no title and no needs yet. */
        public Page() {
        }

        /** The page's title. */
        private String title;

        /** The datasets the page needs, by dataset key, each with how old it may get. */
        private Map<String, Need> needs = new LinkedHashMap<>();

        /** The title. */
        public String getTitle() {
            return title;
        }

        /** Sets {@link #getTitle()}. */
        public void setTitle(String title) {
            this.title = title;
        }

        /** The needs, by dataset key. */
        public Map<String, Need> getNeeds() {
            return needs;
        }

        /** Sets {@link #getNeeds()}. */
        public void setNeeds(Map<String, Need> needs) {
            this.needs = needs;
        }
    }

    /**
     * When a dataset is due, for the needs that name it with {@code due}: a cron expression read by a
     * {@link dev.freshness.catalog.ScheduleProvider} on the class path ({@code freshness-cron} reads {@code unix}
     * and {@code quartz}), in a time zone, with a grace and holidays. The same settings as a
     * {@code schedule.<name>} of the properties format.
     */
    public static class Schedule {

        /** The syntax of {@link #getCron()} when none is set. */
        public static final String DEFAULT_SYNTAX = "unix";

        /** The time zone of {@link #getCron()} when none is set. */
        public static final String DEFAULT_ZONE = "UTC";

        /** A schedule with no expression yet. */
        public Schedule() {
        }

        /** The times the dataset is due, as a cron expression of the syntax, such as "0 6 * * MON-FRI". Required. */
        private String cron;

        /** The syntax of the cron expression: unix (five fields) or quartz (six or seven). */
        private String syntax = DEFAULT_SYNTAX;

        /** The time zone the expression's times are local to, such as Europe/Berlin. */
        private String zone = DEFAULT_ZONE;

        /** How long after each due time a refresh may still arrive, such as the time the job takes. */
        private Duration grace = Duration.ZERO;

        /** The dates on which nothing is due, such as 2026-12-25. */
        private List<String> holidays = new ArrayList<>();

        /**
         * A resource with more holidays (such as classpath:holidays-berlin.txt): one ISO date per line, optionally
         * followed by a name; # starts a comment.
         */
        private String holidaysLocation;

        /** The cron expression. */
        public String getCron() {
            return cron;
        }

        /** Sets {@link #getCron()}. */
        public void setCron(String cron) {
            this.cron = cron;
        }

        /** The syntax of the expression. */
        public String getSyntax() {
            return syntax;
        }

        /** Sets {@link #getSyntax()}. */
        public void setSyntax(String syntax) {
            this.syntax = syntax;
        }

        /** The time zone, as a zone id. */
        public String getZone() {
            return zone;
        }

        /** Sets {@link #getZone()}. */
        public void setZone(String zone) {
            this.zone = zone;
        }

        /** The grace after each due time. */
        public Duration getGrace() {
            return grace;
        }

        /** Sets {@link #getGrace()}. */
        public void setGrace(Duration grace) {
            this.grace = grace;
        }

        /** The holidays, as ISO dates. */
        public List<String> getHolidays() {
            return holidays;
        }

        /** Sets {@link #getHolidays()}. */
        public void setHolidays(List<String> holidays) {
            this.holidays = holidays == null ? new ArrayList<>() : holidays;
        }

        /** The resource of more holidays, or null. */
        public String getHolidaysLocation() {
            return holidaysLocation;
        }

        /** Sets {@link #getHolidaysLocation()}. */
        public void setHolidaysLocation(String holidaysLocation) {
            this.holidaysLocation = holidaysLocation;
        }
    }

    /** How old one dataset may get for one page: a maximum age ({@code warn-after}) or a schedule ({@code due}). */
    public static class Need {

        /** A need with no ages yet. */
        public Need() {
        }

        /** The age beyond which the dataset is stale (a warning). Required unless the need is due by a schedule. */
        private Duration warnAfter;

        /** The name of the schedule (under freshness.catalog.schedules) the dataset is due by, instead of an age. */
        private String due;

        /**
         * How many deadlines of the schedule missed in a row make the dataset expired (critical). None: the
         * library's default, 2.
         */
        private Integer errorAfterMissed;

        /** The age beyond which the dataset is expired (critical). None: stale is the worst age verdict. */
        private Duration errorAfter;

        /** Whether a success that affected zero records does not count as a refresh. */
        private boolean ignoreEmptyRefreshes;

        /** The warning age. */
        public Duration getWarnAfter() {
            return warnAfter;
        }

        /** Sets {@link #getWarnAfter()}. */
        public void setWarnAfter(Duration warnAfter) {
            this.warnAfter = warnAfter;
        }

        /** The critical age, or null. */
        public Duration getErrorAfter() {
            return errorAfter;
        }

        /** Sets {@link #getErrorAfter()}. */
        public void setErrorAfter(Duration errorAfter) {
            this.errorAfter = errorAfter;
        }

        /** Whether empty refreshes are ignored. */
        public boolean isIgnoreEmptyRefreshes() {
            return ignoreEmptyRefreshes;
        }

        /** Sets {@link #isIgnoreEmptyRefreshes()}. */
        public void setIgnoreEmptyRefreshes(boolean ignoreEmptyRefreshes) {
            this.ignoreEmptyRefreshes = ignoreEmptyRefreshes;
        }

        /** The name of the schedule the dataset is due by, or null for a maximum age. */
        public String getDue() {
            return due;
        }

        /** Sets {@link #getDue()}. */
        public void setDue(String due) {
            this.due = due;
        }

        /** The missed deadlines that make the dataset expired, or null for the library's default. */
        public Integer getErrorAfterMissed() {
            return errorAfterMissed;
        }

        /** Sets {@link #getErrorAfterMissed()}. */
        public void setErrorAfterMissed(Integer errorAfterMissed) {
            this.errorAfterMissed = errorAfterMissed;
        }
    }

    /** The JDBC store's settings. */
    public static class Jdbc {

        /** The JDBC defaults. */
        public Jdbc() {
        }

        /** The prefix of the store's table names. */
        private String tablePrefix = "freshness_";

        /** The schema of the store's tables. None: the connection's schema. */
        private String schema;

        /**
         * When to create the store's tables if they are missing: never (a migration tool makes them), embedded
         * (only on an embedded database, such as H2 in memory) or always.
         */
        private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

        /** Whether events are stamped with the database's clock instead of the application's. */
        private boolean dbTime = false;

        /** The longest one statement may run. */
        private Duration statementTimeout = Duration.ofSeconds(5);

        /** The table prefix. */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /** Sets {@link #getTablePrefix()}. */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        /** The schema, or null. */
        public String getSchema() {
            return schema;
        }

        /** Sets {@link #getSchema()}. */
        public void setSchema(String schema) {
            this.schema = schema;
        }

        /** When the tables are created. */
        public InitializeSchema getInitializeSchema() {
            return initializeSchema;
        }

        /** Sets {@link #getInitializeSchema()}. */
        public void setInitializeSchema(InitializeSchema initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        /** Whether the database clock stamps events. */
        public boolean isDbTime() {
            return dbTime;
        }

        /** Sets {@link #isDbTime()}. */
        public void setDbTime(boolean dbTime) {
            this.dbTime = dbTime;
        }

        /** The statement timeout. */
        public Duration getStatementTimeout() {
            return statementTimeout;
        }

        /** Sets {@link #getStatementTimeout()}. */
        public void setStatementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }
    }

    /** When the JDBC store creates its tables if they are missing, as Spring Batch's initialize-schema. */
    public enum InitializeSchema {
        /** Never: the tables are made by a migration tool (Flyway, Liquibase) or by hand. */
        NEVER,
        /** Only on an embedded database (H2, HSQLDB or Derby in memory), as in tests. */
        EMBEDDED,
        /** Always. */
        ALWAYS
    }

    /** The health contributor's settings. */
    public static class Health {

        /** The health defaults. */
        public Health() {
        }

        /** The most stale (page, scope) pairs the health details list, worst first. */
        private int maxDetails = 10;

        /** The status reported when some page is at warning for some scope. */
        private String warningStatus = "UP";

        /**
         * The status reported when some page is critical for some scope. Stale data is rarely a reason to
         * restart or to stop serving, so it stays UP unless set (to OUT_OF_SERVICE in a health group of its own,
         * say).
         */
        private String criticalStatus = "UP";

        /** The most (page, scope) pairs listed. */
        public int getMaxDetails() {
            return maxDetails;
        }

        /** Sets {@link #getMaxDetails()}. */
        public void setMaxDetails(int maxDetails) {
            this.maxDetails = maxDetails;
        }

        /** The status at warning. */
        public String getWarningStatus() {
            return warningStatus;
        }

        /** Sets {@link #getWarningStatus()}. */
        public void setWarningStatus(String warningStatus) {
            this.warningStatus = warningStatus;
        }

        /** The status at critical. */
        public String getCriticalStatus() {
            return criticalStatus;
        }

        /** Sets {@link #getCriticalStatus()}. */
        public void setCriticalStatus(String criticalStatus) {
            this.criticalStatus = criticalStatus;
        }
    }
    /**
     * The status page's settings. The defaults are those of {@code StatusPageHandler} (its {@code DEFAULT_*}
     * constants), written out here because that class is optional.
     */
    public static class StatusPage {

        /** The status page defaults. */
        public StatusPage() {
        }

        /** Whether the status page is served (in a servlet web application, with freshness-status-page present). */
        private boolean enabled = false;

        /**
         * Where the page is served, under the servlet context path: segments of letters, digits and - _ . ~,
         * without a trailing slash. The JSON is at path/status.json.
         */
        private String path = "/freshness";

        /** The page's heading and title. */
        private String title = "Data freshness";

        /** How many scopes each page of the catalog lists at a time (1 to 1000). */
        private int pageSize = 25;

        /** Whether the status page is served. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@link #isEnabled()}. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The path, without the context path. */
        public String getPath() {
            return path;
        }

        /** Sets {@link #getPath()}. */
        public void setPath(String path) {
            this.path = path;
        }

        /** The heading. */
        public String getTitle() {
            return title;
        }

        /** Sets {@link #getTitle()}. */
        public void setTitle(String title) {
            this.title = title;
        }

        /** The scopes listed at a time. */
        public int getPageSize() {
            return pageSize;
        }

        /** Sets {@link #getPageSize()}. */
        public void setPageSize(int pageSize) {
            this.pageSize = pageSize;
        }
    }

    /**
     * The monitor's settings. The defaults are those of {@code FreshnessMonitor} (its {@code DEFAULT_*} constants),
     * written out here because that class is optional.
     */
    public static class Monitor {

        /** The monitor defaults. */
        public Monitor() {
        }

        /** Whether the monitor runs (with freshness-monitor present). */
        private boolean enabled = false;

        /** How often the pages are evaluated. */
        private Duration interval = Duration.ofMinutes(1);

        /** How often what is due is delivered (and retried). */
        private Duration deliveryInterval = Duration.ofSeconds(5);

        /** From how many changes due together for one channel they are sent as one digest. */
        private int digestThreshold = 20;

        /** How long after a first failed delivery it is retried; each further failure doubles the wait. */
        private Duration firstRetry = Duration.ofSeconds(10);

        /** The longest wait between two retries of a failed delivery. */
        private Duration maxRetry = Duration.ofMinutes(10);

        /** How long before a page turns stale to warn that it will (none: no warning before the breach). */
        private Duration leadTime;

        /** The channel "log": alerts written to the logger dev.freshness.monitor.alerts. */
        private Log log = new Log();

        /** The channel "webhook": alerts posted as JSON to a URL. */
        private Webhook webhook = new Webhook();

        /** The channel "slack": alerts posted to a Slack incoming webhook. */
        private Slack slack = new Slack();

        /** Whether the monitor runs. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@link #isEnabled()}. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The evaluation interval. */
        public Duration getInterval() {
            return interval;
        }

        /** Sets {@link #getInterval()}. */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** The delivery interval. */
        public Duration getDeliveryInterval() {
            return deliveryInterval;
        }

        /** Sets {@link #getDeliveryInterval()}. */
        public void setDeliveryInterval(Duration deliveryInterval) {
            this.deliveryInterval = deliveryInterval;
        }

        /** The digest threshold. */
        public int getDigestThreshold() {
            return digestThreshold;
        }

        /** Sets {@link #getDigestThreshold()}. */
        public void setDigestThreshold(int digestThreshold) {
            this.digestThreshold = digestThreshold;
        }

        /** The first retry's wait. */
        public Duration getFirstRetry() {
            return firstRetry;
        }

        /** Sets {@link #getFirstRetry()}. */
        public void setFirstRetry(Duration firstRetry) {
            this.firstRetry = firstRetry;
        }

        /** The longest retry wait. */
        public Duration getMaxRetry() {
            return maxRetry;
        }

        /** Sets {@link #getMaxRetry()}. */
        public void setMaxRetry(Duration maxRetry) {
            this.maxRetry = maxRetry;
        }

        /** The lead time of warnings before a breach; null when off. */
        public Duration getLeadTime() {
            return leadTime;
        }

        /** Sets {@link #getLeadTime()}. */
        public void setLeadTime(Duration leadTime) {
            this.leadTime = leadTime;
        }

        /** The log channel. */
        public Log getLog() {
            return log;
        }

        /** Sets {@link #getLog()}. */
        public void setLog(Log log) {
            this.log = log;
        }

        /** The webhook channel. */
        public Webhook getWebhook() {
            return webhook;
        }

        /** Sets {@link #getWebhook()}. */
        public void setWebhook(Webhook webhook) {
            this.webhook = webhook;
        }

        /** The Slack channel. */
        public Slack getSlack() {
            return slack;
        }

        /** Sets {@link #getSlack()}. */
        public void setSlack(Slack slack) {
            this.slack = slack;
        }

        /** The log channel's settings. */
        public static class Log {

            /** The log channel on. */
            public Log() {
            }

            /** Whether alerts are written to the log (the channel "log"). */
            private boolean enabled = true;

            /** Whether alerts are logged. */
            public boolean isEnabled() {
                return enabled;
            }

            /** Sets {@link #isEnabled()}. */
            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** The webhook channel's settings. */
        public static class Webhook {

            /** No webhook. */
            public Webhook() {
            }

            /** The http or https URL alerts are posted to (the channel "webhook"). None: no webhook channel. */
            private String url;

            /** The secret each body is signed with (HMAC-SHA256, header X-Freshness-Signature). None: unsigned. */
            private String secret;

            /** The URL, or null. */
            public String getUrl() {
                return url;
            }

            /** Sets {@link #getUrl()}. */
            public void setUrl(String url) {
                this.url = url;
            }

            /** The secret, or null. */
            public String getSecret() {
                return secret;
            }

            /** Sets {@link #getSecret()}. */
            public void setSecret(String secret) {
                this.secret = secret;
            }
        }

        /** The Slack channel's settings. */
        public static class Slack {

            /** No Slack channel. */
            public Slack() {
            }

            /** The Slack incoming webhook URL (the channel "slack"); it is a secret. None: no Slack channel. */
            private String url;

            /** The URL, or null. */
            public String getUrl() {
                return url;
            }

            /** Sets {@link #getUrl()}. */
            public void setUrl(String url) {
                this.url = url;
            }
        }
    }

    /**
     * The Micrometer settings. The defaults are those of {@code FreshnessMetrics} (its {@code DEFAULT_*}
     * constants), written out here because that class is optional.
     */
    public static class Metrics {

        /** The Micrometer defaults. */
        public Metrics() {
        }

        /**
         * Whether the meters (with a MeterRegistry bean) and the observations (with an ObservationRegistry bean) are
         * made, with freshness-micrometer present.
         */
        private boolean enabled = true;

        /** How often the freshness gauges read the store at most; scrapes in between show the last read's values. */
        private Duration gaugeRefreshInterval = Duration.ofSeconds(60);

        /** How many statuses each store call of a gauge read returns at most (1 to 10000). */
        private int gaugeReadPageSize = 1000;

        /** The tenant tag of the run meters. */
        private TenantTag tenantTag = new TenantTag();

        /** Whether the meters and observations are made. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@link #isEnabled()}. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The gauges' refresh interval. */
        public Duration getGaugeRefreshInterval() {
            return gaugeRefreshInterval;
        }

        /** Sets {@link #getGaugeRefreshInterval()}. */
        public void setGaugeRefreshInterval(Duration gaugeRefreshInterval) {
            this.gaugeRefreshInterval = gaugeRefreshInterval;
        }

        /** The gauges' page size. */
        public int getGaugeReadPageSize() {
            return gaugeReadPageSize;
        }

        /** Sets {@link #getGaugeReadPageSize()}. */
        public void setGaugeReadPageSize(int gaugeReadPageSize) {
            this.gaugeReadPageSize = gaugeReadPageSize;
        }

        /** The tenant tag's settings. */
        public TenantTag getTenantTag() {
            return tenantTag;
        }

        /** Sets {@link #getTenantTag()}. */
        public void setTenantTag(TenantTag tenantTag) {
            this.tenantTag = tenantTag;
        }

        /** The tenant tag of the run meters: off by default, as tenants may number 100,000. */
        public static class TenantTag {

            /** No tenant tag. */
            public TenantTag() {
            }

            /** Whether the run meters carry a tenant tag. */
            private boolean enabled = false;

            /**
             * The most tenants tagged by their id (1 to 10000); the tenants beyond carry the tag "*other". Each one is a
             * set of time series in every registry.
             */
            private int maxTenants = 100;

            /** Whether the run meters carry a tenant tag. */
            public boolean isEnabled() {
                return enabled;
            }

            /** Sets {@link #isEnabled()}. */
            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            /** The cap of the tenant tag. */
            public int getMaxTenants() {
                return maxTenants;
            }

            /** Sets {@link #getMaxTenants()}. */
            public void setMaxTenants(int maxTenants) {
                this.maxTenants = maxTenants;
            }
        }
    }

    /**
     * The OpenLineage settings; the client itself (its transport: HTTP, console, file, Kafka) is the application's
     * own OpenLineageClient bean. The defaults are those of {@code FreshnessLineage} (its {@code DEFAULT_*}
     * constants), written out here because that class is optional.
     */
    public static class OpenLineage {

        /** The OpenLineage defaults. */
        public OpenLineage() {
        }

        /** Whether tracked runs are sent to the application's OpenLineageClient bean, with freshness-openlineage present. */
        private boolean enabled = true;

        /** The namespace of the jobs; each job is named by the run's job name, or by its dataset. */
        private String jobNamespace = "freshness";

        /** The namespace of the datasets. */
        private String datasetNamespace = "freshness";

        /** How many events may wait to be sent (at least 1); beyond that, events are dropped, counted and logged. */
        private int queueCapacity = 1000;

        /** Whether tracked runs are sent. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@link #isEnabled()}. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The jobs' namespace. */
        public String getJobNamespace() {
            return jobNamespace;
        }

        /** Sets {@link #getJobNamespace()}. */
        public void setJobNamespace(String jobNamespace) {
            this.jobNamespace = jobNamespace;
        }

        /** The datasets' namespace. */
        public String getDatasetNamespace() {
            return datasetNamespace;
        }

        /** Sets {@link #getDatasetNamespace()}. */
        public void setDatasetNamespace(String datasetNamespace) {
            this.datasetNamespace = datasetNamespace;
        }

        /** The queue's capacity. */
        public int getQueueCapacity() {
            return queueCapacity;
        }

        /** Sets {@link #getQueueCapacity()}. */
        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }
    }
}
