package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One week of the control plane's scheduler, played on a {@link SettableClock}: every job runs at its hour, the
 * fake work moves the clock, and the week ends on Monday 9 March 2026 at 09:00 UTC. What happens, on purpose:
 * <ul>
 *   <li>meta_sync fails for globex from Thursday on (its Meta access token expired);</li>
 *   <li>on the last Monday, the worker running initech's meta_sync is killed in step 1: its run stays in
 *       flight, and must show as abandoned;</li>
 *   <li>ad classification was never switched on for initech, so no job ever classified its ads;</li>
 *   <li>initech's template scrape is still running when the week ends;</li>
 *   <li>ad_creation meets a product whose brand was deleted, and congruence_reanalysis runs once with no
 *       target tenant: both run untracked.</li>
 * </ul>
 */
public final class SimulatedWeek {

    /** The first instant of the week: Monday 2 March 2026, midnight UTC. */
    public static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** The instant the week ends and the report is read: the next Monday, 09:00 UTC. */
    public static final Instant END = Instant.parse("2026-03-09T09:00:00Z");

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Duration START_VISIBLE_WITHIN = Duration.ofSeconds(10);

    /**
     * Something worth telling about the week.
     *
     * @param at when it happened (the first time, for something repeated)
     * @param text what happened
     * @param times how many times it happened
     */
    public record Note(Instant at, String text, int times) {

        /** The text, with how many times when more than once. */
        public String describe() {
            return times == 1 ? text : text + " (" + times + " times)";
        }
    }

    private record Scheduled(Instant at, long order, Runnable action) {
    }

    private record InFlight(Scope scope, String dataset, RunId runId) {
    }

    private final DatasetFreshness freshness;
    private final SettableClock clock;
    private final ControlPlane plane;
    private final ReferenceJobs jobs;
    private final PriorityQueue<Scheduled> schedule = new PriorityQueue<>(
            Comparator.comparing(Scheduled::at).thenComparingLong(Scheduled::order));
    private final Map<String, Note> notes = new LinkedHashMap<>();
    private final List<Runnable> hourly = new ArrayList<>();
    private long scheduled;
    private int runs;

    /**
     * A week of {@code plane}'s jobs recording into {@code freshness}, whose clock must be {@code clock}.
     *
     * @throws IllegalArgumentException when {@code freshness} does not use {@code clock}
     */
    public SimulatedWeek(DatasetFreshness freshness, SettableClock clock, ControlPlane plane) {
        if (freshness.clock() != clock) {
            throw new IllegalArgumentException("freshness must be built withClock(clock): the week moves that clock");
        }
        this.freshness = freshness;
        this.clock = clock;
        this.plane = plane;
        this.jobs = new ReferenceJobs(freshness, plane);
    }

    /**
     * Runs {@code action} with the instant of every hour of the week, from {@link #START} to {@link #END}, after
     * the jobs due at that instant: how the example's monitor runs on its schedule. Call before {@link #play()}.
     */
    public void everyHour(Consumer<Instant> action) {
        for (Instant at = START; !at.isAfter(END); at = at.plus(Duration.ofHours(1))) {
            Instant hour = at;
            // Scheduled after the day's jobs, which are all scheduled by play(): a later sequence number runs later.
            hourly.add(() -> at(hour, () -> action.accept(hour)));
        }
    }

    /** Plays the week, then sets the clock to {@link #END}. Call once. */
    public void play() {
        clock.set(START);
        for (int day = 0; day <= 7; day++) {
            scheduleDay(day);
        }
        note("ad classification is not switched on for initech: no job ever classified its ads");
        hourly.forEach(Runnable::run);
        while (!schedule.isEmpty() && !schedule.peek().at().isAfter(END)) {
            Scheduled next = schedule.poll();
            if (clock.instant().isBefore(next.at())) {
                clock.set(next.at());
            }
            next.action().run();
        }
        clock.set(END);
    }

    /** What happened, in time order. */
    public List<Note> notes() {
        return notes.values().stream().sorted(Comparator.comparing(Note::at)).toList();
    }

    /** How many job runs the scheduler started. */
    public int runs() {
        return runs;
    }

    /** "Thu 06:00": the day of the week and the time, in UTC. */
    public static String dayAndTime(Instant at) {
        return DAY_AND_TIME.format(at);
    }

