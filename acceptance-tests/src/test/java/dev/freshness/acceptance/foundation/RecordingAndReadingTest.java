package dev.freshness.acceptance.foundation;

import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testkit.CountingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The explicit calls of the entry point's raw facts as the original system used them, over the in-memory store. */
class RecordingAndReadingTest {

    private static final Instant MONDAY = Instant.parse("2026-01-05T09:00:00Z");
    private static final Scope BRAND = Scope.tenant("brand-42");

    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final SettableClock clock = SettableClock.at(MONDAY);
    private final DatasetFreshness freshness = DatasetFreshness.using(store, ReferenceSystem.catalog())
            .withClock(clock).build();
    private final FreshnessRecords records = freshness.records();

    @AfterEach
    void close() {
        freshness.close();
    }

    @Test
    void aRunIsStampedByTheClockFromStartToSuccess() {
        RunId run = RunId.of("scorecard-1");
        records.recordStart(BRAND, "scorecard", run, "scorecard");
        assertThat(records.status(BRAND, "scorecard").runsInFlight())
                .containsExactly(new DatasetStatus.Start(run, MONDAY));

        clock.advance(Duration.ofMinutes(3));
        records.recordSuccess(BRAND, "scorecard", run, 120);

        DatasetStatus status = records.status(BRAND, "scorecard");
        assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(run, MONDAY.plus(Duration.ofMinutes(3)), 120));
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(records.runHistory(run)).containsExactly(new RunRecord(BRAND, DatasetKey.of("scorecard"), run,
                "scorecard", MONDAY, MONDAY.plus(Duration.ofMinutes(3)), RunRecord.Outcome.SUCCEEDED, 120, null));
    }

    @Test
    void aRunThatReportsBothOutcomesEndsWithTheLastOne() {
        RunId run = RunId.of("meta-sync-7");
        records.recordStart(BRAND, "ad_assets", run, null);
        clock.advance(Duration.ofSeconds(10));
        records.recordSuccess(BRAND, "ad_assets", run, 5);
        clock.advance(Duration.ofSeconds(1));
        records.recordFailure(BRAND, "ad_assets", run, new IllegalStateException("commit failed"));

        DatasetStatus status = records.status(BRAND, "ad_assets");
        assertThat(status.lastSuccess()).isPresent();
        assertThat(status.latestAttemptFailed()).isTrue();
        assertThat(status.lastFailure().orElseThrow().error().shortForm()).isEqualTo("IllegalStateException: commit failed");
        assertThat(records.runHistory(run)).singleElement()
                .extracting(RunRecord::outcome).isEqualTo(RunRecord.Outcome.FAILED);
    }

    @Test
    void oneRunRefreshesSeveralDatasetsAndScopes() {
        RunId run = RunId.of("meta-sync-8");
        for (String dataset : List.of("meta_ads_performance", "ad_thumbnails")) {
            records.recordStart(BRAND, dataset, run, "meta_sync");
            records.recordSuccess(BRAND, dataset, run, 10);
        }
        records.recordSuccess(Scope.global(), "ad_thumbnails", run, 30);
        store.reset();

        Map<DatasetKey, DatasetStatus> statuses = records.statuses(BRAND,
                List.of("ad_thumbnails", "meta_ads_performance", "never_recorded"));

        assertThat(store.statusesCalls()).as("read in one store call").isEqualTo(1);
        assertThat(statuses).containsOnlyKeys(DatasetKey.of("ad_thumbnails"), DatasetKey.of("meta_ads_performance"),
                DatasetKey.of("never_recorded"));
        assertThat(statuses.keySet()).extracting(DatasetKey::value)
                .as("in the order asked").containsExactly("ad_thumbnails", "meta_ads_performance", "never_recorded");
        assertThat(statuses.get(DatasetKey.of("never_recorded")).isEmpty()).isTrue();
        assertThat(statuses.get(DatasetKey.of("ad_thumbnails")).lastSuccess().orElseThrow().recordsAffected())
                .as("the brand's own count, not the global one").isEqualTo(10);
        assertThat(records.runHistory(run)).extracting(record -> record.scope().key() + "/" + record.dataset())
                .containsExactly("*/ad_thumbnails", "brand-42/ad_thumbnails", "brand-42/meta_ads_performance");
    }

    @Test
    void theScopesThatLastSucceededTooLongAgoAreStreamedInScopeOrder() {
        for (String brand : List.of("brand-1", "brand-2", "brand-3", "brand-4")) {
            records.recordSuccess(Scope.tenant(brand), "templates_scraped", RunId.random(), 1);
            clock.advance(Duration.ofDays(1));
        }
        records.recordFailure(Scope.tenant("brand-5"), "templates_scraped", RunId.random(), new RuntimeException("x"));

        Instant twoDaysAgo = clock.instant().minus(Duration.ofDays(2));

        assertThat(records.statusesLastSucceededBefore("templates_scraped", twoDaysAgo))
                .extracting(status -> status.scope().key()).containsExactly("brand-1", "brand-2", "brand-5");
    }

    @Test
    void theStreamReadsTheStoreLazilyPageByPage() {
        int scopes = 2 * FreshnessRecords.STATUSES_PER_READ + 1;
        List<String> tenants = IntStream.range(0, scopes).mapToObj(i -> String.format("brand-%04d", i)).toList();
        for (String tenant : tenants) {
            records.recordSuccess(Scope.tenant(tenant), "templates_scraped", RunId.random(), 1);
        }
        clock.advance(Duration.ofDays(8));
        store.reset();

        assertThat(records.statusesLastSucceededBefore("templates_scraped", clock.instant()).limit(3))
                .extracting(status -> status.scope().key()).containsExactly("brand-0000", "brand-0001", "brand-0002");
        assertThat(store.crossScopeQueries()).as("the first page only").hasSize(1);

        store.reset();
        assertThat(records.statusesLastSucceededBefore("templates_scraped", clock.instant()))
                .extracting(status -> status.scope().key()).containsExactlyElementsOf(tenants);
        assertThat(store.crossScopeQueries()).as("three pages").hasSize(3)
                .allSatisfy(query -> assertThat(query.limit()).isEqualTo(FreshnessRecords.STATUSES_PER_READ));
    }

    @Test
    void pruningKeepsTheLatestSuccessAndTheStatus() {
        RunId old = RunId.of("old");
        RunId latest = RunId.of("latest");
        records.recordSuccess(BRAND, "scorecard", old, 1);
        clock.advance(Duration.ofDays(1));
        records.recordSuccess(BRAND, "scorecard", latest, 2);
        clock.advance(Duration.ofDays(1));
        records.recordFailure(BRAND, "scorecard", RunId.of("failed"), new RuntimeException("x"));
        DatasetStatus before = records.status(BRAND, "scorecard");
        clock.advance(Duration.ofDays(90));

        assertThat(records.pruneHistoryOlderThan(Duration.ofDays(30))).isEqualTo(2);

        assertThat(records.history(BRAND, "scorecard", 10)).extracting(RunRecord::runId).containsExactly(latest);
        assertThat(records.status(BRAND, "scorecard")).isEqualTo(before);
    }
}
