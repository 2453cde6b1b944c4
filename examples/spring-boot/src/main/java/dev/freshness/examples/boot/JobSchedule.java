package dev.freshness.examples.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When each job runs: {@code @Scheduled} methods, each calling its handler of {@link ReferenceJobs} for every
 * tenant. The cron expressions are in {@code application.yml} ({@code example.cron.*}). With
 * {@code example.scheduling.enabled=false} nothing is scheduled (the tests call these methods themselves, on a
 * settable clock); with {@code example.run-on-start=true} (the default) every job runs once at start-up, so that
 * the endpoints have something to show at once.
 */
@Component
public class JobSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(JobSchedule.class);

    private final ReferenceJobs jobs;
    private final ControlPlane plane;

    /** The schedule of {@code jobs} over the tenants of {@code plane}. */
    public JobSchedule(ReferenceJobs jobs, ControlPlane plane) {
        this.jobs = jobs;
        this.plane = plane;
    }

    /** meta_sync, for each tenant; one tenant's failure does not stop the others. */
    @Scheduled(cron = "${example.cron.meta-sync}")
    public void metaSync() {
        for (String tenant : plane.tenants()) {
            try {
                jobs.metaSync(tenant);
            } catch (ControlPlane.MetaApiException e) {
                LOG.warn("meta_sync failed for {}: {}", tenant, e.getMessage());
            }
        }
    }

    /** ad_creation, for each product. */
    @Scheduled(cron = "${example.cron.ad-creation}")
    public void adCreation() {
        for (String product : plane.products()) {
            jobs.adCreation(product, plane.tenantOfProduct(product).orElse(null));
        }
    }

    /** scorecard, for each tenant. */
    @Scheduled(cron = "${example.cron.scorecard}")
    public void scorecard() {
        plane.tenants().forEach(jobs::scorecard);
    }

    /** template_scrape, for each tenant, waiting for each scrape. */
    @Scheduled(cron = "${example.cron.template-scrape}")
    public void templateScrape() {
        plane.tenants().forEach(tenant -> jobs.templateScrape(tenant).join());
    }

    /** template_approval, once for every tenant's queue. */
    @Scheduled(cron = "${example.cron.template-approval}")
    public void templateApproval() {
        jobs.templateApproval();
    }

    /** congruence_reanalysis of every tenant at once: not tracked, as it refreshes no single tenant in full. */
    @Scheduled(cron = "${example.cron.congruence-reanalysis}")
    public void congruenceReanalysis() {
        jobs.congruenceReanalysis(null);
    }

    /** ad_classification, for each tenant (tracked only where it is switched on). */
    @Scheduled(cron = "${example.cron.ad-classification}")
    public void adClassification() {
        plane.tenants().forEach(jobs::adClassification);
    }

    /** asset_download, for each tenant. */
    @Scheduled(cron = "${example.cron.asset-download}")
    public void assetDownload() {
        plane.tenants().forEach(jobs::assetDownload);
    }

    /** Every job once, in the order of the schedule. */
    public void runAll() {
        metaSync();
        adCreation();
        scorecard();
        templateScrape();
        templateApproval();
        congruenceReanalysis();
        adClassification();
        assetDownload();
    }

    /** The schedule switched on. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnBooleanProperty(name = "example.scheduling.enabled", matchIfMissing = true)
    static class Scheduling {
    }

    /** Every job once at start-up. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "example.run-on-start", matchIfMissing = true)
    static class RunOnStart {
        @Bean
        ApplicationRunner runEveryJobOnce(JobSchedule schedule) {
            return (ApplicationArguments arguments) -> schedule.runAll();
        }
    }
}
