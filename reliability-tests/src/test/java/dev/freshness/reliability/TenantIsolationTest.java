package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 8, tenant isolation: 10,000 random calls (writes, reads, reports, cross-scope pages and prunes) across 20
 * tenants that share every dataset key and every run id. After each read, what the store returned is compared
 * with a model kept per tenant: a read, report or prune that returned or changed another tenant's data shows as a
 * difference.
 */
class TenantIsolationTest {

    static final int CALLS = 10_000;
    static final int TENANTS = 20;
    private static final List<Scope> SCOPES = IntStream.range(0, TENANTS).mapToObj(i -> Scope.tenant("tenant-" + i)).toList();
    private static final List<String> DATASETS = List.of("orders", "ads", "assets", "scores", "templates");
    private static final List<RunId> RUN_IDS = IntStream.range(0, 8).mapToObj(i -> RunId.of("run-" + i)).toList();
    private static final JobError ERROR = JobError.of("java.io.IOException", "boom", null);
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders").dataset("ads", "Ads").dataset("assets", "Assets").dataset("scores", "Scores")
            .dataset("templates", "Templates")
            .producer("job", DATASETS.toArray(String[]::new))
            .page("everything", "Everything", DATASETS.stream().map(key -> Requirement.of(key, Duration.ofMinutes(30)))
                    .toArray(Requirement[]::new))
            .build();

    @ParameterizedTest
    @ValueSource(strings = {"IN_MEMORY", "H2", "POSTGRESQL"})
    void noCallForOneTenantReturnsOrChangesAnothersData(String storeKind) {
        if (storeKind.equals("IN_MEMORY")) {
            run(storeKind, new InMemoryFreshnessStore());
            return;
        }
        try (OwnDatabase database = Databases.valueOf(storeKind).open()) {
            run(storeKind, database.store("tenants"));
        }
    }

