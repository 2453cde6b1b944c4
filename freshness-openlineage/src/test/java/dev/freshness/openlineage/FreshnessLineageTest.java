package dev.freshness.openlineage;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.FinishedRun;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Tracked runs as OpenLineage events, end to end through the client's HTTP transport to a local receiver. */
class FreshnessLineageTest {

    private static final Instant NOW = Instant.parse("2026-03-09T09:00:00Z");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("scorecard", "Scorecard").dataset("ad_classifications", "Ad classifications")
            .dataset("meta_ads_performance", "Meta ads performance").dataset("ad_thumbnails", "Ad thumbnails")
            .dataset("ad_assets", "Ad assets")
            .producer("scorecard", "scorecard").producer("ad_classification", "ad_classifications")
            .producer("meta_sync", "meta_ads_performance", "ad_thumbnails", "ad_assets", "ad_classifications").build();

    private final SettableClock clock = SettableClock.at(NOW);
    private final LineageReceiver receiver = new LineageReceiver();
    private FreshnessLineage lineage;

    @AfterEach
    void close() {
        if (lineage != null) {
            lineage.close();
        }
        receiver.close();
        assertThat(receiver.schemaViolations()).as("every event received is valid by the OpenLineage JSON schema")
                .isEmpty();
    }

    private DatasetFreshness freshness(FreshnessLineage.Builder builder) {
        lineage = builder.withClock(clock).build();
        return DatasetFreshness.using(new InMemoryFreshnessStore(), CATALOG).withClock(clock)
                .withTrackingListener(lineage).build();
    }

