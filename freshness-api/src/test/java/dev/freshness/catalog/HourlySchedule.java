package dev.freshness.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * A schedule written for the API's tests, which have no cron: due at every whole hour UTC, with the grace given.
 * {@code freshness-cron} tests real cron schedules.
 */
public record HourlySchedule(Duration grace) implements Schedule {

    @Override
    public Optional<Instant> latestDueAtOrBefore(Instant instant) {
        return Optional.of(Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 3600) * 3600));
    }

    @Override
    public Optional<Instant> earliestDueAfter(Instant instant) {
        return Optional.of(Instant.ofEpochSecond((Math.floorDiv(instant.getEpochSecond(), 3600) + 1) * 3600));
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public String describe(Locale locale) {
        return "every hour";
    }
}
