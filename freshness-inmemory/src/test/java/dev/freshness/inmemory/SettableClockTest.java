package dev.freshness.inmemory;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettableClockTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void standsWhereItWasSetInUtc() {
        SettableClock clock = SettableClock.at(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.instant()).as("time does not pass by itself").isEqualTo(START);
    }

    @Test
    void advancesAndReturnsTheNewTime() {
        SettableClock clock = SettableClock.at(START);

        assertThat(clock.advance(Duration.ofHours(49))).isEqualTo(START.plus(Duration.ofHours(49)));
        assertThat(clock.advance(Duration.ZERO)).isEqualTo(START.plus(Duration.ofHours(49)));
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(49)));
    }

    @Test
    void canBeSetBackwards() {
        SettableClock clock = SettableClock.at(START);

        clock.set(START.minusSeconds(3600));

        assertThat(clock.instant()).isEqualTo(START.minusSeconds(3600));
    }

    @Test
    void refusesToAdvanceBackwards() {
        SettableClock clock = SettableClock.at(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration")
                .hasMessageContaining("PT-1S");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void refusesNulls() {
        SettableClock clock = SettableClock.at(START);

        assertThatThrownBy(() -> SettableClock.at(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("instant");
        assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("instant");
        assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> clock.withZone(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("zone");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void aViewInAnotherZoneSharesTheTime() {
        SettableClock clock = SettableClock.at(START);
        Clock kolkata = clock.withZone(ZoneId.of("Asia/Kolkata"));

        clock.advance(Duration.ofMinutes(5));

        assertThat(kolkata.getZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(kolkata.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        ((SettableClock) kolkata).set(START);
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void concurrentAdvancesAreNeverLost() throws InterruptedException {
        SettableClock clock = SettableClock.at(START);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(clock.instant()).isEqualTo(START.plusMillis(8_000));
    }
}
