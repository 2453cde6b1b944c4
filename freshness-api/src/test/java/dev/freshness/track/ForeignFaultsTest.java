package dev.freshness.track;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The library runs the application's code while it records: the job's exception (its message, causes and
 * suppressed ones), the redactor, the listener, the store and the clock. Whatever that code throws, a
 * {@code StackOverflowError} included, and however deep or endless an exception's cause chain is, only the
 * job's own value or exception comes out of a tracked call.
 */
class ForeignFaultsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    /** A user's redactor that overflows the stack, as a backtracking regular expression on a long text does. */
    private static final ErrorRedactor OVERFLOWING = text -> {
        throw new StackOverflowError("regex backtracking");
    };

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void aRedactorThatOverflowsTheStackLeavesAFailingJobsOwnException(boolean mayBlock) {
        DatasetFreshness freshness = AnyDataset.using(new RecordingStore(mayBlock)).withClock(clock)
                .withErrorRedactor(OVERFLOWING).build();
        IOException own = new IOException("x".repeat(11_000));

        CapturedLog quiet = CapturedLog.of(CapturedLog.TRACKING);

        try (quiet) {
            assertThatThrownBy(() -> freshness.track(ACME, "ads").run(() -> {
                throw own;
            })).isSameAs(own);
        }
    }

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void aRedactorThatOverflowsTheStackLeavesTheValueOfAJobWhoseStoreFailed(boolean mayBlock) {
        DatasetFreshness freshness = AnyDataset.using(FailingStore.throwingOnEveryCall(mayBlock)).withClock(clock)
                .withErrorRedactor(OVERFLOWING).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "ads").call(() -> 42)).isEqualTo(42);
            assertThat(log.messages(Level.WARN)).isNotEmpty();
        }
    }

    @Test
    void anExceptionWhoseMessageThrowsAnErrorComesOutAsItself() {
        RuntimeException own = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new StackOverflowError("getMessage");
            }
        };
        DatasetFreshness freshness = AnyDataset.using(FailingStore.throwingOnEveryCall(false)).withClock(clock).build();

        CapturedLog quiet = CapturedLog.of(CapturedLog.TRACKING);

        try (quiet) {
            assertThatThrownBy(() -> freshness.track(ACME, "ads").run(() -> {
                throw own;
            })).isSameAs(own);
        }
    }

    @Test
    void aListenerThrowingAnExceptionTenThousandCausesDeepOnTheStartNeitherStopsTheJobNorFloodsTheLog() {
        TrackingListener listener = new TrackingListener() {
            @Override
            public void onRunStarted(RunEvent.Started event) {
                throw deepChain(10_000);
            }
        };
        DatasetFreshness freshness = AnyDataset.using(new RecordingStore(false)).withClock(clock)
                .withTrackingListener(listener).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertTimeoutPreemptively(BOUND, () -> assertThat(freshness.track(ACME, "ads").call(() -> "ran")).isEqualTo("ran"));
            ILoggingEvent warning = log.events(Level.WARN).get(0);
            assertThat(causesOf(warning.getThrowableProxy())).isLessThanOrEqualTo(30);
        }
    }

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void aStoreThrowingAnExceptionTenThousandCausesDeepLeavesTheOutcome(boolean mayBlock) {
        RecordingStore store = new RecordingStore(mayBlock) {
            @Override
            public void apply(RunEvent event) {
                throw deepChain(10_000);
            }
        };
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();
        IllegalStateException own = new IllegalStateException("the job's own");

        CapturedLog quiet = CapturedLog.of(CapturedLog.TRACKING);

        try (quiet) {
            assertTimeoutPreemptively(BOUND, () -> {
                assertThat(freshness.track(ACME, "ads").call(() -> 7)).isEqualTo(7);
                assertThatThrownBy(() -> freshness.track(ACME, "ads").run(() -> {
                    throw own;
                })).isSameAs(own);
            });
        }
    }

    @Test
    void aJobExceptionTenThousandCausesDeepIsRecordedAndComesOutAsItself() {
        RecordingStore store = new RecordingStore(false);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();
        RuntimeException own = deepChain(10_000);

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> freshness.track(ACME, "ads").run(() -> {
            throw own;
        })).isSameAs(own));
        RunEvent.Failed failed = (RunEvent.Failed) store.events().get(1);
        assertThat(failed.error().rootCause()).hasValueSatisfying(root -> assertThat(root).startsWith(
                IllegalStateException.class.getName() + ": level "));
    }

    @Test
    void anEndlessCauseChainEndsTheSearchForTheRootCause() {
        RecordingStore store = new RecordingStore(false);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();
        RuntimeException own = new EndlessCauses(0);

        CapturedLog quiet = CapturedLog.of(CapturedLog.TRACKING);

        try (quiet) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> freshness.track(ACME, "ads").run(() -> {
                throw own;
            })).isSameAs(own));
        }
        RunEvent.Failed failed = (RunEvent.Failed) store.events().get(1);
        assertThat(failed.error().rootCause()).hasValue(EndlessCauses.class.getName() + ": cause 100");
    }

    @Test
    void anEndlessCauseChainFromTheStoreIsLoggedBounded() {
        RecordingStore store = new RecordingStore(false) {
            @Override
            public void apply(RunEvent event) {
                throw new EndlessCauses(0);
            }
        };
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertTimeoutPreemptively(BOUND, () -> assertThat(freshness.track(ACME, "ads").call(() -> 1)).isEqualTo(1));
            assertThat(causesOf(log.events(Level.WARN).get(0).getThrowableProxy())).isLessThanOrEqualTo(30);
        }
    }

    @Test
    void aClockThatThrowsLeavesTheJobToRunAndReturn() {
        Clock broken = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("the clock is broken");
            }
        };
        RecordingStore store = new RecordingStore(false);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(broken).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "ads").call(() -> "ran")).isEqualTo("ran");
            String value = freshness.job("sync").call(run -> {
                run.touched(ACME, "ads", 1);
                return "ran too";
            });
            assertThat(value).isEqualTo("ran too");
            assertThat(log.messages(Level.WARN)).anyMatch(message -> message.contains("the clock is broken")
                    || message.contains("threw while it was being recorded"));
        }
        assertThat(store.events()).isEmpty();
    }

    static RuntimeException deepChain(int depth) {
        RuntimeException chain = new IllegalStateException("level " + depth);
        for (int level = depth - 1; level >= 0; level--) {
            chain = new IllegalStateException("level " + level, chain);
        }
        return chain;
    }

    private static int causesOf(ch.qos.logback.classic.spi.IThrowableProxy proxy) {
        int count = 0;
        for (var each = proxy; each != null && count < 100_000; each = each.getCause()) {
            count++;
        }
        return count;
    }

    /** An exception whose {@code getCause()} makes a new exception on every call: the chain never ends. */
    private static final class EndlessCauses extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int level;

        EndlessCauses(int level) {
            super("cause " + level);
            this.level = level;
        }

        @Override
        public synchronized Throwable getCause() {
            return new EndlessCauses(level + 1);
        }
    }
}
