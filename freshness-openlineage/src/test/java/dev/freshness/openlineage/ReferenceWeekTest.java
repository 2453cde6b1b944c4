package dev.freshness.openlineage;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.track.RunHandle;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference system's week (docs/reference-system.md, as the example's SimulatedWeek plays it) sent through
 * {@link FreshnessLineage} to a local receiver: the eight job handlers, written as the example writes them, run
 * at their hours on a settable clock from Monday 2 March to Monday 9 March 2026, 09:00 UTC. globex's Meta access
 * token expires on Thursday, initech's worker is killed in meta_sync's first step on the last Monday and its
 * template scrape is still running when the week ends, initech never classifies ads, and two runs have no tenant
 * to be tracked for. Every event must be schema-valid (checked by the receiver), every run must be one START and
 * one terminal event (or a START alone, for the two runs still in flight), and each terminal event must carry the
 * run's outputs with their row counts, or the redacted error.
 */
class ReferenceWeekTest {

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant END = Instant.parse("2026-03-09T09:00:00Z");
    private static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final String EXPIRED_TOKEN = "Meta API: access token of ad account act_2002 has expired (OAuthException,"
            + " code 190): GET /v19.0/act_2002/insights?access_token=EAAB-globex-secret";
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("meta_ads_performance", "Meta ads performance", Duration.ofHours(2))
            .dataset("ad_thumbnails", "Ad thumbnails", Duration.ofHours(1))
            .dataset("ad_assets", "Ad assets")
            .dataset("ad_classifications", "Ad classifications", Duration.ofHours(2))
            .dataset("ad_creations", "Ad creations")
            .dataset("scorecard", "Scorecard")
            .dataset("templates_scraped", "Scraped templates")
            .dataset("template_approvals", "Template approvals")
            .dataset("congruence_analysis", "Congruence analysis")
            .producer("meta_sync", "meta_ads_performance", "ad_thumbnails", "ad_assets", "ad_classifications")
            .producer("ad_creation", "ad_creations")
            .producer("scorecard", "scorecard")
            .producer("template_scrape", "templates_scraped")
            .producer("template_approval", "template_approvals")
            .producer("congruence_reanalysis", "congruence_analysis")
            .producer("ad_classification", "ad_classifications")
            .producer("asset_download", "ad_assets")
            .build();

    /**
     * A run the week expects to see in OpenLineage.
     *
     * @param runId the scheduler's run id, or null when the library makes it
     * @param terminal COMPLETE or FAIL, or null for a run still in flight when the week ends
     * @param outputs each output's name and row count (null for an output that failed)
     */
    private record Expected(String job, RunId runId, Instant startedAt, EventType terminal, Instant endedAt,
                            Map<String, Long> outputs) {

        String signature() {
            return job + " " + startedAt + " " + terminal + " " + endedAt + " " + new TreeMap<>(outputs);
        }
    }

    private record Scheduled(Instant at, long order, Runnable action) {
    }

