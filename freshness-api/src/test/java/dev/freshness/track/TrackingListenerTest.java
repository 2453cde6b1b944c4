package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class TrackingListenerTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void theListenerHearsStartsOutcomesAndStoreErrors() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        TrackingListener listener = new TrackingListener() {
            @Override
            public void onRunStarted(RunEvent.Started event) {
                heard.add("started " + event.dataset() + " " + event.jobName());
            }

            @Override
            public void onRunSucceeded(RunEvent.Succeeded event) {
                heard.add("succeeded " + event.dataset() + " " + event.recordsAffected());
            }

            @Override
            public void onRunFailed(RunEvent.Failed event) {
                heard.add("failed " + event.dataset() + " " + event.error().shortForm());
            }

            @Override
            public void onStoreError(RunEvent event, Throwable error) {
                heard.add("store error " + event.getClass().getSimpleName() + " " + error.getMessage());
            }
        };
        FailingStore store = new FailingStore(false, FailingStore.Fault.THROW, event -> event instanceof RunEvent.Failed);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withTrackingListener(listener).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.track(ACME, "scorecard").job("scorecard").recordsFrom(List<?>::size).call(() -> List.of(1, 2));
            catchThrowable(() -> freshness.track(ACME, "ad_assets").run(() -> {
                throw new IOException("disk full");
            }));
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("Could not record the failure");
        }

        assertThat(heard).containsExactly(
                "started scorecard scorecard", "succeeded scorecard 2",
                "started ad_assets null", "failed ad_assets IOException: disk full",
                "store error Failed store down while recording Failed");
    }

    @ParameterizedTest(name = "throws an Error: {0}")
    @ValueSource(booleans = {false, true})
    void aListenerThatThrowsNeverAffectsTheJobOrTheRecordingAndIsLogged(boolean throwsError) throws Exception {
        TrackingListener throwing = new TrackingListener() {
            @Override
            public void onRunStarted(RunEvent.Started event) {
                fail();
            }

            @Override
            public void onRunSucceeded(RunEvent.Succeeded event) {
                fail();
            }

            @Override
            public void onRunFailed(RunEvent.Failed event) {
                fail();
            }

            @Override
            public void onStoreError(RunEvent event, Throwable error) {
                fail();
            }

            private void fail() {
                if (throwsError) {
                    throw new AssertionError("listener broke");
                }
                throw new IllegalStateException("listener broke");
            }
        };
        RecordingStore store = new FailingStore(true, FailingStore.Fault.THROW,
                event -> event.dataset().value().equals("broken_store"));
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withTrackingListener(throwing).build();
        IOException own = new IOException("disk full");

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "scorecard").call(() -> "value")).isEqualTo("value");
            assertThat(catchThrowable(() -> freshness.track(ACME, "ad_assets").run(() -> {
                throw own;
            }))).isSameAs(own);
            assertThat(freshness.track(ACME, "broken_store").call(() -> 5)).isEqualTo(5);

            assertThat(own.getSuppressed()).isEmpty();
            assertThat(store.events()).hasSize(4);
            assertThat(log.messages(Level.WARN))
                    .filteredOn(message -> message.startsWith("Tracking listener"))
                    .as("one per dataset and minute").hasSize(3)
                    .allSatisfy(message -> assertThat(message).contains("threw", "ignored"));
        }
    }

    @Test
    void noOpListenerDoesNothing() {
        RunEvent.Started event = new RunEvent.Started(ACME, dev.freshness.core.DatasetKey.of("x"), dev.freshness.core.RunId.of("r"),
                clock.instant(), null);
        TrackingListener.NO_OP.onRunStarted(event);
        TrackingListener.NO_OP.onStoreError(event, new IllegalStateException());
        assertThat(TrackingListener.NO_OP).isNotNull();
    }
}
