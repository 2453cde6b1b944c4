package dev.freshness.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration ({@code 90m}, {@code 48h}, {@code 7d}) and as banners say
 * them ({@code "48 hours"}, {@code "3 days"}).
 */
public final class DurationText {

    private static final Pattern COMPACT = Pattern.compile("(\\d{1,9})\\s*([smhdw])");

    /** Durations shorter than this are said in hours (48 hours), longer ones in days (3 days). */
    private static final Duration DAYS_FROM = Duration.ofDays(3);

    private DurationText() {
    }

    /**
     * A duration cut (never rounded up) to at most two units, as a banner says it.
     *
     * @param major the larger unit's amount
     * @param majorUnit seconds, minutes, hours or days
     * @param minor the smaller unit's amount; 0 when the duration is a whole number of the larger unit
     * @param minorUnit the smaller unit, or null when there is none (under a minute)
     */
    public record Parts(long major, ChronoUnit majorUnit, long minor, ChronoUnit minorUnit) {
    }

    /**
     * Parses a whole number followed by a unit: {@code s} seconds, {@code m} minutes, {@code h} hours,
     * {@code d} days, {@code w} weeks ({@code 90m}, {@code 48h}, {@code 7d}). Zero and negative durations
     * are rejected.
     *
     * @throws IllegalArgumentException naming {@code parameter} when the text is not such a duration
     */
    public static Duration parse(String text, String parameter) {
        Checks.notNull(text, parameter);
        Matcher matcher = COMPACT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter + " " + Checks.quote(text)
                    + " is not a duration; write a whole number and a unit: s, m, h, d or w (90m, 48h, 7d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        if (amount == 0) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + Checks.quote(text));
        }
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    /**
     * The two units a duration is said in: under a minute in seconds, under an hour in minutes and seconds,
     * under 3 days in hours and minutes ({@code 48 hours}, {@code 2 hours 30 minutes}), from 3 days on in days
     * and hours ({@code 3 days}, {@code 7 days 4 hours}). A negative duration (a clock running behind the one
     * that stamped the event) is said as zero.
     */
    public static Parts parts(Duration duration) {
        Checks.notNull(duration, "duration");
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return new Parts(seconds, ChronoUnit.SECONDS, 0, null);
        }
        if (seconds < 3600) {
            return new Parts(seconds / 60, ChronoUnit.MINUTES, seconds % 60, ChronoUnit.SECONDS);
        }
        if (seconds < DAYS_FROM.getSeconds()) {
            return new Parts(seconds / 3600, ChronoUnit.HOURS, seconds % 3600 / 60, ChronoUnit.MINUTES);
        }
        return new Parts(seconds / 86_400, ChronoUnit.DAYS, seconds % 86_400 / 3600, ChronoUnit.HOURS);
    }

    /** A duration in English words, in the units of {@link #parts}: {@code "48 hours"}, {@code "2 hours 30 minutes"}. */
    public static String words(Duration duration) {
        Parts parts = parts(duration);
        String major = unit(parts.major(), parts.majorUnit());
        return parts.minor() == 0 ? major : major + " " + unit(parts.minor(), parts.minorUnit());
    }

    private static String unit(long amount, ChronoUnit unit) {
        String name = switch (unit) {
            case SECONDS -> "second";
            case MINUTES -> "minute";
            case HOURS -> "hour";
            default -> "day";
        };
        return amount + " " + name + (amount == 1 ? "" : "s");
    }
}
