package dev.freshness.cron;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reference model of schedules, written from the definition and independent of cron-utils, checked against
 * {@link CronSchedule} and {@link DatasetVerdict} over random schedules (Unix and Quartz), zones, grace periods,
 * holidays, success histories and instants, many of them around daylight-saving changes. Each run draws new cases;
 * every failure message starts with its case's seed, and {@code -Dfreshness.seed=<seed>} replays it first.
 *
 * <p>The model's daylight-saving rule is the definition itself: a wall-clock time is due at the first instant at
 * which the zone's clock shows that time or a later one (found by walking minute by minute), which gives the
 * first occurrence in an overlap and the end of the gap in a gap.
 */
class ReferenceModelTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"), ZoneOffset.UTC);
    private static final List<Duration> GRACES = List.of(Duration.ZERO, Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofMinutes(150), Duration.ofDays(1));
    private static final String[] UNIX_DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final DatasetDefinition DATASET = DatasetDefinition.of("orders", "Orders");

    private static final int SCHEDULES = 150;
    private static final int INSTANTS_PER_SCHEDULE = 60;

    /** One random schedule: the cron text of it, and the same times as plain sets for the model. */
    private record Case(long seed, String expression, boolean quartz, Set<Integer> minutes, Set<Integer> hours,
                        Set<DayOfWeek> days, ZoneId zone, Duration grace, Set<LocalDate> holidays, int year) {

        CronSchedule schedule() {
            CronSchedule schedule = quartz ? CronSchedule.quartz(expression) : CronSchedule.unix(expression);
            return schedule.inZone(zone).withGrace(grace).withHolidays(Holidays.of(holidays));
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + (quartz ? "quartz" : "unix") + " '" + expression + "' " + zone + " grace "
                    + grace + " holidays " + new TreeSet<>(holidays);
        }
    }

    @Test
    void dueInstantsAndVerdictsAgreeWithTheModel() {
        long base = Long.getLong("freshness.seed", System.nanoTime());
        for (int i = 0; i < SCHEDULES; i++) {
            check(randomCase(base + i));
        }
    }

    @Test
    void everyZoneOfTheIssueIsCoveredWithTimesInsideItsChanges() {
        // Times that fall in the gap or the overlap of each zone, whatever the random draws.
        String[] expressions = {"0,15,30,45 2 * * *", "30 1,2 * * *", "0 0,1,2,3 * * *", "45 1 * * 0"};
        long seed = 1;
        for (ZoneId zone : ZONES) {
            for (String expression : expressions) {
                for (Duration grace : List.of(Duration.ZERO, Duration.ofMinutes(45))) {
                    Case c = fromUnix(seed++, expression, zone, grace);
                    check(c);
                }
            }
        }
    }

    private static Case fromUnix(long seed, String expression, ZoneId zone, Duration grace) {
        String[] fields = expression.split(" ");
        Set<Integer> minutes = numbers(fields[0]);
        Set<Integer> hours = numbers(fields[1]);
        Set<DayOfWeek> days = fields[4].equals("*") ? EnumSet.allOf(DayOfWeek.class)
                : numbers(fields[4]).stream().map(day -> DayOfWeek.of(day == 0 ? 7 : day))
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)));
        return new Case(seed, expression, false, minutes, hours, days, zone, grace, Set.of(), 2026);
    }

    private static Set<Integer> numbers(String field) {
        Set<Integer> numbers = new TreeSet<>();
        for (String number : field.split(",")) {
            numbers.add(Integer.parseInt(number));
        }
        return numbers;
    }

    private static Case randomCase(long seed) {
        Random random = new Random(seed);
        Set<Integer> minutes = new TreeSet<>();
        int minuteCount = 1 + random.nextInt(3);
        while (minutes.size() < minuteCount) {
            minutes.add(random.nextBoolean() ? 15 * random.nextInt(4) : random.nextInt(60));
        }
        Set<Integer> hours = new TreeSet<>();
        int hourCount = 1 + random.nextInt(3);
        while (hours.size() < hourCount) {
            // Hours 0 to 3 hold the daylight-saving changes of the zones tested.
            hours.add(random.nextInt(3) == 0 ? random.nextInt(24) : random.nextInt(4));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (random.nextInt(3) == 0) {
            days.addAll(EnumSet.allOf(DayOfWeek.class));
        } else {
            int dayCount = 1 + random.nextInt(6);
            while (days.size() < dayCount) {
                days.add(DayOfWeek.of(1 + random.nextInt(7)));
            }
        }
        boolean quartz = random.nextBoolean();
        String minuteField = join(minutes);
        String hourField = join(hours);
        String expression;
        if (days.size() == 7) {
            expression = quartz ? "0 " + minuteField + " " + hourField + " ? * *" : minuteField + " " + hourField + " * * *";
        } else if (quartz) {
            // Quartz numbers days from 1 (Sunday); names half of the time.
            String dayField = days.stream().map(day -> random.nextBoolean() ? day.name().substring(0, 3)
                    : String.valueOf(day.getValue() % 7 + 1)).collect(Collectors.joining(","));
            expression = "0 " + minuteField + " " + hourField + " ? * " + dayField;
        } else {
            String dayField = days.stream().map(day -> random.nextBoolean() ? UNIX_DAYS[day.getValue() % 7]
                    : String.valueOf(day.getValue() % 7)).collect(Collectors.joining(","));
            expression = minuteField + " " + hourField + " * * " + dayField;
        }
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        Duration grace = GRACES.get(random.nextInt(GRACES.size()));
        int year = 2024 + random.nextInt(4);
        Set<LocalDate> holidays = new HashSet<>();
        if (random.nextBoolean()) {
            for (LocalDate date = LocalDate.of(year, 1, 1); date.getYear() == year; date = date.plusDays(1)) {
                if (random.nextInt(8) == 0) {
                    holidays.add(date);
                }
            }
        }
        return new Case(seed, expression, quartz, minutes, hours, days, zone, grace, holidays, year);
    }

    private static String join(Set<Integer> numbers) {
        return numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private void check(Case c) {
        Random random = new Random(c.seed() * 31 + 7);
        CronSchedule schedule = c.schedule();
        LocalDate first = LocalDate.of(c.year(), 1, 1);
        LocalDate last = LocalDate.of(c.year(), 12, 31);
        NavigableSet<Instant> due = modelDueInstants(c, first, last);
        // Instants well inside the modelled year, so the model knows every due instant around them.
        Instant from = first.plusDays(45).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = last.minusDays(45).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Instant> instants = instantsToCheck(c.zone(), from, to, due, random);
        for (Instant t : instants) {
            assertThat(schedule.latestDueAtOrBefore(t)).as("%s: latest due at or before %s", c, t)
                    .isEqualTo(Optional.ofNullable(due.floor(t)));
            assertThat(schedule.earliestDueAfter(t)).as("%s: earliest due after %s", c, t)
                    .isEqualTo(Optional.ofNullable(due.higher(t)));
            Instant success = successBefore(t, due, random);
            int errorAfterMissed = 1 + random.nextInt(3);
            checkVerdict(c, schedule, due, t, success, errorAfterMissed);
        }
    }

    private static List<Instant> instantsToCheck(ZoneId zone, Instant from, Instant to, NavigableSet<Instant> due,
                                                 Random random) {
        List<Instant> instants = new ArrayList<>();
        long span = Duration.between(from, to).getSeconds();
        for (int i = 0; i < INSTANTS_PER_SCHEDULE / 3; i++) {
            instants.add(from.plusSeconds((long) (random.nextDouble() * span)));
        }
        // Around each daylight-saving change: within three hours either side, on whole minutes and between them.
        ZoneRules rules = zone.getRules();
        for (ZoneOffsetTransition transition = rules.nextTransition(from); transition != null
                && transition.getInstant().isBefore(to); transition = rules.nextTransition(transition.getInstant())) {
            for (int i = 0; i < INSTANTS_PER_SCHEDULE / 6; i++) {
                long seconds = random.nextInt(6 * 3600) - 3 * 3600;
                instants.add(transition.getInstant().plusSeconds(random.nextBoolean() ? seconds : seconds / 60 * 60));
            }
        }
        // At due instants and one nanosecond either side.
        List<Instant> inside = new ArrayList<>(due.subSet(from, true, to, true));
        for (int i = 0; i < INSTANTS_PER_SCHEDULE / 3 && !inside.isEmpty(); i++) {
            Instant instant = inside.get(random.nextInt(inside.size()));
            instants.add(instant.plusNanos(random.nextInt(3) - 1));
        }
        return instants;
    }

    /** A last success before {@code t} (or none): at a due instant, just before one, or anywhere in the last days. */
    private static Instant successBefore(Instant t, NavigableSet<Instant> due, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> Optional.ofNullable(due.floor(t.minusSeconds(random.nextInt(3 * 86400)))).orElse(t);
            case 2 -> Optional.ofNullable(due.floor(t.minusSeconds(random.nextInt(3 * 86400)))).orElse(t).minusNanos(1);
            default -> t.minusSeconds(random.nextInt(10 * 86400));
        };
    }

    private void checkVerdict(Case c, CronSchedule schedule, NavigableSet<Instant> due, Instant t, Instant success,
                              int errorAfterMissed) {
        Requirement requirement = Requirement.dueBy("orders", schedule).errorAfterMissed(errorAfterMissed);
        DatasetStatus status = DatasetStatus.of(Scope.tenant("acme"), DatasetKey.of("orders"), null,
                success == null ? null : new DatasetStatus.Success(RunId.of("r1"), success, 1), null, List.of());
        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, requirement, status, t);
        String description = c + ", errorAfterMissed " + errorAfterMissed + ", success " + success + ", at " + t;

        // The model: the deadlines counted are the due instants after the success and at or before t - grace.
        Instant judged = t.minus(c.grace());
        Instant lastDue = due.floor(judged);
        int missed = success == null || !success.isBefore(judged) ? 0 : due.subSet(success, false, judged, true).size();
        AgeVerdict expected = success == null ? AgeVerdict.NEVER_SUCCEEDED
                : missed == 0 ? AgeVerdict.FRESH : missed >= errorAfterMissed ? AgeVerdict.EXPIRED : AgeVerdict.STALE;

        assertThat(verdict.ageVerdict()).as(description).isEqualTo(expected);
        assertThat(verdict.missedDeadlines()).as(description).isEqualTo(Math.min(missed, errorAfterMissed));
        assertThat(verdict.lastDeadline()).as(description)
                .isEqualTo(Optional.ofNullable(lastDue).map(instant -> instant.plus(c.grace())));
        assertThat(requirement.staleBefore(t)).as(description).isEqualTo(lastDue == null ? Instant.MIN : lastDue);
        if (success != null) {
            Instant firstAfter = due.higher(success);
            assertThat(verdict.firstMissedDeadline()).as(description)
                    .isEqualTo(missed == 0 ? Optional.empty() : Optional.of(firstAfter.plus(c.grace())));
            assertThat(verdict.warningAfter()).as(description)
                    .contains(firstAfter.plus(c.grace()).minusNanos(1));
            Instant nth = success;
            for (int i = 0; i < errorAfterMissed; i++) {
                nth = due.higher(nth);
            }
            assertThat(verdict.criticalAfter()).as(description).contains(nth.plus(c.grace()).minusNanos(1));
        }
    }

    /** Every due instant of the case's dates from {@code first} to {@code last}, by the definition. */
    private static NavigableSet<Instant> modelDueInstants(Case c, LocalDate first, LocalDate last) {
        NavigableSet<Instant> due = new TreeSet<>();
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            if (c.holidays().contains(date) || !c.days().contains(date.getDayOfWeek())) {
                continue;
            }
            for (int hour : c.hours()) {
                for (int minute : c.minutes()) {
                    due.add(firstInstantShowing(LocalDateTime.of(date, LocalTime.of(hour, minute)), c.zone()));
                }
            }
        }
        return due;
    }

    /** The first instant at which the zone's clock shows {@code local} or a later time, on whole minutes. */
    private static Instant firstInstantShowing(LocalDateTime local, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        ZoneOffset before = rules.getOffset(local.minusDays(1).toInstant(ZoneOffset.UTC));
        ZoneOffset after = rules.getOffset(local.plusDays(1).toInstant(ZoneOffset.UTC));
        ZoneOffset largest = before.compareTo(after) <= 0 ? before : after; // ZoneOffset orders largest first
        Instant instant = local.toInstant(largest).minusSeconds(3600);
        while (LocalDateTime.ofInstant(instant, zone).isBefore(local)) {
            instant = instant.plusSeconds(60);
        }
        return instant;
    }
}
