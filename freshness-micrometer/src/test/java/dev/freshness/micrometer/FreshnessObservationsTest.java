package dev.freshness.micrometer;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.track.RunHandle;
import dev.freshness.track.TrackingListener;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.freshness.micrometer.ReferenceCatalog.CATALOG;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Each tracked run is an observation {@code freshness.run}, started with the run and stopped with its outcome. */
class FreshnessObservationsTest {

    private static final Scope ACME = Scope.tenant("acme");

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-09T09:00:00Z"));

    private DatasetFreshness freshness(TrackingListener listener) {
        return DatasetFreshness.using(new InMemoryFreshnessStore(), CATALOG).withClock(clock)
                .withTrackingListener(listener).build();
    }

    @Test
    void aSuccessfulRunIsObservedFromItsStartToItsEnd() {
        DatasetFreshness freshness = freshness(new FreshnessObservations(registry));

        freshness.track(ACME, "scorecard").job("scorecard").runId(RunId.of("run-7")).run(() ->
                assertThat(registry).hasSingleObservationThat().hasNameEqualTo("freshness.run")
                        .hasBeenStarted().isNotStopped().hasLowCardinalityKeyValue("outcome", "running"));

        assertThat(registry).hasSingleObservationThat()
                .hasNameEqualTo(DefaultFreshnessRunConvention.NAME)
                .hasContextualNameEqualTo("freshness.run scorecard")
                .hasBeenStarted().hasBeenStopped()
                .hasLowCardinalityKeyValue("dataset", "scorecard")
                .hasLowCardinalityKeyValue("job", "scorecard")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasHighCardinalityKeyValue("tenant", "acme")
                .hasHighCardinalityKeyValue("run.id", "run-7")
                .doesNotHaveError()
                .doesNotHaveParentObservation();
    }

    @Test
    void aFailedRunCarriesItsRedactedErrorNotTheJobsException() {
        DatasetFreshness freshness = freshness(new FreshnessObservations(registry));
        IOException own = new IOException("cannot reach jdbc:postgresql://db/ads?password=hunter2");

        Throwable thrown = catchThrowable(() -> freshness.track(Scope.global(), "ad_classifications").run(() -> {
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "failure")
                .hasLowCardinalityKeyValue("job", "none")
                .hasHighCardinalityKeyValue("tenant", "global")
                .hasError()
                .assertThatError().isInstanceOf(FailedRunException.class).hasNoCause()
                .hasMessageStartingWith("IOException: cannot reach").hasMessageNotContaining("hunter2");
    }

    @Test
    @SuppressWarnings("try") // the scope is what makes the batch current
    void theObservationCurrentWhenTheRunStartsIsItsParent() {
        DatasetFreshness freshness = freshness(new FreshnessObservations(registry));
        Observation batch = Observation.start("nightly.batch", registry);

        try (Observation.Scope scope = batch.openScope()) {
            freshness.track(ACME, "scorecard").run(() -> { });
        }
        batch.stop();

        assertThat(registry).hasObservationWithNameEqualTo("freshness.run").that().hasParentObservationEqualTo(batch);
    }

    @Test
    void everyRunOfAJobIsItsOwnObservationAndAsyncRunsEndWithTheirStage() {
        DatasetFreshness freshness = freshness(new FreshnessObservations(registry));
        CompletableFuture<List<String>> stage = new CompletableFuture<>();

        CompletableFuture<List<String>> tracked = freshness.track(ACME, "templates_scraped").callAsync(() -> stage);
        freshness.job("meta_sync").run(run -> {
            run.touched(ACME, "ad_classifications", 3);
            run.touched(Scope.tenant("globex"), "ad_classifications", 1);
        });
        try (RunHandle handle = freshness.start(ACME, "scorecard")) {
            handle.succeeded(2);
        }
        assertThat(registry).hasNumberOfObservationsEqualTo(4).hasAnObservation(observation -> observation
                .hasLowCardinalityKeyValue("dataset", "templates_scraped").hasLowCardinalityKeyValue("outcome", "running"));

        stage.complete(List.of("t"));

        assertThat(tracked).isCompleted();
        assertThat(registry).hasNumberOfObservationsEqualTo(4)
                .forAllObservationsWithNameEqualTo("freshness.run", observation -> observation
                        .hasLowCardinalityKeyValue("outcome", "success"));
    }

    @Test
    void aConventionOfTheUsersReplacesTheDefault() {
        FreshnessRunConvention custom = new DefaultFreshnessRunConvention() {
            @Override
            public String getName() {
                return "jobs.refresh";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(FreshnessRunContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "ads");
            }
        };
        DatasetFreshness freshness = freshness(new FreshnessObservations(registry, custom));

        freshness.track(ACME, "scorecard").run(() -> { });

        assertThat(registry).hasSingleObservationThat().hasNameEqualTo("jobs.refresh").hasBeenStopped()
                .hasLowCardinalityKeyValue("team", "ads").hasLowCardinalityKeyValue("dataset", "scorecard");
    }

    @Test
    void metricsAndObservationsListenTogether() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        FreshnessMetrics metrics = FreshnessMetrics.builder(store, CATALOG).withClock(clock).build();
        metrics.bindTo(meters);
        DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                .withTrackingListener(TrackingListener.composite(metrics, new FreshnessObservations(registry))).build();

        freshness.track(ACME, "scorecard").job("scorecard").run(() -> { });

        assertThat(registry).hasSingleObservationThat().hasBeenStopped();
        assertThat(meters.get(FreshnessMetrics.RUNS).tags("job", "scorecard", "outcome", "success").counter().count()).isEqualTo(1);
    }
}