    @Test
    void aSuccessfulRunIsAStartAndACompleteWithItsOutputAndRowCount() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));

        freshness.track(Scope.tenant("acme"), "scorecard").job("scorecard").runId(RunId.of("run-1"))
                .recordsFrom(List<?>::size).call(() -> {
                    clock.advance(Duration.ofSeconds(42));
                    return List.of(1, 2, 3);
                });

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getRun().getRunId()).isEqualTo(UUID.fromString("1d294cfe-2343-521e-a56e-05788bc150df"));
            assertThat(event.getJob().getNamespace()).isEqualTo("freshness");
            assertThat(event.getJob().getName()).isEqualTo("scorecard");
            assertThat(event.getOutputs()).singleElement().satisfies(output -> {
                assertThat(output.getNamespace()).isEqualTo("freshness");
                assertThat(output.getName()).isEqualTo("acme/scorecard");
            });
            assertThat(event.getProducer()).isEqualTo(FreshnessLineage.DEFAULT_PRODUCER);
        });
        assertThat(events.get(0).getEventTime().toInstant()).isEqualTo(NOW);
        assertThat(events.get(1).getEventTime().toInstant()).isEqualTo(NOW.plusSeconds(42));
        assertThat(events.get(1).getOutputs().get(0).getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(3);
        assertThat(events.get(1).getRun().getFacets().getErrorMessage()).isNull();
    }

    @Test
    void aFailedRunIsAFailWithTheRedactedErrorMessage() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));
        IOException own = new IOException("cannot reach jdbc:postgresql://db/ads?password=hunter2");

        Throwable thrown = catchThrowable(() -> freshness.track(Scope.global(), "ad_classifications").run(() -> {
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.FAIL);
        OpenLineage.ErrorMessageRunFacet error = events.get(1).getRun().getFacets().getErrorMessage();
        assertThat(error.getMessage()).startsWith("java.io.IOException: cannot reach").doesNotContain("hunter2");
        assertThat(error.getProgrammingLanguage()).isEqualTo("JAVA");
        assertThat(events.get(1).getJob().getName()).as("no job named: the dataset").isEqualTo("ad_classifications");
        assertThat(events.get(1).getOutputs()).singleElement().satisfies(output -> {
            assertThat(output.getName()).isEqualTo("ad_classifications");
            assertThat(output.getOutputFacets()).isNull();
        });
    }

    @Test
    void theScopesOneRunTouchedAreTheOutputsOfOneEvent() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))).withJobNamespace("control-plane").withDatasetNamespace("postgres://ads")
                .withDatasetNaming((scope, dataset) -> dataset.value() + "@" + scope.key()));

        freshness.job("ad_classification").runId(RunId.of("nightly-7")).run(run -> {
            run.touched(Scope.tenant("acme"), "ad_classifications", 4);
            run.touched(Scope.tenant("globex"), "ad_classifications", 9);
            run.succeeded(Scope.tenant("initech"), "scorecard", 2);
            run.touched(Scope.global(), "ad_classifications", 13);
        });

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
        OpenLineage.RunEvent complete = events.get(1);
        assertThat(complete.getJob().getNamespace()).isEqualTo("control-plane");
        assertThat(complete.getJob().getName()).isEqualTo("ad_classification");
        assertThat(complete.getRun().getRunId()).isEqualTo(LineageRunIds.of(RunId.of("nightly-7")));
        assertThat(complete.getOutputs()).extracting(output -> output.getNamespace() + " " + output.getName() + " "
                        + output.getOutputFacets().getOutputStatistics().getRowCount())
                .containsExactlyInAnyOrder("postgres://ads ad_classifications@acme 4",
                        "postgres://ads ad_classifications@globex 9", "postgres://ads ad_classifications@* 13",
                        "postgres://ads scorecard@initech 2");
        assertThat(events.get(1).getEventTime().withZoneSameInstant(ZoneOffset.UTC).toInstant()).isEqualTo(NOW);
    }

    @Test
    void sequentialStepsOfAJobRunAreOneStartAndOneCompleteWithEveryOutput() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));
        Scope acme = Scope.tenant("acme");

        freshness.job("meta_sync").runId(RunId.of("meta_sync-2026-03-09-acme")).run(run -> {
            clock.advance(Duration.ofSeconds(1));
            run.track(acme, "meta_ads_performance").run(step -> step.recordsAffected(120));
            run.track(acme, "ad_thumbnails").recordsFrom(List<?>::size).call(() -> List.of(1, 2, 3));
            run.track(acme, "meta_ads_performance").run(step -> step.recordsAffected(30));
            clock.advance(Duration.ofSeconds(9));
        });

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        Thread.sleep(100);
        assertThat(receiver.received()).as("nothing more than one START and one COMPLETE").isEqualTo(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
        assertThat(events).extracting(event -> event.getRun().getRunId()).containsOnly(
                LineageRunIds.of(RunId.of("meta_sync-2026-03-09-acme")));
        assertThat(events).extracting(event -> event.getJob().getName()).containsOnly("meta_sync");
        assertThat(events.get(0).getEventTime().toInstant()).as("when the job's body started").isEqualTo(NOW);
        assertThat(events.get(0).getOutputs()).as("not known yet").isEmpty();
        assertThat(events.get(1).getEventTime().toInstant()).as("when the job's body ended").isEqualTo(NOW.plusSeconds(10));
        assertThat(events.get(1).getOutputs()).extracting(output -> output.getName() + " "
                        + output.getOutputFacets().getOutputStatistics().getRowCount())
                .containsExactly("acme/meta_ads_performance 150", "acme/ad_thumbnails 3");
    }

    @Test
    void stepsOfAJobRunOnSeveralThreadsAreStillOneStartAndOneComplete() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));
        List<String> tenants = List.of("acme", "globex", "initech", "umbrella", "hooli", "wonka", "stark", "wayne");

        freshness.job("scorecard").runId(RunId.of("parallel-1")).run(run -> CompletableFuture.allOf(tenants.stream()
                .map(tenant -> CompletableFuture.runAsync(() -> run.track(Scope.tenant(tenant), "scorecard")
                        .run(step -> step.recordsAffected(tenant.length()))))
                .toArray(CompletableFuture[]::new)).join());

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        Thread.sleep(100);
        assertThat(receiver.received()).isEqualTo(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
        assertThat(events.get(1).getOutputs()).extracting(output -> output.getName() + " "
                        + output.getOutputFacets().getOutputStatistics().getRowCount())
                .containsExactlyInAnyOrderElementsOf(tenants.stream().map(t -> t + "/scorecard " + t.length()).toList());
    }

    @Test
    void aFailingStepFailsItsJobRunOnceWithTheRedactedErrorAndTheOutputsOfEveryStep() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));
        Scope globex = Scope.tenant("globex");
        IOException own = new IOException("CDN refused https://cdn.example.com/a.mp4?token=EAAB-secret-42");

        Throwable thrown = catchThrowable(() -> freshness.job("meta_sync").run(run -> {
            run.track(globex, "meta_ads_performance").run(step -> step.recordsAffected(120));
            run.track(globex, "ad_assets").run(() -> {
                clock.advance(Duration.ofSeconds(3));
                throw own;
            });
        }));

        assertThat(thrown).isSameAs(own);
        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        Thread.sleep(100);
        assertThat(receiver.received()).isEqualTo(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.FAIL);
        OpenLineage.RunEvent fail = events.get(1);
        UUID runId = fail.getRun().getRunId();
        assertThat(runId.version()).as("the library made the run id: a UUIDv7 of the run's start").isEqualTo(7);
        assertThat(runId.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        assertThat(events.get(0).getRun().getRunId()).isEqualTo(runId);
        assertThat(fail.getRun().getFacets().getErrorMessage().getMessage())
                .startsWith("java.io.IOException: CDN refused https://cdn.example.com/a.mp4?token=").doesNotContain("EAAB");
        assertThat(fail.getOutputs()).extracting(output -> output.getName() + " " + (output.getOutputFacets() == null
                        ? "failed" : output.getOutputFacets().getOutputStatistics().getRowCount()))
                .containsExactly("globex/meta_ads_performance 120", "globex/ad_assets failed");
    }

    @Test
    void aJobRunWhoseBodyThrowsBeforeAnyStepFailsWithTheBodysError() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));

        catchThrowable(() -> freshness.job("meta_sync").run(run -> {
            throw new IllegalStateException("no access token: password=hunter2");
        }));

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.FAIL);
        assertThat(events.get(1).getOutputs()).isEmpty();
        assertThat(events.get(1).getRun().getFacets().getErrorMessage().getMessage())
                .startsWith("java.lang.IllegalStateException: no access").doesNotContain("hunter2");
    }

    @Test
    void anAsynchronousStepThatOutlivesItsJobsBodyEndsTheRunWhenItCompletes() throws Exception {
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));
        CompletableFuture<Integer> scraping = new CompletableFuture<>();

        CompletableFuture<Integer> tracked = freshness.job("scorecard").runId(RunId.of("async-1")).call(run ->
                run.track(Scope.tenant("acme"), "scorecard").recordsFrom(Integer::longValue).callAsync(() -> scraping));
        assertThat(receiver.awaitEvents(1)).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START);
        Thread.sleep(100);
        assertThat(receiver.received()).as("the run goes on after the body").isEqualTo(1);
        clock.advance(Duration.ofMinutes(15));
        scraping.complete(7);
        tracked.join();

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
        assertThat(events.get(1).getEventTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(events.get(1).getOutputs()).singleElement()
                .satisfies(output -> assertThat(output.getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(7));
    }

    @Test
    void anOutcomeHeardWithNoStartIsStillAStartAndAComplete() throws Exception {
        freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(), Duration.ofSeconds(5))));

        lineage.onRunFinished(new FinishedRun("scorecard", null, new RunEvent.Succeeded(Scope.tenant("acme"),
                DatasetKey.of("scorecard"), RunId.of("backfill-1"), NOW, 42)));

        List<OpenLineage.RunEvent> events = receiver.awaitEvents(2);
        assertThat(events).extracting(OpenLineage.RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
        assertThat(events).extracting(event -> event.getEventTime().toInstant()).containsOnly(NOW);
        assertThat(events.get(1).getOutputs().get(0).getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(42);
    }

    @Test
    void anEndpointThatIsDownNeverHoldsOrFailsAJob() throws Exception {
        URI down;
        try (ServerSocket socket = new ServerSocket(0)) {
            down = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(down, Duration.ofSeconds(1))));

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(freshness.track(Scope.tenant("acme"), "scorecard").call(() -> "value")).isEqualTo("value");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lineage.failedEvents() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lineage.failedEvents()).isEqualTo(10);
            assertThat(log.messages(Level.WARN)).as("once a minute").singleElement().asString()
                    .startsWith("OpenLineage events not sent since the last message: 0 dropped (queue full or closed), 1 failed to send");
        }
    }

    @Test
    void aSlowEndpointFillsTheQueueAndLaterEventsAreDroppedNotWaitedFor() throws Exception {
        receiver.answerAfter(Duration.ofMillis(500));
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))).withQueueCapacity(2));

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                freshness.track(Scope.tenant("acme"), "scorecard").run(() -> { });
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            assertThat(lineage.droppedEvents()).isGreaterThanOrEqualTo(15);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("dropped (queue full or closed)");
        }
        receiver.answerAfter(Duration.ZERO);
    }

    @Test
    void aSlowEndpointHoldsNoJobAndStillGetsEveryEventLater() throws Exception {
        receiver.answerAfter(Duration.ofMillis(200));
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofSeconds(5))));

        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(freshness.track(Scope.tenant("acme"), "scorecard").call(() -> "value")).isEqualTo("value");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not one answer waited for")
                .isLessThan(Duration.ofMillis(200));

        assertThat(receiver.awaitEvents(10)).hasSize(10).extracting(OpenLineage.RunEvent::getEventType)
                .containsExactly(EventType.START, EventType.COMPLETE, EventType.START, EventType.COMPLETE,
                        EventType.START, EventType.COMPLETE, EventType.START, EventType.COMPLETE,
                        EventType.START, EventType.COMPLETE);
        assertThat(lineage.droppedEvents() + lineage.failedEvents()).isZero();
        receiver.answerAfter(Duration.ZERO);
    }

    @Test
    void anEndpointThatHangsBeyondTheClientsTimeoutFailsTheSendsNeverTheJobs() throws Exception {
        receiver.answerAfter(Duration.ofSeconds(3));
        DatasetFreshness freshness = freshness(FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(),
                Duration.ofMillis(300))));

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            long started = System.nanoTime();
            Integer result = freshness.job("meta_sync").call(run -> run.track(Scope.tenant("acme"), "scorecard")
                    .call(() -> 42));
            assertThat(result).isEqualTo(42);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((lineage.failedEvents() < 1 || log.messages(Level.WARN).isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lineage.failedEvents()).as("the client gave up on the hanging endpoint").isPositive();
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("failed to send");
        }
        receiver.answerAfter(Duration.ZERO);
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        FreshnessLineage.Builder builder = FreshnessLineage.builder(LineageReceiver.clientOf(receiver.url(), Duration.ofSeconds(1)));

        assertThatThrownBy(() -> builder.withQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1, was 0");
        assertThatThrownBy(() -> builder.withJobNamespace(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace must not be blank");
        assertThatThrownBy(() -> builder.withDatasetNaming(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("naming");
        assertThatThrownBy(() -> FreshnessLineage.builder(null)).hasMessageContaining("client");
    }
}
