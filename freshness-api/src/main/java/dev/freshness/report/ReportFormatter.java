package dev.freshness.report;

import dev.freshness.catalog.Schedule;
import dev.freshness.core.DatasetStatus;
import dev.freshness.internal.Checks;
import dev.freshness.internal.DurationText;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Says verdicts and reports in words, in one language: the sentences a banner shows. Verdicts are data; this is
 * their view.
 *
 * <pre>{@code
 * ReportFormatter german = ReportFormatter.of(Locale.GERMAN);
 * banner.show(report.severity(), german.banner(report));
 * // "Anzeigenklassifizierungen: zuletzt vor 3 Tagen aktualisiert, erwartet innerhalb von 48 Stunden."
 * }</pre>
 *
 * <p><b>Languages.</b> The messages are properties files at {@value #BUNDLE} + {@code [_language[_COUNTRY]]}
 * {@code .properties} on the class path, read as UTF-8 and looked up like a {@link ResourceBundle} (for
 * {@code de_AT}: {@code messages_de_AT}, then {@code messages_de}, then {@code messages}, each filling in what the
 * more specific one lacks). English ({@code messages.properties}) and German ({@code messages_de.properties})
 * ship in the jar. To add a language, put one file on your class path, say
 * {@code META-INF/freshness/messages_fr.properties}, with the keys of the shipped English file; to change the
 * wording of a shipped language, put a file of the same name on your class path: yours wins. Messages are
 * {@link MessageFormat} patterns (write {@code ''} for an apostrophe). Dataset titles come from the catalog and
 * are shown as they are.
 *
 * <p>Instances are immutable and thread-safe; {@link #of(Locale)} caches them.
 */
public final class ReportFormatter {

    /** The base name of the message files on the class path. */
    public static final String BUNDLE = "META-INF/freshness/messages";

    private static final ResourceBundle.Control LOOKUP = ResourceBundle.Control.getControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final int CACHE_LIMIT = 64;
    private static final Map<CacheKey, ReportFormatter> CACHE = new ConcurrentHashMap<>();
    private static final ReportFormatter ENGLISH = load(Locale.ENGLISH, ReportFormatter.class.getClassLoader());

    private final Locale locale;
    private final Properties messages;

    private ReportFormatter(Locale locale, Properties messages) {
        this.locale = locale;
        this.messages = messages;
    }

    /** English, from the messages shipped in the jar. */
    public static ReportFormatter english() {
        return ENGLISH;
    }

    /**
     * The formatter of {@code locale}, with messages found through the current thread's context class loader
     * (and the library's own); cached.
     */
    public static ReportFormatter of(Locale locale) {
        Checks.notNull(locale, "locale");
        ClassLoader classLoader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                ReportFormatter.class.getClassLoader());
        CacheKey key = new CacheKey(locale, classLoader);
        ReportFormatter cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        return CACHE.computeIfAbsent(key, k -> load(k.locale(), k.classLoader()));
    }

    /** The formatter of {@code locale}, with messages found through {@code classLoader} (and the library's own). */
    public static ReportFormatter of(Locale locale, ClassLoader classLoader) {
        Checks.notNull(locale, "locale");
        Checks.notNull(classLoader, "classLoader");
        return load(locale, classLoader);
    }

    /** The language of this formatter's messages. */
    public Locale locale() {
        return locale;
    }

    /**
     * One or more sentences on one dataset, such as {@code "Ad classifications: last refreshed 3 days ago,
     * expected within 48 hours. The latest refresh failed 2 hours ago: TimeoutException: read timed out."}:
     * its age against the requirement, then, when they apply, the empty refresh that was not counted, the
     * latest failure, the run refreshing now and the abandoned run. A {@linkplain
     * dev.freshness.catalog.Requirement#isScheduled() scheduled} requirement says its deadlines instead of an
     * age: {@code "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12;
     * missed Monday's 07:00."}, instants in the schedule's zone, by weekday on the report's day and the six days
     * before, by date earlier. A derived dataset whose {@linkplain DatasetVerdict#limitingInput() input is staler}
     * names that input as the root cause: {@code "Scorecard: last refreshed 1 hour ago, from Meta ads performance,
     * which is 5 days old; expected within 48 hours."} (with a schedule: {@code "...; last refreshed Monday 07:30,
     * from Meta ads performance, which was last refreshed Friday 06:12; missed Monday's 07:00."}).
     */
    public String sentence(DatasetVerdict verdict) {
        Checks.notNull(verdict, "verdict");
        String title = verdict.dataset().title();
        Instant at = verdict.at();
        boolean emptyRefreshIgnored = verdict.emptyRefreshIgnored();
        List<String> sentences = new ArrayList<>(4);
        DatasetStatus.Success lastRefresh = verdict.lastRefresh().orElse(null);
        InputStatus cause = verdict.limitingInput().orElse(null);
        if (verdict.requirement().isScheduled()) {
            sentences.add(scheduled(verdict, title, lastRefresh, emptyRefreshIgnored));
        } else if (cause != null) {
            String own = duration(since(verdict.ownRefresh().orElseThrow().at(), at));
            sentences.add(cause.lastSuccess().isEmpty()
                    ? message("dataset.refreshedFromNever", title, own, cause.dataset().title())
                    : message("dataset.refreshedFrom", title, own, duration(verdict.requirement().warnAfter()),
                            cause.dataset().title(), duration(since(lastRefresh.at(), at))));
        } else if (lastRefresh == null) {
            sentences.add(message(emptyRefreshIgnored ? "dataset.neverWithRecords" : "dataset.never", title));
        } else {
            sentences.add(message(emptyRefreshIgnored ? "dataset.refreshedWithRecords" : "dataset.refreshed", title,
                    duration(since(lastRefresh.at(), at)), duration(verdict.requirement().warnAfter())));
        }
        if (emptyRefreshIgnored) {
            sentences.add(message("run.emptyRefresh", duration(since(verdict.status().lastSuccess().orElseThrow().at(), at))));
        }
        RunState runState = verdict.runState();
        runState.failing().ifPresent(failure -> {
            String error = failure.error().shortForm();
            boolean ended = error.endsWith(".") || error.endsWith("!") || error.endsWith("?");
            sentences.add(message("run.failed", duration(since(failure.at(), at)), error) + (ended ? "" : "."));
        });
        runState.refreshing().ifPresent(run -> sentences.add(message(
                verdict.status().lastSuccess().isEmpty() ? "run.firstRefreshing" : "run.refreshing",
                duration(since(run.at(), at)))));
        runState.abandoned().ifPresent(run -> sentences.add(message("run.abandoned", duration(since(run.at(), at)),
                duration(verdict.dataset().maxRunDuration().orElseThrow()))));
        return String.join(" ", sentences);
    }

    /**
     * "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12; missed
     * Monday's 07:00.", instants said in the schedule's zone.
     */
    private String scheduled(DatasetVerdict verdict, String title, DatasetStatus.Success lastRefresh,
                             boolean emptyRefreshIgnored) {
        Schedule schedule = verdict.requirement().schedule().orElseThrow();
        ZoneId zone = schedule.zone();
        LocalDate today = LocalDate.ofInstant(verdict.at(), zone);
        String due = schedule.describe(locale);
        InputStatus cause = verdict.limitingInput().orElse(null);
        String refreshed = cause != null
                ? cause.lastSuccess().isEmpty()
                        ? message("schedule.refreshedFromNever", instant("when", verdict.ownRefresh().orElseThrow().at(), zone, today),
                                cause.dataset().title())
                        : message("schedule.refreshedFrom", instant("when", verdict.ownRefresh().orElseThrow().at(), zone, today),
                                cause.dataset().title(), instant("when", lastRefresh.at(), zone, today))
                : lastRefresh == null
                ? message(emptyRefreshIgnored ? "schedule.neverWithRecords" : "schedule.never")
                : message(emptyRefreshIgnored ? "schedule.refreshedWithRecords" : "schedule.refreshed",
                        instant("when", lastRefresh.at(), zone, today));
        Instant firstMissed = verdict.firstMissedDeadline().orElse(null);
        if (firstMissed == null) {
            return message("schedule.met", title, due, refreshed);
        }
        if (verdict.missedDeadlines() == 1) {
            return message("schedule.missed", title, due, refreshed, instant("deadline", firstMissed, zone, today));
        }
        return message("schedule.missedSince", title, due, refreshed, instant("deadline", firstMissed, zone, today));
    }

    /**
     * An instant in {@code zone} in words: its weekday when it is on {@code today} or the six days before
     * ("Friday 06:12"), its date otherwise ("20 November 06:12").
     */
    private String instant(String kind, Instant instant, ZoneId zone, LocalDate today) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        String time = local.format(DateTimeFormatter.ofPattern("HH:mm", locale));
        LocalDate day = local.toLocalDate();
        long daysAgo = ChronoUnit.DAYS.between(day, today);
        if (daysAgo >= 0 && daysAgo < 7) {
            return message(kind + ".weekday", time, day.format(DateTimeFormatter.ofPattern("EEEE", locale)));
        }
        String pattern = day.getYear() == today.getYear() ? "d MMMM" : "d MMMM yyyy";
        return message(kind + ".date", time, day.format(DateTimeFormatter.ofPattern(pattern, locale)));
    }

    /**
     * One sentence per dataset of a report, fresh ones included, in the page's order (for a page that shows a
     * line for every dataset, not only a banner when something is stale); the unreadable sentence alone for a
     * report that could not be read.
     */
    public List<String> sentences(FreshnessReport report) {
        Checks.notNull(report, "report");
        if (!report.isReadable()) {
            return List.of(message("report.unreadable"));
        }
        return report.verdicts().stream().map(this::sentence).toList();
    }

    /**
     * The banner of a report: the sentences of its verdicts at warning or worse, in the page's order, joined by a
     * space; empty when everything is fresh. A report that could not be read says so; one
     * {@linkplain FreshnessReport#possiblyBehind() possibly behind} ends with the sentence that its freshness may be
     * out of date.
     */
    public String banner(FreshnessReport report) {
        Checks.notNull(report, "report");
        String banner = report.isReadable()
                ? report.problems().stream().map(this::sentence).collect(Collectors.joining(" "))
                : message("report.unreadable");
        if (report.possiblyBehind()) {
            banner = banner.isEmpty() ? message("report.possibly-behind")
                    : banner + " " + message("report.possibly-behind");
        }
        return banner;
    }

    /**
     * When a verdict turns worse if nothing succeeds meanwhile, as a sentence to put after its
     * {@linkplain #sentence(DatasetVerdict) sentence}: {@code "Goes stale in 3 hours."} for a fresh verdict
     * ({@link DatasetVerdict#warningAfter()}), {@code "Expires in 2 days."} for a stale one that turns critical
     * ({@link DatasetVerdict#criticalAfter()}). Empty when nothing will change by age alone: a critical verdict,
     * a stale one without {@code errorAfter}, a schedule with no further deadline. The time is cut, never
     * rounded up, as every duration here.
     */
    public String outlook(DatasetVerdict verdict) {
        Checks.notNull(verdict, "verdict");
        return switch (verdict.severity()) {
            case OK -> verdict.warningAfter().map(instant -> message("outlook.stale", until(verdict.at(), instant)))
                    .orElse("");
            case WARNING -> verdict.criticalAfter()
                    .map(instant -> message("outlook.critical", until(verdict.at(), instant))).orElse("");
            case CRITICAL -> "";
        };
    }

    /**
     * A verdict's {@linkplain #sentence(DatasetVerdict) sentence} followed by its {@linkplain
     * #outlook(DatasetVerdict) outlook}, when it has one: {@code "Orders: last refreshed 21 hours ago, expected
     * within 24 hours. Goes stale in 3 hours."}. For a page that lists every dataset with what comes next.
     */
    public String sentenceWithOutlook(DatasetVerdict verdict) {
        String outlook = outlook(verdict);
        return outlook.isEmpty() ? sentence(verdict) : sentence(verdict) + " " + outlook;
    }

    /**
     * The report's next change if nothing succeeds meanwhile, naming the dataset that brings it: {@code "Orders
     * goes stale in 3 hours."} while the report is fresh (the earliest {@link FreshnessReport#warningAfter()}),
     * {@code "Orders expires in 2 days."} while it is at warning (the earliest
     * {@link FreshnessReport#criticalAfter()}). Empty when the report is critical, unreadable, or nothing will
     * change by age alone.
     */
    public String outlook(FreshnessReport report) {
        Checks.notNull(report, "report");
        return report.nextChange().map(verdict -> report.severity() == Severity.OK
                ? message("outlook.report.stale", verdict.dataset().title(),
                        until(report.at(), verdict.warningAfter().orElseThrow()))
                : message("outlook.report.critical", verdict.dataset().title(),
                        until(report.at(), verdict.criticalAfter().orElseThrow()))).orElse("");
    }

    /** The time from {@code from} to the first instant past {@code after}, when the verdict has turned. */
    private String until(Instant from, Instant after) {
        Instant turns = after.equals(Instant.MAX) ? after : after.plusNanos(1);
        Duration remaining = Duration.between(from, turns);
        return duration(remaining.isNegative() ? Duration.ZERO : remaining);
    }

    /**
     * A duration in words, cut (never rounded up) to at most two units: {@code "48 hours"},
     * {@code "2 hours 30 minutes"}, {@code "3 days"}.
     */
    public String duration(Duration duration) {
        DurationText.Parts parts = DurationText.parts(Checks.notNull(duration, "duration"));
        String major = unit(parts.major(), parts.majorUnit());
        return parts.minor() == 0 ? major : message("duration.pair", major, unit(parts.minor(), parts.minorUnit()));
    }

    private String unit(long amount, ChronoUnit unit) {
        String key = switch (unit) {
            case SECONDS -> "duration.seconds";
            case MINUTES -> "duration.minutes";
            case HOURS -> "duration.hours";
            default -> "duration.days";
        };
        return message(key, amount);
    }

    private String message(String key, Object... arguments) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            pattern = ENGLISH.messages.getProperty(key);
        }
        return new MessageFormat(pattern, locale).format(arguments);
    }

    private static Duration since(Instant instant, Instant at) {
        Duration elapsed = Duration.between(instant, at);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static ReportFormatter load(Locale locale, ClassLoader classLoader) {
        List<Locale> candidates = new ArrayList<>(LOOKUP.getCandidateLocales("", locale));
        Collections.reverse(candidates);
        Properties messages = new Properties();
        for (Locale candidate : candidates) {
            String file = LOOKUP.toBundleName(BUNDLE, candidate) + ".properties";
            URL shipped = ReportFormatter.class.getResource("/" + file);
            if (shipped != null) {
                read(shipped, messages);
            }
            for (URL url : resources(classLoader, file)) {
                if (!url.equals(shipped)) {
                    read(url, messages);
                }
            }
        }
        return new ReportFormatter(locale, messages);
    }

    private static List<URL> resources(ClassLoader classLoader, String file) {
        try {
            Enumeration<URL> found = classLoader.getResources(file);
            return Collections.list(found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up " + file, e);
        }
    }

    private static void read(URL url, Properties into) {
        try (InputStream in = url.openStream(); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            into.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the messages " + url, e);
        }
    }

    @Override
    public String toString() {
        return "ReportFormatter{" + locale + '}';
    }

    private record CacheKey(Locale locale, ClassLoader classLoader) {
    }
}
