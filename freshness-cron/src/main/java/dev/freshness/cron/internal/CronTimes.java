package dev.freshness.cron.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The wall-clock times a cron expression names, with no time zone: cron-utils computes them in UTC, where no
 * clock is ever set back or forward, so each local time the expression names comes out exactly once. Turning
 * them into instants of a real zone is {@link DueInstants}'s job.
 */
public final class CronTimes {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final ExecutionTime executionTime;

    private CronTimes(ExecutionTime executionTime) {
        this.executionTime = executionTime;
    }

    /**
     * Parses {@code expression}.
     *
     * @param quartz true for the Quartz syntax, false for Unix
     * @throws IllegalArgumentException naming the expression and what cron-utils found wrong with it
     */
    public static CronTimes parse(String expression, boolean quartz) {
        String syntax = quartz ? "quartz" : "unix";
        try {
            Cron cron = (quartz ? QUARTZ : UNIX).parse(expression);
            cron.validate();
            return new CronTimes(ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("expression '" + expression + "' is not a " + syntax
                    + " cron expression: " + e.getMessage(), e);
        }
    }

    /** The latest time at or before {@code time}; empty when there is none. */
    public Optional<LocalDateTime> latestAtOrBefore(LocalDateTime time) {
        return latestBefore(time.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }

    /** The latest time strictly before {@code time}; empty when there is none. */
    public Optional<LocalDateTime> latestBefore(LocalDateTime time) {
        LocalDateTime whole = time.truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime bound = whole.equals(time) ? whole : whole.plusSeconds(1);
        return executionTime.lastExecution(ZonedDateTime.of(bound, ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    /** The earliest time strictly after {@code time}; empty when there is none. */
    public Optional<LocalDateTime> earliestAfter(LocalDateTime time) {
        return executionTime.nextExecution(ZonedDateTime.of(time.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC))
                .map(ZonedDateTime::toLocalDateTime);
    }

    /** The earliest time at or after {@code time}; empty when there is none. */
    public Optional<LocalDateTime> earliestAtOrAfter(LocalDateTime time) {
        LocalDateTime whole = time.truncatedTo(ChronoUnit.SECONDS);
        return earliestAfter(whole.equals(time) ? whole.minusSeconds(1) : whole);
    }
}
