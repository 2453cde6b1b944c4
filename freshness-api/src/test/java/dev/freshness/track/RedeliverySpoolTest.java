package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.freshness.track.RedeliveryTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With a spool directory, the queue outlives the instance: what it could not write is replayed by the next
 * instance over the directory; damaged and cut-short records are skipped and reported; written events are
 * never replayed.
 */
class RedeliverySpoolTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final String SPOOL_FILE = "freshness-redelivery.spool";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private CapturedLog log;

    @TempDir
    Path spool;

    @BeforeEach
    void captureTheWarnings() {
        log = CapturedLog.of(CapturedLog.TRACKING);
    }

    @AfterEach
    void releaseTheLog() {
        log.close();
    }

    private DatasetFreshness.Builder builder(SwitchableStore store) {
        return AnyDataset.using(store).withClock(clock).withRedeliverySpool(spool)
                .withRedeliveryBackoff(Duration.ofMillis(2), Duration.ofMillis(10));
    }

    /** Three runs while the store is down, the last one failing with an awkward message; closed at once. */
    private void leaveThreeRunsInTheSpool() {
        SwitchableStore down = new SwitchableStore(false);
        down.down();
        try (DatasetFreshness first = builder(down).withRedeliveryCloseTimeout(Duration.ZERO).build()) {
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(1));
                TrackedJob job = first.track(ACME, "orders").runId(RunId.of("r" + i));
                if (i < 2) {
                    job.run(() -> { });
                } else {
                    try {
                        job.job("import").run(() -> {
                            throw new IllegalStateException("tab\there, line\nbreak, 100% \r and ü");
                        });
                    } catch (IllegalStateException expected) {
                        // The job's own failure, recorded (here: queued).
                    }
                }
            }
            assertThat(first.records().redeliveryStatus().queued()).isEqualTo(6);
        }
        assertThat(log.messages(Level.WARN)).last().asString()
                .contains("they stay in the redelivery spool " + spool + " and are written at the next start");
    }

    @Test
    void whatOneInstanceCouldNotWriteTheNextOneWritesExactlyOnce() throws Exception {
        leaveThreeRunsInTheSpool();
        SwitchableStore up = new SwitchableStore(false);
        try (DatasetFreshness second = builder(up).build()) {
            awaitTrue(() -> second.records().redeliveryStatus().isEmpty());
            assertThat(up.events()).extracting(event -> event.runId().value() + ":" + event.getClass().getSimpleName())
                    .containsExactly("r0:Started", "r0:Succeeded", "r1:Started", "r1:Succeeded", "r2:Started",
                            "r2:Failed");
            RunEvent.Failed failed = (RunEvent.Failed) up.events().get(5);
            assertThat(failed.error().message()).isEqualTo("tab\there, line\nbreak, 100% \r and ü");
            assertThat(failed.error().type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(((RunEvent.Started) up.events().get(4)).jobName()).isEqualTo("import");
            assertThat(((RunEvent.Started) up.events().get(0)).jobName()).isNull();
            assertThat(up.events().get(0).at()).isEqualTo(Instant.parse("2026-03-01T10:00:01Z"));
            assertThat(Files.size(spool.resolve(SPOOL_FILE))).as("emptied once everything is written").isZero();
        }
        SwitchableStore third = new SwitchableStore(false);
        try (DatasetFreshness again = builder(third).build()) {
            assertThat(again.records().redeliveryStatus().queued()).isZero();
        }
        assertThat(third.events()).as("nothing written is replayed").isEmpty();
        assertThat(log.messages(Level.INFO)).containsOnlyOnce("Replaying 6 event(s) left in the redelivery spool "
                + spool + " by the previous run");
    }

    @Test
    void damagedAndCutShortRecordsAreSkippedAndReportedNeverFatal() throws Exception {
        leaveThreeRunsInTheSpool();
        Path file = spool.resolve(SPOOL_FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        assertThat(lines).hasSize(6);
        // r0's success damaged (one character changed), r2's failure cut in the middle, as a kill mid-write leaves it.
        lines.set(1, lines.get(1).replace("r0", "rX"));
        String cut = lines.remove(5);
        String text = String.join("\n", lines) + "\n" + cut.substring(0, cut.length() / 2);
        Files.writeString(file, text, StandardCharsets.UTF_8);

        SwitchableStore up = new SwitchableStore(false);
        try (DatasetFreshness second = builder(up).build()) {
            awaitTrue(() -> second.records().redeliveryStatus().isEmpty());
        }
        assertThat(up.events()).extracting(event -> event.runId().value() + ":" + event.getClass().getSimpleName())
                .containsExactly("r0:Started", "r1:Started", "r1:Succeeded", "r2:Started");
        assertThat(log.messages(Level.WARN)).contains("The redelivery spool " + spool + " held 1 damaged line(s) and"
                + " a last line cut short (the process was killed while writing it); they were skipped: the events"
                + " they held, if any, cannot be replayed");
    }

    @Test
    void aLongOutageOverAFullQueueKeepsTheSpoolFileBounded() throws Exception {
        SwitchableStore store = new SwitchableStore(false);
        store.down();
        try (DatasetFreshness freshness = builder(store).withRedeliveryQueueCapacity(10)
                .withRedeliveryCloseTimeout(Duration.ZERO).build()) {
            for (int i = 0; i < 3_000; i++) {
                freshness.track(ACME, "orders").runId(RunId.of("r" + i)).run(() -> { });
            }
            assertThat(freshness.records().redeliveryStatus().dropped()).isEqualTo(5_990);
            // 6,000 events appended and 5,990 cancelled would be 11,990 lines; compaction keeps it near 4,000 at most.
            assertThat(Files.readAllLines(spool.resolve(SPOOL_FILE))).hasSizeLessThanOrEqualTo(4_001);
        }
        SwitchableStore up = new SwitchableStore(false);
        try (DatasetFreshness next = builder(up).build()) {
            awaitTrue(() -> next.records().redeliveryStatus().isEmpty());
        }
        assertThat(up.events()).extracting(event -> event.runId().value())
                .containsExactly("r2995", "r2995", "r2996", "r2996", "r2997", "r2997", "r2998", "r2998", "r2999", "r2999");
    }

    @Test
    void aSpoolDirectoryServesOneInstanceAtATime() {
        SwitchableStore store = new SwitchableStore(false);
        try (DatasetFreshness first = builder(store).build()) {
            assertThat(first.records().redeliveryStatus().isEmpty()).isTrue();
            assertThatThrownBy(() -> builder(store).build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("redeliverySpool " + spool + " is in use by another DatasetFreshness"
                            + " instance");
        }
        try (DatasetFreshness afterClose = builder(store).build()) {
            assertThat(afterClose.records().redeliveryStatus().isEmpty()).isTrue();
        }
    }

    @Test
    void aSpoolThatIsAFileIsRefusedNamingTheParameter() throws Exception {
        Path notADirectory = Files.writeString(spool.resolve("a-file"), "x");
        assertThatThrownBy(() -> AnyDataset.using(new SwitchableStore(false)).withRedeliverySpool(notADirectory).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("redeliverySpool " + notADirectory + " cannot be used");
    }

    @Test
    void theSpoolHoldsTheFailureAsRecorded() throws Exception {
        leaveThreeRunsInTheSpool();
        String text = Files.readString(spool.resolve(SPOOL_FILE), StandardCharsets.UTF_8);
        assertThat(text).contains("tab%09here, line%0Abreak, 100%25 %0D and ü").doesNotContain("\r");
    }
}
