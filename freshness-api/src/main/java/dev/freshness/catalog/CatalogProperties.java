package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;
import dev.freshness.internal.DurationText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the properties format of {@link Catalog#fromProperties(Reader, String)}. Every error names the line,
 * so the message points at the text to fix: lines are read first, then turned into declarations, then built.
 */
final class CatalogProperties {

    private static final String DATASET = "dataset.";
    private static final String JOB = "job.";
    private static final String PAGE = "page.";
    private static final String MAX_RUN = ".max-run";
    private static final String DERIVED_FROM = ".derived-from";
    private static final String NEEDS = ".needs.";
    private static final String SCHEDULE = "schedule.";
    private static final List<String> SCHEDULE_SETTINGS = List.of("zone", "grace", "holidays");

    private final String source;
    /** Where each item was declared, so an error found when the catalog is built still names its line. */
    private final Map<String, Integer> itemLines = new HashMap<>();

    CatalogProperties(String source) {
        this.source = source;
    }

    private record Entry(int line, String key, String value) {
    }

    private record Declared(int line, String title, List<Entry> details) {
    }

    Catalog read(Reader reader) {
        Map<String, Declared> datasets = new LinkedHashMap<>();
        Map<String, Declared> pages = new LinkedHashMap<>();
        List<Entry> jobs = new ArrayList<>();
        List<Entry> maxRuns = new ArrayList<>();
        List<Entry> derivedFrom = new ArrayList<>();
        List<Entry> needs = new ArrayList<>();
        Map<String, Declared> schedules = new LinkedHashMap<>();
        List<Entry> scheduleSettings = new ArrayList<>();
        for (Entry entry : entries(reader)) {
            String key = entry.key();
            if (key.startsWith(SCHEDULE) && key.indexOf('.', SCHEDULE.length()) > 0) {
                scheduleSettings.add(entry);
            } else if (key.startsWith(SCHEDULE)) {
                schedules.put(key.substring(SCHEDULE.length()), new Declared(entry.line(), entry.value(), new ArrayList<>()));
            } else if (key.startsWith(DATASET) && key.endsWith(MAX_RUN) && key.length() > DATASET.length() + MAX_RUN.length()) {
                maxRuns.add(entry);
            } else if (key.startsWith(DATASET) && key.endsWith(DERIVED_FROM)
                    && key.length() > DATASET.length() + DERIVED_FROM.length()) {
                derivedFrom.add(entry);
            } else if (key.startsWith(DATASET)) {
                datasets.put(key.substring(DATASET.length()), new Declared(entry.line(), entry.value(), new ArrayList<>()));
            } else if (key.startsWith(JOB)) {
                jobs.add(entry);
            } else if (key.startsWith(PAGE) && key.indexOf(NEEDS, PAGE.length()) > PAGE.length()) {
                needs.add(entry);
            } else if (key.startsWith(PAGE)) {
                pages.put(key.substring(PAGE.length()), new Declared(entry.line(), entry.value(), new ArrayList<>()));
            } else {
                throw error(entry.line(), "key '" + key + "'",
                        "is not understood; keys start with 'dataset.', 'job.', 'page.' or 'schedule.'", null);
            }
        }
        rejectSettingsTakenForKeys(datasets, DATASET, "'" + MAX_RUN.substring(1) + "', '" + DERIVED_FROM.substring(1) + "'");
        rejectSettingsTakenForKeys(pages, PAGE, "'" + NEEDS.substring(1) + "<dataset>'");
        for (Entry entry : maxRuns) {
            String dataset = entry.key().substring(DATASET.length(), entry.key().length() - MAX_RUN.length());
            declaredOrFail(datasets, dataset, entry, DATASET).details().add(entry);
        }
        for (Entry entry : derivedFrom) {
            String dataset = entry.key().substring(DATASET.length(), entry.key().length() - DERIVED_FROM.length());
            declaredOrFail(datasets, dataset, entry, DATASET);
        }
        for (Entry entry : needs) {
            int split = entry.key().indexOf(NEEDS, PAGE.length());
            String page = entry.key().substring(PAGE.length(), split);
            declaredOrFail(pages, page, entry, PAGE).details().add(entry);
        }
        for (Entry entry : scheduleSettings) {
            int dot = entry.key().indexOf('.', SCHEDULE.length());
            String setting = entry.key().substring(dot + 1);
            if (!SCHEDULE_SETTINGS.contains(setting)) {
                throw error(entry.line(), "key '" + entry.key() + "'", "is not understood: '" + setting
                        + "' is not a setting of a schedule " + SCHEDULE_SETTINGS, null);
            }
            declaredOrFail(schedules, entry.key().substring(SCHEDULE.length(), dot), entry, SCHEDULE).details().add(entry);
        }
        return build(datasets, jobs, derivedFrom, pages, schedules(schedules));
    }

    /**
     * {@code schedule.<name> = <syntax> <expression>}, with optional {@code .zone} (UTC when absent),
     * {@code .grace} (zero when absent) and {@code .holidays} (dates separated by commas).
     */
    private Map<String, Schedule> schedules(Map<String, Declared> declaredSchedules) {
        Map<String, Schedule> schedules = new HashMap<>();
        declaredSchedules.forEach((name, declared) -> {
            String item = "schedule '" + name + "'";
            located(declared.line(), item, () -> Checks.identifier(name, DatasetKey.MAX_LENGTH, "schedule name"));
            ZoneId zone = ZoneId.of("UTC");
            Duration grace = Duration.ZERO;
            Set<LocalDate> holidays = new LinkedHashSet<>();
            for (Entry setting : declared.details()) {
                String key = setting.key().substring(setting.key().lastIndexOf('.') + 1);
                switch (key) {
                    case "zone" -> zone = located(setting.line(), item, () -> zone(setting.value()));
                    case "grace" -> grace = located(setting.line(), item, () -> DurationText.parse(setting.value(), "grace"));
                    default -> holidays = located(setting.line(), item, () -> holidays(setting.value()));
                }
            }
            String[] words = declared.title().split("\\s+", 2);
            String syntax = words[0].toLowerCase(Locale.ROOT);
            String expression = words.length > 1 ? words[1] : "";
            ZoneId inZone = zone;
            Duration withGrace = grace;
            Set<LocalDate> except = holidays;
            schedules.put(name, located(declared.line(), item, () -> {
                if (expression.isBlank()) {
                    throw new Malformed("is not '<syntax> <expression>', such as 'unix 0 6 * * MON-FRI'");
                }
                return provider(syntax).schedule(syntax, expression, inZone, withGrace, Set.copyOf(except));
            }));
        });
        return schedules;
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone " + Checks.quote(text) + " is not a time zone, such as 'Europe/Berlin'");
        }
    }

    private static Set<LocalDate> holidays(String text) {
        Set<LocalDate> dates = new LinkedHashSet<>();
        for (String date : text.split(",", -1)) {
            try {
                dates.add(LocalDate.parse(date.strip()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("holidays " + Checks.quote(date.strip())
                        + " is not a date such as 2026-12-25");
            }
        }
        return dates;
    }

    private ScheduleProvider provider(String syntax) {
        List<ClassLoader> loaders = new ArrayList<>();
        if (Thread.currentThread().getContextClassLoader() != null) {
            loaders.add(Thread.currentThread().getContextClassLoader());
        }
        loaders.add(ScheduleProvider.class.getClassLoader());
        Set<String> known = new TreeSet<>();
        for (ClassLoader loader : loaders) {
            for (ScheduleProvider provider : ServiceLoader.load(ScheduleProvider.class, loader)) {
                if (provider.syntaxes().contains(syntax)) {
                    return provider;
                }
                known.addAll(provider.syntaxes());
            }
        }
        throw new Malformed("has the syntax '" + syntax + "', which no schedule provider on the class path reads ("
                + (known.isEmpty() ? "add freshness-cron for 'unix' and 'quartz'" : "known: " + known) + ")");
    }

    private Catalog build(Map<String, Declared> datasets, List<Entry> jobs, List<Entry> derivedFrom, Map<String, Declared> pages,
                          Map<String, Schedule> schedules) {
        Catalog.Builder builder = Catalog.builder();
        datasets.forEach((key, declared) -> {
            String item = Catalog.datasetItem(key);
            DatasetDefinition dataset = located(declared.line(), item, () -> DatasetDefinition.of(key, declared.title()));
            for (Entry maxRun : declared.details()) { // at most one: a key is set once
                Duration maxRunDuration = located(maxRun.line(), item, () -> DurationText.parse(maxRun.value(), "max-run"));
                dataset = dataset.withMaxRunDuration(maxRunDuration);
            }
            builder.dataset(dataset);
        });
        for (Entry job : jobs) {
            String name = job.key().substring(JOB.length());
            located(job.line(), Catalog.jobItem(name), () -> {
                List<DatasetKey> produced = job.value().isEmpty() ? List.of()
                        : Arrays.stream(job.value().split(",", -1)).map(String::strip).map(DatasetKey::of).toList();
                return builder.producer(new Producer(name, produced));
            });
        }
        for (Entry derived : derivedFrom) {
            String dataset = derived.key().substring(DATASET.length(), derived.key().length() - DERIVED_FROM.length());
            located(derived.line(), Catalog.derivedItem(dataset), () -> builder.derived(dataset,
                    derived.value().isEmpty() ? new String[0]
                            : Arrays.stream(derived.value().split(",", -1)).map(String::strip).toArray(String[]::new)));
        }
        pages.forEach((key, declared) -> {
            List<Requirement> requirements = new ArrayList<>();
            for (Entry need : declared.details()) {
                String dataset = need.key().substring(need.key().indexOf(NEEDS, PAGE.length()) + NEEDS.length());
                requirements.add(located(need.line(), Catalog.requirementItem(key, dataset),
                        () -> requirement(dataset, need.value(), schedules)));
            }
            located(declared.line(), Catalog.pageItem(key),
                    () -> builder.page(new PageDefinition(key, declared.title(), requirements)));
        });
        try {
            return builder.build();
        } catch (InvalidCatalogException e) {
            throw error(itemLines.getOrDefault(e.item(), 0), e.item(), e.problem(), e);
        }
    }

    /**
     * {@code warn <duration>[, error <duration>][, ignore-empty]} or {@code due <schedule>[, error <n> missed]
     * [, ignore-empty]}, clauses in any order.
     */
    private static Requirement requirement(String dataset, String value, Map<String, Schedule> schedules) {
        Duration warn = null;
        Duration error = null;
        String due = null;
        Integer errorMissed = null;
        boolean ignoreEmpty = false;
        for (String clause : value.split(",", -1)) {
            String[] words = clause.strip().split("\\s+", 2);
            String argument = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "warn" -> warn = once(warn, DurationText.parse(argument, "warn"), "warn");
                case "due" -> due = once(due, argument.isEmpty() ? rejectClause(clause) : argument, "due");
                case "error" -> {
                    if (argument.endsWith(" missed")) {
                        errorMissed = once(errorMissed, missed(argument), "error");
                    } else {
                        error = once(error, DurationText.parse(argument, "error"), "error");
                    }
                }
                case "ignore-empty" -> ignoreEmpty = argument.isEmpty() && !ignoreEmpty ? true : rejectClause(clause);
                default -> rejectClause(clause);
            }
        }
        Requirement requirement;
        if (due != null) {
            if (warn != null || error != null) {
                throw new Malformed("has both 'due' and a '" + (warn != null ? "warn" : "error")
                        + " <duration>' clause; a requirement is a schedule or a maximum age");
            }
            Schedule schedule = schedules.get(due);
            if (schedule == null) {
                throw new Malformed("names the schedule '" + due + "', which has no 'schedule." + due
                        + " = <syntax> <expression>' line");
            }
            requirement = Requirement.dueBy(dataset, schedule);
            if (errorMissed != null) {
                requirement = requirement.errorAfterMissed(errorMissed);
            }
        } else {
            if (warn == null) {
                throw new Malformed("has no 'warn <duration>' or 'due <schedule>' clause");
            }
            if (errorMissed != null) {
                throw new Malformed("has 'error " + errorMissed + " missed', which needs a 'due <schedule>' clause");
            }
            requirement = Requirement.of(dataset, warn);
            if (error != null) {
                if (error.compareTo(warn) < 0) {
                    throw new Malformed("has 'error " + DurationText.words(error) + "' shorter than 'warn "
                            + DurationText.words(warn) + "'");
                }
                requirement = requirement.errorAfter(error);
            }
        }
        return ignoreEmpty ? requirement.ignoringEmptyRefreshes() : requirement;
    }

    private static int missed(String argument) {
        String count = argument.substring(0, argument.length() - " missed".length()).strip();
        try {
            return Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new Malformed("has 'error " + argument + "'; write 'error <number> missed', such as 'error 2 missed'");
        }
    }

    private static <T> T once(T earlier, T value, String clause) {
        if (earlier != null) {
            throw new Malformed("has two '" + clause + "' clauses");
        }
        return value;
    }

    private static <T> T rejectClause(String clause) {
        throw new Malformed("has the clause '" + clause.strip()
                + "'; write 'warn <duration>[, error <duration>][, ignore-empty]'"
                + " or 'due <schedule>[, error <n> missed][, ignore-empty]'");
    }

    /**
     * Keys may hold dots, so {@code dataset.a.max_run} (a misspelt setting of {@code a}) would silently declare a
     * dataset {@code a.max_run}, and {@code page.p.need.a} a page {@code p.need.a}: a key that extends another
     * declared key with a dot is taken for such a setting and rejected, naming the settings there are.
     */
    private void rejectSettingsTakenForKeys(Map<String, Declared> declared, String prefix, String settings) {
        for (Map.Entry<String, Declared> item : declared.entrySet()) {
            String key = item.getKey();
            for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
                String owner = key.substring(0, dot);
                if (declared.containsKey(owner)) {
                    throw error(item.getValue().line(), "key '" + prefix + key + "'", "is not understood: '" + owner
                            + "' is declared, and '" + key.substring(dot + 1) + "' is not one of its settings ("
                            + settings + ")", null);
                }
            }
        }
    }

    private Declared declaredOrFail(Map<String, Declared> declared, String key, Entry entry, String prefix) {
        Declared found = declared.get(key);
        if (found == null) {
            throw error(entry.line(), "key '" + entry.key() + "'", "refers to '" + key + "', which has no '"
                    + prefix + key + " = " + (prefix.equals(SCHEDULE) ? "<syntax> <expression>" : "<title>") + "' line", null);
        }
        return found;
    }

    /** A problem of the text itself; its message reads after the item's name. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String problem) {
            super(problem);
        }
    }

    private interface Step<T> {
        T run();
    }

    /** Runs {@code step}, turning any rejection of bad input into an error at {@code line}. */
    private <T> T located(int line, String item, Step<T> step) {
        itemLines.putIfAbsent(item, line);
        try {
            return step.run();
        } catch (InvalidCatalogException e) {
            if (e.line().isPresent()) {
                throw e;
            }
            throw error(line, e.item(), e.problem(), e);
        } catch (Malformed e) {
            throw error(line, item, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw error(line, item, "is invalid: " + e.getMessage(), e);
        }
    }

    private List<Entry> entries(Reader reader) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(reader)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
                    continue;
                }
                int equals = text.indexOf('=');
                int colon = text.indexOf(':');
                int separator = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
                if (separator <= 0) {
                    throw error(number, "line '" + text + "'", "is not 'key = value'", null);
                }
                String key = text.substring(0, separator).strip();
                Integer first = seen.putIfAbsent(key, number);
                if (first != null) {
                    throw error(number, "key '" + key + "'", "is set twice, first at line " + first, null);
                }
                entries.add(new Entry(number, key, text.substring(separator + 1).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + source, e);
        }
        return entries;
    }

    private InvalidCatalogException error(int line, String item, String problem, Throwable cause) {
        return InvalidCatalogException.atLine(source, line, item, problem, cause);
    }
}
