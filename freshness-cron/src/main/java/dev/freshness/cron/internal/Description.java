package dev.freshness.cron.internal;

import dev.freshness.report.ReportFormatter;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A schedule in words, as it follows "due" in a sentence, in English or German. An expression that names one time of day on some days
 * of the week reads as its deadline: {@code 0 6 * * MON-FRI} with a grace of one hour in Berlin is
 * "by 07:00 Europe/Berlin on weekdays" ("on business days" with holidays). Any other expression is quoted:
 * "at the times of '*&#47;15 * * * *' Europe/Berlin, within 10 minutes".
 */
public final class Description {

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> WEEKEND = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    private static final Map<String, DayOfWeek> NAMES = Map.of("MON", DayOfWeek.MONDAY, "TUE", DayOfWeek.TUESDAY,
            "WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY, "SAT", DayOfWeek.SATURDAY,
            "SUN", DayOfWeek.SUNDAY);

    private Description() {
    }

    /** The words of a schedule, in German for a German {@code locale}, in English otherwise. */
    public static String of(String expression, boolean quartz, ZoneId zone, Duration grace, boolean holidays,
                            Locale locale) {
        boolean german = locale != null && locale.getLanguage().equals(Locale.GERMAN.getLanguage());
        String zoneName = zone.getId().equals("Z") ? "UTC" : zone.getId();
        String[] fields = expression.strip().toUpperCase(Locale.ROOT).split("\\s+");
        String simple = simple(fields, quartz, grace, holidays, german);
        if (simple != null) {
            return (german ? "bis " : "by ") + simple.replace("{zone}", zoneName);
        }
        if (german) {
            String within = grace.isZero() ? "" : ", innerhalb von " + ReportFormatter.of(Locale.GERMAN).duration(grace);
            return "zu den Zeiten von '" + expression.strip() + "' " + zoneName + within
                    + (holidays ? " außer an Feiertagen" : "");
        }
        String within = grace.isZero() ? "" : ", within " + ReportFormatter.english().duration(grace);
        return "at the times of '" + expression.strip() + "' " + zoneName + within
                + (holidays ? " except holidays" : "");
    }

    private static String simple(String[] fields, boolean quartz, Duration grace, boolean holidays, boolean german) {
        int offset = quartz ? 1 : 0;
        if (fields.length != (quartz ? 6 : 5) && !(quartz && fields.length == 7 && fields[6].equals("*"))) {
            return null;
        }
        if (quartz && !fields[0].equals("0")) {
            return null;
        }
        Integer minute = number(fields[offset], 59);
        Integer hour = number(fields[offset + 1], 23);
        String dayOfMonth = fields[offset + 2];
        String month = fields[offset + 3];
        if (minute == null || hour == null || !(dayOfMonth.equals("*") || dayOfMonth.equals("?")) || !month.equals("*")) {
            return null;
        }
        Set<DayOfWeek> days = days(fields[offset + 4], quartz);
        LocalTime time = LocalTime.of(hour, minute);
        if (days == null || grace.compareTo(Duration.between(time, LocalTime.MAX)) > 0) {
            return null; // the deadline falls on the next day: the days named would mislead
        }
        LocalTime deadline = time.plus(grace);
        String at = String.format(Locale.ROOT, "%02d:%02d", deadline.getHour(), deadline.getMinute())
                + (deadline.getSecond() == 0 && deadline.getNano() == 0 ? "" : String.format(Locale.ROOT, ":%02d", deadline.getSecond()));
        return at + " {zone} " + (german ? germanDays(days, holidays) : englishDays(days, holidays));
    }

    private static String englishDays(Set<DayOfWeek> days, boolean holidays) {
        String except = holidays ? " except holidays" : "";
        if (days.size() == 7) {
            return "every day" + except;
        }
        if (days.equals(WEEKDAYS)) {
            return holidays ? "on business days" : "on weekdays";
        }
        if (days.equals(WEEKEND)) {
            return "on weekends" + except;
        }
        List<String> names = new ArrayList<>();
        for (DayOfWeek day : days) {
            names.add(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s");
        }
        return "on " + list(names, " and ") + except;
    }

    private static String germanDays(Set<DayOfWeek> days, boolean holidays) {
        String except = holidays ? " außer an Feiertagen" : "";
        if (days.size() == 7) {
            return "täglich" + except;
        }
        if (days.equals(WEEKDAYS)) {
            return holidays ? "an Werktagen" : "an Wochentagen";
        }
        if (days.equals(WEEKEND)) {
            return "am Wochenende" + except;
        }
        List<String> names = new ArrayList<>();
        for (DayOfWeek day : days) {
            names.add(day.getDisplayName(TextStyle.FULL, Locale.GERMAN).toLowerCase(Locale.GERMAN) + "s");
        }
        return list(names, " und ") + except;
    }

    private static String list(List<String> names, String and) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + and + names.get(names.size() - 1);
    }

    private static Integer number(String field, int max) {
        if (!field.matches("\\d{1,2}")) {
            return null;
        }
        int value = Integer.parseInt(field);
        return value <= max ? value : null;
    }

    /** The days of a day-of-week field made of names, numbers, ranges and lists; null for anything else. */
    private static Set<DayOfWeek> days(String field, boolean quartz) {
        if (field.equals("*") || field.equals("?")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : field.split(",", -1)) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                return null;
            }
            Integer from = dayNumber(range[0], quartz);
            Integer to = range.length == 2 ? dayNumber(range[1], quartz) : from;
            if (from == null || to == null || to < from) {
                return null;
            }
            for (int day = from; day <= to; day++) {
                days.add(DayOfWeek.of(day == 0 ? 7 : day > 7 ? day - 7 : day));
            }
        }
        return days;
    }

    /** A day as a number from 0 (Sunday) to 7 (Sunday again), Monday 1. */
    private static Integer dayNumber(String text, boolean quartz) {
        DayOfWeek named = NAMES.get(text);
        if (named != null) {
            return named == DayOfWeek.SUNDAY && !quartz ? 0 : named == DayOfWeek.SUNDAY ? 7 : named.getValue();
        }
        if (!text.matches("\\d")) {
            return null;
        }
        int number = Integer.parseInt(text);
        if (quartz) { // 1 Sunday .. 7 Saturday
            return number >= 1 && number <= 7 ? (number == 1 ? 7 : number - 1) : null;
        }
        return number <= 7 ? number : null;
    }
}
