package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 5, clocks: with the database clock, two writers whose clocks are 10 minutes apart agree on what happened
 * last, so every reader's verdict is the same; and stored instants read back exactly whatever the JVM's time zone
 * when written and when read, including instants inside a daylight-saving gap and overlap.
 */
class ClockTest {

    static final Duration SKEW = Duration.ofMinutes(10);
    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .producer("import", "orders")
            .page("orders_page", "Orders", Requirement.of("orders", Duration.ofHours(1)))
            .build();
    static final List<String> ZONES = List.of("UTC", "Asia/Kolkata", "America/New_York");
    /** 02:30 on 8 March 2026 does not exist in New York: clocks jump from 02:00 to 03:00. */
    static final Instant IN_DST_GAP = Instant.parse("2026-03-08T07:30:00.123456Z");
    /** 01:30 on 1 November 2026 happens twice in New York: these are the first and the second. */
    static final Instant IN_DST_OVERLAP_FIRST = Instant.parse("2026-11-01T05:30:00.654321Z");
    static final Instant IN_DST_OVERLAP_SECOND = Instant.parse("2026-11-01T06:30:00.654321Z");
    static final List<Instant> INSTANTS = List.of(IN_DST_GAP, IN_DST_OVERLAP_FIRST, IN_DST_OVERLAP_SECOND,
            Instant.parse("2026-06-30T23:59:59.999999Z"), Instant.parse("1999-12-31T18:30:00.000001Z"));

    @ParameterizedTest
    @EnumSource(Databases.class)
    void writersWithClocksTenMinutesApartAgreeOnTheVerdictWithTheDatabaseClock(Databases kind) {
        try (OwnDatabase database = kind.open()) {
            JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource())
                    .withTablePrefix(Databases.PREFIX + "clock_").usingDbTime().createSchemaIfMissing().build();
            Clock behind = Clock.offset(Clock.systemUTC(), SKEW.dividedBy(2).negated());
            Clock ahead = Clock.offset(Clock.systemUTC(), SKEW.dividedBy(2));
            try (DatasetFreshness writerBehind = DatasetFreshness.using(store, CATALOG).withClock(behind).build();
                 DatasetFreshness writerAhead = DatasetFreshness.using(store, CATALOG).withClock(ahead).build()) {
                writeAndAgree(kind, writerBehind, writerAhead);
            }
        }
    }

    private static void writeAndAgree(Databases kind, DatasetFreshness writerBehind, DatasetFreshness writerAhead) {
        // The writer ahead fails, then the writer behind succeeds: the success is the latest attempt.
        writerAhead.records().recordFailure(ACME, "orders", RunId.of("ahead-1"), new IllegalStateException("boom"));
        writerBehind.records().recordSuccess(ACME, "orders", RunId.of("behind-1"), 3);
        List<DatasetVerdict> afterSuccess = List.of(verdict(writerBehind), verdict(writerAhead));
        assertThat(afterSuccess).allSatisfy(verdict -> {
            assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.FRESH);
            assertThat(verdict.runState().failing()).isEmpty();
        });

        // Then the writer behind fails after the writer ahead succeeded: the failure is the latest attempt.
        writerAhead.records().recordSuccess(ACME, "orders", RunId.of("ahead-2"), 4);
        writerBehind.records().recordFailure(ACME, "orders", RunId.of("behind-2"), new IllegalStateException("bang"));
        List<DatasetVerdict> afterFailure = List.of(verdict(writerBehind), verdict(writerAhead));
        assertThat(afterFailure).allSatisfy(verdict -> {
            assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.FRESH);
            assertThat(verdict.runState().failing()).map(DatasetStatus.Failure::runId).hasValue(RunId.of("behind-2"));
            assertThat(verdict.lastRefresh()).map(DatasetStatus.Success::runId).hasValue(RunId.of("ahead-2"));
        });
        DatasetStatus status = writerAhead.records().status(ACME, "orders");
        Instant success = status.lastSuccess().orElseThrow().at();
        Instant failure = status.lastFailure().orElseThrow().at();
        Figures.record("clocks on %s: writers %s apart; stored success %s, later failure %s (database time)%n",
                kind, SKEW, success, failure);
        assertThat(failure).isAfterOrEqualTo(success);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void instantsReadBackExactlyWhateverTheJvmTimeZoneOfTheWriterAndTheReader(Databases kind) {
        TimeZone original = TimeZone.getDefault();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (OwnDatabase database = kind.open()) {
            database.store("zone");
            for (String writerZone : ZONES) {
                TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(writerZone)));
                JdbcFreshnessStore writer = storeOnNewConnections(database);
                Scope scope = Scope.tenant("written-in-" + writerZone);
                for (int i = 0; i < INSTANTS.size(); i++) {
                    Instant at = INSTANTS.get(i);
                    writer.apply(new RunEvent.Started(scope, ORDERS, RunId.of("start-" + i), at, null));
                    writer.apply(new RunEvent.Succeeded(scope, ORDERS, RunId.of("success-" + i), at, i));
                    writer.apply(new RunEvent.Failed(scope, ORDERS, RunId.of("failure-" + i), at,
                            JobError.of("E", "at " + at, null)));
                }
            }
            for (String readerZone : ZONES) {
                TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(readerZone)));
                JdbcFreshnessStore reader = storeOnNewConnections(database);
                for (String writerZone : ZONES) {
                    Scope scope = Scope.tenant("written-in-" + writerZone);
                    for (int i = 0; i < INSTANTS.size(); i++) {
                        Instant at = INSTANTS.get(i);
                        checked += 3;
                        expect(mismatches, readerZone, writerZone, "start", at, read(reader, "start-" + i, scope).startedAt());
                        expect(mismatches, readerZone, writerZone, "success", at, read(reader, "success-" + i, scope).finishedAt());
                        expect(mismatches, readerZone, writerZone, "failure", at, read(reader, "failure-" + i, scope).finishedAt());
                    }
                    DatasetStatus status = reader.status(scope, ORDERS).orElseThrow();
                    Instant latest = INSTANTS.stream().max(Instant::compareTo).orElseThrow();
                    expect(mismatches, readerZone, writerZone, "last success", latest, status.lastSuccess().orElseThrow().at());
                    checked++;
                }
            }
        } finally {
            TimeZone.setDefault(original);
        }
        Figures.record("time zones on %s: %d instants checked (writer x reader zone in %s), %d differ%n",
                kind, checked, ZONES, mismatches.size());
        assertThat(mismatches).isEmpty();
        assertThat(TimeZone.getDefault()).isEqualTo(original);
    }

    private static RunRecord read(JdbcFreshnessStore store, String runId, Scope scope) {
        return store.runHistory(RunId.of(runId)).stream().filter(run -> run.scope().equals(scope)).findFirst().orElseThrow();
    }

    private static void expect(List<String> mismatches, String readerZone, String writerZone, String what,
                               Instant expected, Instant actual) {
        if (!expected.equals(actual)) {
            mismatches.add(what + " written in " + writerZone + ", read in " + readerZone + ": " + actual
                    + " instead of " + expected);
        }
    }

    /** A store over connections opened now, so that the driver and the session see the current default zone. */
    private static JdbcFreshnessStore storeOnNewConnections(OwnDatabase database) {
        return JdbcFreshnessStore.using(database.newDataSource(2)).withTablePrefix(Databases.PREFIX + "zone_").build();
    }

    private static DatasetVerdict verdict(DatasetFreshness reader) {
        return reader.report(ACME, "orders_page").verdicts().get(0);
    }
}