    private final SettableClock clock = SettableClock.at(START);
    private final LineageReceiver receiver = new LineageReceiver();
    private final FreshnessLineage lineage = FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
            Duration.ofSeconds(5))).withClock(clock).build();
    private final DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), CATALOG)
            .withClock(clock).withTrackingListener(lineage).build();
    private final PriorityQueue<Scheduled> schedule = new PriorityQueue<>(
            Comparator.comparing(Scheduled::at).thenComparingLong(Scheduled::order));
    private final List<Expected> expected = new ArrayList<>();
    private long scheduled;

    @AfterEach
    void close() {
        lineage.close();
        receiver.close();
    }

    @Test
    void everyRunOfTheWeekIsOneValidStartAndOneTerminalEventWithItsOutputsOrItsRedactedError() throws Exception {
        long started = System.nanoTime();
        play();
        int events = expected.stream().mapToInt(run -> run.terminal() == null ? 1 : 2).sum();

        List<OpenLineage.RunEvent> received = receiver.awaitEvents(events);
        Thread.sleep(200);
        assertThat(receiver.received()).as("no event beyond one START and one terminal event per run").isEqualTo(events);
        assertThat(receiver.schemaViolations()).as("every event valid by the OpenLineage JSON schema").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fast").isLessThan(Duration.ofSeconds(20));
        assertThat(lineage.droppedEvents() + lineage.failedEvents()).isZero();

        Map<UUID, List<OpenLineage.RunEvent>> runs = received.stream()
                .collect(Collectors.groupingBy(event -> event.getRun().getRunId(), TreeMap::new, Collectors.toList()));
        assertThat(runs).hasSameSizeAs(expected);
        List<String> seen = new ArrayList<>();
        for (List<OpenLineage.RunEvent> run : runs.values()) {
            seen.add(checkedSignature(run));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.stream().map(Expected::signature).toList());

        for (Expected run : expected) {
            UUID id = run.runId() != null ? LineageRunIds.of(run.runId()) : null;
            if (id != null) {
                assertThat(runs).as("the scheduler's run id %s, as a name-based UUID", run.runId()).containsKey(id);
            }
        }
        List<OpenLineage.RunEvent> failures = received.stream().filter(event -> event.getEventType() == EventType.FAIL).toList();
        assertThat(failures).as("globex's meta_sync from Thursday to Monday").hasSize(5).allSatisfy(fail -> {
            assertThat(fail.getJob().getName()).isEqualTo("meta_sync");
            assertThat(fail.getRun().getFacets().getErrorMessage().getMessage())
                    .startsWith("java.lang.IllegalStateException: Meta API: access token of ad account act_2002 has expired")
                    .contains("access_token=").doesNotContain("EAAB-globex-secret");
            assertThat(fail.getRun().getFacets().getErrorMessage().getProgrammingLanguage()).isEqualTo("JAVA");
        });
    }

    /** Checks one run's events (a START, then its terminal event if any) and gives what it reported. */
    private static String checkedSignature(List<OpenLineage.RunEvent> events) {
        OpenLineage.RunEvent start = events.get(0);
        assertThat(start.getEventType()).isEqualTo(EventType.START);
        assertThat(events).hasSizeBetween(1, 2);
        UUID id = start.getRun().getRunId();
        assertThat(id.version()).as("a name-based UUID, or the library's UUIDv7").isIn(5, 7);
        if (id.version() == 7) {
            assertThat(id.getMostSignificantBits() >>> 16).as("the run's start").isEqualTo(start.getEventTime().toInstant().toEpochMilli());
        }
        if (events.size() == 1) {
            return start.getJob().getName() + " " + start.getEventTime().toInstant() + " null null " + new TreeMap<>(
                    start.getOutputs().stream().collect(Collectors.toMap(OpenLineage.OutputDataset::getName, output -> -1L)))
                    .toString().replace("=-1", "=null");
        }
        OpenLineage.RunEvent end = events.get(1);
        assertThat(end.getEventType()).isIn(EventType.COMPLETE, EventType.FAIL);
        assertThat(end.getJob().getName()).isEqualTo(start.getJob().getName());
        assertThat(end.getEventTime()).isAfterOrEqualTo(start.getEventTime());
        assertThat(end.getRun().getFacets().getErrorMessage() != null).isEqualTo(end.getEventType() == EventType.FAIL);
        Map<String, Long> outputs = new TreeMap<>();
        for (OpenLineage.OutputDataset output : end.getOutputs()) {
            assertThat(output.getNamespace()).isEqualTo(FreshnessLineage.DEFAULT_NAMESPACE);
            outputs.put(output.getName(), output.getOutputFacets() == null ? null
                    : output.getOutputFacets().getOutputStatistics().getRowCount());
        }
        return end.getJob().getName() + " " + start.getEventTime().toInstant() + " " + end.getEventType() + " "
                + end.getEventTime().toInstant() + " " + outputs;
    }

    // ---- the week ------------------------------------------------------------------------------------------------

    private void play() {
        for (int day = 0; day <= 7; day++) {
            scheduleDay(day, LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(day));
        }
        while (!schedule.isEmpty() && !schedule.peek().at().isAfter(END)) {
            Scheduled next = schedule.poll();
            clock.set(next.at());
            next.action().run();
        }
        clock.set(END);
    }

    private void scheduleDay(int day, LocalDate date) {
        DayOfWeek weekday = date.getDayOfWeek();
        if (weekday == DayOfWeek.WEDNESDAY || weekday == DayOfWeek.SATURDAY) {
            for (String tenant : List.of("acme", "globex")) { // initech never switched ad classification on
                at(date, "02:00", () -> adClassification(tenant, RunId.of("ad_classification-" + date + "-" + tenant)));
            }
        }
        if (weekday == DayOfWeek.TUESDAY || weekday == DayOfWeek.FRIDAY) {
            TENANTS.forEach(tenant -> at(date, "05:00", () -> assetDownload(tenant)));
        }
        for (String tenant : TENANTS) {
            RunId runId = RunId.of("meta_sync-" + date + "-" + tenant);
            boolean tokenExpired = tenant.equals("globex") && !date.isBefore(LocalDate.of(2026, 3, 5));
            if (day == 7 && tenant.equals("initech")) {
                at(date, "06:00", () -> workerKilledDuringMetaSync(tenant, runId));
            } else {
                at(date, "06:00", () -> metaSync(tenant, runId, tokenExpired));
            }
        }
        TENANTS.forEach(tenant -> at(date, "07:30", () -> scorecard(tenant)));
        if (weekday == DayOfWeek.MONDAY) {
            for (int i = 0; i < TENANTS.size(); i++) {
                String tenant = TENANTS.get(i);
                Duration takes = day == 7 && tenant.equals("initech") ? Duration.ofHours(2) : Duration.ofMinutes(15);
                Instant startsAt = instant(date, "07:00").plus(Duration.ofMinutes(20L * i));
                at(startsAt, () -> templateScrape(tenant, takes));
            }
        }
        if (day < 7) {
            at(date, "12:00", () -> templateApproval(RunId.of("template_approval-" + date)));
        }
        if (weekday == DayOfWeek.TUESDAY || weekday == DayOfWeek.THURSDAY) {
            at(date, "10:00", () -> List.of("p-acme", "p-globex", "p-orphan").forEach(this::adCreation));
        }
        if (weekday == DayOfWeek.TUESDAY) {
            at(date, "14:00", () -> congruenceReanalysis(Optional.empty()));
        }
        if (weekday == DayOfWeek.FRIDAY) {
            at(date, "14:00", () -> congruenceReanalysis(Optional.of("acme")));
        }
    }

    // ---- the eight job handlers, as the example writes them, with the work faked by fixed counts -----------------

    /** meta_sync: one run, four steps (the first two in one), four datasets; step 1 fails once the token expired. */
    private void metaSync(String tenant, RunId runId, boolean tokenExpired) {
        Scope brand = Scope.tenant(tenant);
        Instant at = clock.instant();
        try {
            freshness.job("meta_sync").runId(runId).run(run -> {
                run.track(brand, "meta_ads_performance").run(step -> {
                    if (tokenExpired) {
                        throw new IllegalStateException(EXPIRED_TOKEN);
                    }
                    step.recordsAffected(120);
                });
                run.track(brand, "ad_thumbnails").recordsFrom(List<?>::size).call(() -> List.of("th1", "th2", "th3"));
                run.track(brand, "ad_assets").run(step -> {
                    step.addRecordsAffected(5);
                    step.addRecordsAffected(3);
                });
                if (!tenant.equals("initech")) {
                    run.track(brand, "ad_classifications").recordsFrom(Integer::longValue).call(() -> 5);
                }
            });
        } catch (IllegalStateException expiredToken) {
            expected.add(new Expected("meta_sync", runId, at, EventType.FAIL, at,
                    outputs(tenant + "/meta_ads_performance", null)));
            return;
        }
        Map<String, Long> outputs = new TreeMap<>(Map.of(tenant + "/meta_ads_performance", 120L,
                tenant + "/ad_thumbnails", 3L, tenant + "/ad_assets", 8L));
        if (!tenant.equals("initech")) {
            outputs.put(tenant + "/ad_classifications", 5L);
        }
        expected.add(new Expected("meta_sync", runId, at, EventType.COMPLETE, at, outputs));
    }

    /** A killed worker reports nothing more than the start of its first step. */
    private void workerKilledDuringMetaSync(String tenant, RunId runId) {
        freshness.track(Scope.tenant(tenant), "meta_ads_performance").job("meta_sync").runId(runId).start();
        expected.add(new Expected("meta_sync", runId, clock.instant(), null, null,
                outputs(tenant + "/meta_ads_performance", null)));
    }

    /** ad_creation: tracked for the product's tenant, when a join finds one; 4 ads. */
    private void adCreation(String productId) {
        Optional<Scope> brand = productId.equals("p-orphan") ? Optional.empty() : Optional.of(Scope.tenant(productId.substring(2)));
        freshness.track(brand, "ad_creations").job("ad_creation").recordsFrom(List<?>::size)
                .call(() -> List.of("ad1", "ad2", "ad3", "ad4"));
        brand.ifPresent(scope -> expected.add(new Expected("ad_creation", null, clock.instant(), EventType.COMPLETE,
                clock.instant(), outputs(scope.tenantId().orElseThrow() + "/ad_creations", 4L))));
    }

    /** scorecard: always a tenant; 42 ads analysed. */
    private void scorecard(String tenant) {
        freshness.track(Scope.tenant(tenant), "scorecard").job("scorecard").recordsFrom(Long::longValue).call(() -> 42L);
        expected.add(new Expected("scorecard", null, clock.instant(), EventType.COMPLETE, clock.instant(),
                outputs(tenant + "/scorecard", 42L)));
    }

    /** template_scrape: asynchronous, recorded when the scrape completes {@code takes} later; 11 templates. */
    private void templateScrape(String tenant, Duration takes) {
        CompletableFuture<Integer> scraping = new CompletableFuture<>();
        Instant startedAt = clock.instant();
        CompletableFuture<Integer> tracked = freshness.track(Scope.tenant(tenant), "templates_scraped")
                .job("template_scrape").recordsFrom(Integer::longValue).callAsync(() -> scraping);
        Instant endsAt = startedAt.plus(takes);
        if (endsAt.isAfter(END)) {
            expected.add(new Expected("template_scrape", null, startedAt, null, null,
                    outputs(tenant + "/templates_scraped", null)));
            return;
        }
        at(endsAt, () -> {
            scraping.complete(11);
            tracked.join();
        });
        expected.add(new Expected("template_scrape", null, startedAt, EventType.COMPLETE, endsAt,
                outputs(tenant + "/templates_scraped", 11L)));
    }

    /** template_approval: one queue of every tenant's templates, per item's tenant and globally, in one run. */
    private void templateApproval(RunId runId) {
        List<String> queue = List.of("acme", "globex", "acme");
        freshness.job("template_approval").runId(runId).run(run -> {
            for (String tenant : queue) {
                run.touched(Scope.tenant(tenant), "template_approvals", 1);
            }
            run.touched(Scope.global(), "template_approvals", queue.size());
        });
        expected.add(new Expected("template_approval", runId, clock.instant(), EventType.COMPLETE, clock.instant(),
                new TreeMap<>(Map.of("acme/template_approvals", 2L, "globex/template_approvals", 1L,
                        "template_approvals", 3L))));
    }

    /** congruence_reanalysis: tracked only when a target tenant is given; 6 ads. */
    private void congruenceReanalysis(Optional<String> targetTenant) {
        freshness.track(targetTenant.map(Scope::tenant), "congruence_analysis").job("congruence_reanalysis")
                .recordsFrom(Integer::longValue).call(() -> 6);
        targetTenant.ifPresent(tenant -> expected.add(new Expected("congruence_reanalysis", null, clock.instant(),
                EventType.COMPLETE, clock.instant(), outputs(tenant + "/congruence_analysis", 6L))));
    }

    /** ad_classification: the second producer of ad_classifications; 30 ads. */
    private void adClassification(String tenant, RunId runId) {
        freshness.track(Scope.tenant(tenant), "ad_classifications").job("ad_classification").runId(runId)
                .recordsFrom(Integer::longValue).call(() -> 30);
        expected.add(new Expected("ad_classification", runId, clock.instant(), EventType.COMPLETE, clock.instant(),
                outputs(tenant + "/ad_classifications", 30L)));
    }

    /** asset_download: the second producer of ad_assets, with a run handle; 5 videos and 3 images. */
    private void assetDownload(String tenant) {
        try (RunHandle run = freshness.track(Scope.tenant(tenant), "ad_assets").job("asset_download").start()) {
            run.succeeded(5 + 3);
        }
        expected.add(new Expected("asset_download", null, clock.instant(), EventType.COMPLETE, clock.instant(),
                outputs(tenant + "/ad_assets", 8L)));
    }

    // ---- scheduling ----------------------------------------------------------------------------------------------

    private static Map<String, Long> outputs(String name, Long rows) {
        Map<String, Long> outputs = new TreeMap<>();
        outputs.put(name, rows);
        return outputs;
    }

    private void at(LocalDate date, String time, Runnable action) {
        at(instant(date, time), action);
    }

    private void at(Instant at, Runnable action) {
        schedule.add(new Scheduled(at, scheduled++, action));
    }

    private static Instant instant(LocalDate date, String time) {
        return date.atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }
}