    private void scheduleDay(int day) {
        LocalDate date = LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(day);
        switch (date.getDayOfWeek()) {
            case WEDNESDAY, SATURDAY -> forEachTenant(date, "02:00", tenant -> {
                if (plane.tenant(tenant).classifiesAds()) {
                    run("ad_classification", tenant, () -> jobs.adClassification(tenant, runId("ad_classification", date, tenant)));
                }
            });
            case TUESDAY, FRIDAY -> forEachTenant(date, "05:00", tenant -> run("asset_download", tenant, () -> jobs.assetDownload(tenant)));
            default -> { }
        }
        if (date.getDayOfWeek() == DayOfWeek.THURSDAY) { // Thursday: globex's Meta access token expires at midnight
            at(date, "00:00", () -> plane.breakMetaApiFor("globex",
                    "access token of ad account act_2002 has expired (OAuthException, code 190)"));
        }
        forEachTenant(date, "06:00", tenant -> {
            RunId runId = runId("meta_sync", date, tenant);
            if (day == 7 && tenant.equals("initech")) {
                workerKilledDuringMetaSync(tenant, runId);
            } else {
                run("meta_sync", tenant, () -> jobs.metaSync(tenant, runId));
            }
        });
        forEachTenant(date, "07:30", tenant -> run("scorecard", tenant, () -> jobs.scorecard(tenant)));
        if (date.getDayOfWeek() == DayOfWeek.MONDAY) { // Mondays: the template scrape, one tenant after the other
            for (int i = 0; i < plane.tenants().size(); i++) {
                String tenant = plane.tenants().get(i).id();
                Duration takes = day == 7 && tenant.equals("initech") ? Duration.ofHours(2) : Duration.ofMinutes(15);
                Instant startsAt = instant(date, "07:00").plus(Duration.ofMinutes(20L * i));
                at(startsAt, () -> templateScrape(tenant, startsAt.plus(takes)));
            }
        }
        if (day < 7) {
            at(date, "12:00", () -> run("template_approval", null,
                    () -> jobs.templateApproval(RunId.of("template_approval-" + date))));
        }
        switch (date.getDayOfWeek()) {
            case TUESDAY, THURSDAY -> at(date, "10:00", () -> {
                for (ControlPlane.Product product : plane.products()) {
                    if (plane.tenantOfProduct(product.id()).isEmpty()) {
                        note("ad_creation for product " + product.id() + ": the join found no brand, so the ads were"
                                + " created and nothing was recorded");
                    }
                    run("ad_creation", product.tenantId(), () -> jobs.adCreation(product.id()));
                }
            });
            default -> { }
        }
        if (date.getDayOfWeek() == DayOfWeek.TUESDAY) { // Tuesday: a full reanalysis, of no single tenant
            at(date, "14:00", () -> {
                note("congruence_reanalysis of every tenant, with no target tenant: not tracked");
                run("congruence_reanalysis", null, () -> jobs.congruenceReanalysis(Optional.empty()));
            });
        }
        if (date.getDayOfWeek() == DayOfWeek.FRIDAY) { // Friday: acme asked for its own reanalysis
            at(date, "14:00", () -> run("congruence_reanalysis", "acme", () -> jobs.congruenceReanalysis(Optional.of("acme"))));
        }
    }

    /**
     * A killed process reports nothing more: all it leaves is the start its tracked job recorded. The handle is
     * deliberately never closed. Reports must call this run abandoned once it is older than the dataset's max
     * run duration, instead of "refreshing" forever.
     */
    private void workerKilledDuringMetaSync(String tenant, RunId runId) {
        runs++;
        freshness.track(Scope.tenant(tenant), "meta_ads_performance").job("meta_sync").runId(runId).start();
        awaitStartRecorded(new InFlight(Scope.tenant(tenant), "meta_ads_performance", runId));
        note("the worker running meta_sync for " + tenant + " was killed in step 1: its start is all it recorded");
    }

    private void templateScrape(String tenant, Instant finishesAt) {
        runs++;
        CompletableFuture<Integer> tracked = jobs.templateScrape(tenant);
        awaitStartRecorded(new InFlight(Scope.tenant(tenant), "templates_scraped", null));
        if (finishesAt.isAfter(END)) {
            note("template_scrape for " + tenant + " started; it is still running when the week ends");
            return;
        }
        at(finishesAt, () -> {
            plane.finishScrape(tenant);
            tracked.join(); // completes once the outcome is recorded
        });
    }

    private interface Job {
        void run() throws Exception;
    }

    /** Runs a job as a scheduler would: a failure is noted (the scheduler's log), never thrown further. */
    private void run(String job, String tenant, Job handler) {
        runs++;
        Instant startedAt = clock.instant();
        try {
            handler.run();
        } catch (Exception e) {
            note(startedAt, job + " failed for " + tenant + ": " + JobError.of(e).shortForm());
        }
    }

    private void note(String text) {
        note(clock.instant(), text);
    }

    /** Notes {@code text}; the same text again only counts one more time. */
    private void note(Instant at, String text) {
        notes.merge(text, new Note(at, text, 1), (first, again) -> new Note(first.at(), text, first.times() + 1));
    }

    private void forEachTenant(LocalDate date, String time, Consumer<String> action) {
        for (String tenant : plane.tenantIds()) {
            at(date, time, () -> action.accept(tenant));
        }
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

    private static RunId runId(String job, LocalDate date, String tenant) {
        return RunId.of(job + "-" + date + "-" + tenant);
    }

    /**
     * The tracked job sends a start to a store that may block without waiting for it (only an outcome is waited
     * for). A run that stays in flight past the current instant has no outcome yet, so the week waits here until
     * its start is visible, as a report read a moment later would find it: otherwise the monitor's reading of the
     * hour would depend on how fast the store's thread is.
     */
    private void awaitStartRecorded(InFlight run) {
        long deadline = System.nanoTime() + START_VISIBLE_WITHIN.toNanos();
        while (!startRecorded(run)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the start of " + run + " was not recorded within "
                        + START_VISIBLE_WITHIN.toSeconds() + " seconds; see the log");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + run, e);
            }
        }
    }

    private boolean startRecorded(InFlight run) {
        DatasetStatus status = freshness.records().status(run.scope(), run.dataset());
        return status.runsInFlight().stream().anyMatch(start -> run.runId() == null || start.runId().equals(run.runId()));
    }
}