    private static void run(String storeKind, FreshnessStore store) {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T06:00:00Z"));
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build()) {
            run(storeKind, store, freshness, clock, random, seed);
        }
    }

    private static void run(String storeKind, FreshnessStore store, DatasetFreshness freshness, SettableClock clock,
                            Random random, long seed) {
        FreshnessRecords records = freshness.records();
        Model model = new Model();
        List<String> differences = new ArrayList<>();
        Map<String, Integer> calls = new LinkedHashMap<>();

        for (int call = 0; call < CALLS && differences.size() < 10; call++) {
            clock.advance(Duration.ofSeconds(random.nextInt(120)));
            Scope scope = SCOPES.get(random.nextInt(TENANTS));
            String dataset = DATASETS.get(random.nextInt(DATASETS.size()));
            RunId runId = RUN_IDS.get(random.nextInt(RUN_IDS.size()));
            int dice = random.nextInt(100);
            String kind;
            if (dice < 55) {
                kind = "write";
                DatasetKey key = DatasetKey.of(dataset);
                Instant now = clock.instant();
                switch (random.nextInt(3)) {
                    case 0 -> {
                        records.recordStart(scope, dataset, runId);
                        model.apply(new RunEvent.Started(scope, key, runId, now, null));
                    }
                    case 1 -> {
                        long affected = random.nextInt(100);
                        records.recordSuccess(scope, dataset, runId, affected);
                        model.apply(new RunEvent.Succeeded(scope, key, runId, now, affected));
                    }
                    default -> {
                        records.recordFailure(scope, dataset, runId, ERROR);
                        model.apply(new RunEvent.Failed(scope, key, runId, now, ERROR));
                    }
                }
            } else if (dice < 65) {
                kind = "status";
                compare(differences, "status", model.expected(scope, dataset), records.status(scope, dataset));
            } else if (dice < 75) {
                kind = "statuses";
                records.statuses(scope, DATASETS).forEach((key, status) ->
                        compare(differences, "statuses of " + scope, model.expected(scope, key.value()), status));
            } else if (dice < 83) {
                kind = "history";
                List<RunRecord> history = records.history(scope, dataset, 50);
                Set<RunId> runs = history.stream().map(RunRecord::runId).collect(Collectors.toCollection(TreeSet::new));
                if (!history.stream().allMatch(run -> run.scope().equals(scope) && run.dataset().value().equals(dataset))
                        || !runs.equals(model.historyRuns(scope, dataset))) {
                    differences.add("history of " + scope + "/" + dataset + ": " + history + " but the model has "
                            + model.historyRuns(scope, dataset));
                }
            } else if (dice < 90) {
                kind = "report";
                FreshnessReport report = freshness.report(scope, "everything");
                if (!report.scope().equals(scope)) {
                    differences.add("report for " + scope + " is about " + report.scope());
                }
                for (DatasetVerdict verdict : report.verdicts()) {
                    compare(differences, "report of " + scope, model.expected(scope, verdict.dataset().key().value()),
                            verdict.status());
                }
            } else if (dice < 96) {
                kind = "across scopes";
                Instant before = clock.instant().minus(Duration.ofMinutes(30));
                Set<Scope> expected = model.scopesLastSucceededBefore(dataset, before);
                // Through the API, which reads the store in pages of its own size...
                Set<Scope> seen = new TreeSet<>();
                records.statusesLastSucceededBefore(dataset, before).forEach(status -> {
                    seen.add(status.scope());
                    compare(differences, "across scopes", model.expected(status.scope(), dataset), status);
                });
                if (!seen.equals(expected)) {
                    differences.add("scopes of " + dataset + " last succeeded before " + before + ": " + seen
                            + " but the model has " + expected);
                }
                // ...and through the store, in small random pages, so that every page boundary is crossed.
                CrossScopeQuery query = CrossScopeQuery.of(Set.of(DatasetKey.of(dataset))).lastSucceededBefore(before)
                        .limit(1 + random.nextInt(7));
                Set<Scope> paged = new TreeSet<>();
                while (true) {
                    StatusPage page = store.statusesAcrossScopes(query);
                    for (DatasetStatus status : page.statuses()) {
                        paged.add(status.scope());
                        compare(differences, "across scopes, paged", model.expected(status.scope(), dataset), status);
                    }
                    if (page.nextPage().isEmpty()) {
                        break;
                    }
                    query = query.after(page.nextPage().get());
                }
                if (!paged.equals(expected)) {
                    differences.add("scopes of " + dataset + " last succeeded before " + before + ", in pages of "
                            + query.limit() + ": " + paged + " but the model has " + expected);
                }
            } else {
                kind = "prune";
                Duration age = Duration.ofMinutes(10 + random.nextInt(50));
                int deleted = records.pruneHistoryOlderThan(age);
                int expected = model.prune(clock.instant().minus(age));
                if (deleted != expected) {
                    differences.add("prune deleted " + deleted + " history rows, the model " + expected);
                }
            }
            calls.merge(kind, 1, Integer::sum);
        }
        // Finally, every tenant's every status, so that no change made by any call can hide.
        for (Scope scope : SCOPES) {
            for (String dataset : DATASETS) {
                compare(differences, "final status", model.expected(scope, dataset), records.status(scope, dataset));
            }
        }
        Figures.record("tenant isolation on %s: %d calls across %d tenants sharing %d dataset keys and %d "
                + "run ids (%s), %d differences%n", storeKind, calls.values().stream().mapToInt(Integer::intValue).sum(),
                TENANTS, DATASETS.size(), RUN_IDS.size(), calls, differences.size());
        assertThat(differences).as("differences from the per-tenant model (seed %d)", seed).isEmpty();
    }

    private static void compare(List<String> differences, String call, ReferenceStatuses.Expected expected,
                                DatasetStatus actual) {
        ReferenceStatuses.Expected found = actual.isEmpty() ? null : ReferenceStatuses.Expected.of(actual);
        ReferenceStatuses.Expected wanted = expected.lastStart().isEmpty() && expected.lastSuccess().isEmpty()
                && expected.lastFailure().isEmpty() ? null : expected;
        if (!Objects.equals(wanted, found)) {
            differences.add(call + " " + actual.scope() + "/" + actual.dataset() + ": expected " + wanted + " but was "
                    + found);
        }
    }

    /** What each tenant's statuses and history hold: the greatest event of each kind, and one record per run. */
    private static final class Model {
        private static final Comparator<RunEvent> LATEST = Comparator.comparing((RunEvent event) -> event.at())
                .thenComparing(RunEvent::runId);

        private record Pair(Scope scope, String dataset) {
        }

        /**
         * The scopes that recorded anything: recording an event of one dataset makes the statuses of the others
         * that the page needs with it exist, empty, so each of them is in every cross-scope read.
         */
        private final Set<Scope> recorded = new TreeSet<>();

        /** A history record: its latest event instant, and whether it started and finished. */
        private static final class Record {
            Instant lastActivity;
            boolean started;
            boolean finished;
        }

        private final Map<Pair, List<RunEvent>> events = new HashMap<>();
        private final Map<Pair, Map<RunId, Record>> history = new HashMap<>();

        void apply(RunEvent event) {
            recorded.add(event.scope());
            Pair pair = new Pair(event.scope(), event.dataset().value());
            events.computeIfAbsent(pair, key -> new ArrayList<>()).add(event);
            Record record = history.computeIfAbsent(pair, key -> new HashMap<>())
                    .computeIfAbsent(event.runId(), key -> new Record());
            record.lastActivity = record.lastActivity == null || event.at().isAfter(record.lastActivity)
                    ? event.at() : record.lastActivity;
            record.started |= event instanceof RunEvent.Started;
            record.finished |= !(event instanceof RunEvent.Started);
        }

        ReferenceStatuses.Expected expected(Scope scope, String dataset) {
            Pair pair = new Pair(scope, dataset);
            List<RunEvent> ofPair = events.getOrDefault(pair, List.of());
            Set<RunId> inFlight = new TreeSet<>();
            history.getOrDefault(pair, Map.of()).forEach((runId, record) -> {
                if (record.started && !record.finished) {
                    inFlight.add(runId);
                }
            });
            return new ReferenceStatuses.Expected(
                    latest(ofPair, RunEvent.Started.class).map(event -> new DatasetStatus.Start(event.runId(), event.at())),
                    latestSuccess(pair),
                    latest(ofPair, RunEvent.Failed.class).map(event -> new DatasetStatus.Failure(event.runId(), event.at(), event.error())),
                    inFlight);
        }

        Set<RunId> historyRuns(Scope scope, String dataset) {
            return new TreeSet<>(history.getOrDefault(new Pair(scope, dataset), Map.of()).keySet());
        }

        Set<Scope> scopesLastSucceededBefore(String dataset, Instant before) {
            Set<Scope> scopes = new TreeSet<>();
            for (Scope scope : recorded) {
                Optional<DatasetStatus.Success> success = latestSuccess(new Pair(scope, dataset));
                if (success.isEmpty() || success.get().at().isBefore(before)) {
                    scopes.add(scope);
                }
            }
            return scopes;
        }

        /** Deletes the records older than {@code olderThan}, except each pair's last success; returns how many. */
        int prune(Instant olderThan) {
            int deleted = 0;
            for (Map.Entry<Pair, Map<RunId, Record>> pair : history.entrySet()) {
                RunId keep = latestSuccess(pair.getKey()).map(DatasetStatus.Success::runId).orElse(null);
                var records = pair.getValue().entrySet().iterator();
                while (records.hasNext()) {
                    var record = records.next();
                    if (!record.getKey().equals(keep) && record.getValue().lastActivity.isBefore(olderThan)) {
                        records.remove();
                        deleted++;
                    }
                }
            }
            return deleted;
        }

        private Optional<DatasetStatus.Success> latestSuccess(Pair pair) {
            return latest(events.getOrDefault(pair, List.of()), RunEvent.Succeeded.class)
                    .map(event -> new DatasetStatus.Success(event.runId(), event.at(), event.recordsAffected()));
        }

        private static <E extends RunEvent> Optional<E> latest(List<RunEvent> events, Class<E> kind) {
            return events.stream().filter(kind::isInstance).map(kind::cast).max(LATEST);
        }
    }
}
