package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsAffectedTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final RecordingStore store = new RecordingStore(false);
    private final DatasetFreshness freshness = AnyDataset.using(store)
            .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).build();

    record Scorecard(long adsAnalysed) {
    }

    @Test
    void countedFromTheResult() {
        Scorecard card = freshness.track(ACME, "scorecard").recordsFrom(Scorecard::adsAnalysed)
                .call(() -> new Scorecard(17));
        assertThat(card.adsAnalysed()).isEqualTo(17);
        assertThat(recorded()).isEqualTo(17);
    }

    @Test
    void noCountRecordsZero() {
        freshness.track(ACME, "scorecard").call(() -> "done");
        assertThat(recorded()).isZero();
    }

    @Test
    void theContextWinsOverTheCounter() {
        freshness.track(ACME, "scorecard").recordsFrom(List<?>::size).call(context -> {
            context.recordsAffected(40);
            return List.of(1);
        });
        assertThat(recorded()).isEqualTo(40);
    }

    @Test
    void theContextAddsUpFromManyThreads() throws Exception {
        freshness.track(ACME, "ad_assets").run(context -> {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 1000; i++) {
                pool.execute(() -> context.addRecordsAffected(2));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        });
        assertThat(recorded()).isEqualTo(2000);
    }

    @Test
    void aNegativeCountFromTheContextIsTheJobsOwnMistakeAndFailsIt() {
        assertThatThrownBy(() -> freshness.track(ACME, "scorecard").run(context -> context.recordsAffected(-2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be >= 0, was -2");
        assertThat(store.events()).last().isInstanceOf(RunEvent.Failed.class);
    }

    @Test
    void aCounterThatThrowsOrGoesNegativeRecordsZeroLogsAndKeepsTheResult() {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            List<String> value = freshness.track(ACME, "scorecard")
                    .recordsFrom((List<String> list) -> Long.parseLong(list.get(0))).call(() -> List.of("many"));
            assertThat(value).containsExactly("many");
            assertThat(recorded()).isZero();

            freshness.track(ACME, "ad_assets").recordsFrom((Integer n) -> -n).call(() -> 5);
            assertThat(recorded()).isZero();

            assertThat(log.messages(Level.WARN)).containsExactly(
                    "The records counter of scorecard threw; 0 is recorded",
                    "The records counter of ad_assets returned -5, a negative count; 0 is recorded");
        }
    }

    private long recorded() {
        return store.events().stream().filter(RunEvent.Succeeded.class::isInstance).map(RunEvent.Succeeded.class::cast)
                .reduce((first, second) -> second).orElseThrow().recordsAffected();
    }
}
