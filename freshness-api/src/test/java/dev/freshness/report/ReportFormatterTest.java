package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sentences are a view of verdicts, made in one language by a {@link ReportFormatter}: English as the library
 * always said it, German, and any language a user adds with one file on the class path.
 */
class ReportFormatterTest {

    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final Scope SCOPE = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Duration MAX_RUN = Duration.ofHours(2);
    private static final DatasetDefinition DATASET = DatasetDefinition.of("orders", "Orders").withMaxRunDuration(MAX_RUN);
    private static final Requirement WITHIN_A_DAY = Requirement.of("orders", Duration.ofDays(1));
    private static final PageDefinition PAGE = new PageDefinition("dashboard", "Dashboard", List.of(WITHIN_A_DAY));
    private static final JobError DISK_FULL = JobError.of("IOException", "disk full", null);

    private static DatasetStatus.Success success(Duration ago, long records) {
        return new DatasetStatus.Success(RunId.of("s" + ago.toSeconds()), NOW.minus(ago), records);
    }

    private static DatasetStatus.Failure failure(Duration ago, JobError error) {
        return new DatasetStatus.Failure(RunId.of("f" + ago.toSeconds()), NOW.minus(ago), error);
    }

    private static DatasetStatus.Start start(Duration ago) {
        return new DatasetStatus.Start(RunId.of("r" + ago.toSeconds()), NOW.minus(ago));
    }

    private static DatasetStatus status(DatasetStatus.Success success, DatasetStatus.Failure failure, DatasetStatus.Start... inFlight) {
        return DatasetStatus.of(SCOPE, ORDERS, null, success, failure, List.of(inFlight));
    }

    private static DatasetVerdict judge(DatasetStatus status) {
        return DatasetVerdict.judge(DATASET, WITHIN_A_DAY, status, NOW);
    }

    /** One verdict for each message a sentence can hold. */
    private static final DatasetVerdict NEVER = judge(status(null, null));
    private static final DatasetVerdict REFRESHED = judge(status(success(Duration.ofHours(30), 5), null));
    private static final DatasetVerdict NEVER_WITH_RECORDS = DatasetVerdict.judge(DATASET, WITHIN_A_DAY.ignoringEmptyRefreshes(),
            status(success(Duration.ofHours(1), 0), null), NOW);
    private static final DatasetVerdict REFRESHED_WITH_RECORDS = DatasetVerdict.judge(DATASET,
            WITHIN_A_DAY.ignoringEmptyRefreshes(), status(success(Duration.ofHours(1), 0), null),
            success(Duration.ofDays(3), 7), NOW);
    private static final DatasetVerdict FAILED = judge(status(null, failure(Duration.ofSeconds(90), DISK_FULL)));
    private static final DatasetVerdict FAILED_WITH_A_FULL_STOP = judge(status(null,
            failure(Duration.ofSeconds(90), JobError.of("Boom", "Out of disk!", null))));
    private static final DatasetVerdict REFRESHING = judge(status(success(Duration.ofHours(1), 5), null,
            start(Duration.ofMinutes(10))));
    private static final DatasetVerdict FIRST_REFRESHING = judge(status(null, null, start(Duration.ofMinutes(10))));
    private static final DatasetVerdict ABANDONED = judge(status(success(Duration.ofHours(6), 5), null,
            start(Duration.ofHours(5))));
    private static final FreshnessReport UNREADABLE = FreshnessReport.unreadable(SCOPE, PAGE, NOW,
            new StoreException("could not read", new IllegalStateException("down")));

    @Nested
    class English {

        private final ReportFormatter english = ReportFormatter.english();

        @Test
        void saysEveryMessageAsTheLibraryAlwaysDid() {
            assertThat(english.locale()).isEqualTo(Locale.ENGLISH);
            assertThat(english.sentence(NEVER)).isEqualTo("Orders: never refreshed.");
            assertThat(english.sentence(REFRESHED)).isEqualTo("Orders: last refreshed 30 hours ago, expected within 24 hours.");
            assertThat(english.sentence(NEVER_WITH_RECORDS)).isEqualTo(
                    "Orders: never refreshed with records. The latest refresh, 1 hour ago, affected no records.");
            assertThat(english.sentence(REFRESHED_WITH_RECORDS)).isEqualTo("Orders: last refreshed with records 3 days ago,"
                    + " expected within 24 hours. The latest refresh, 1 hour ago, affected no records.");
            assertThat(english.sentence(FAILED)).isEqualTo(
                    "Orders: never refreshed. The latest refresh failed 1 minute 30 seconds ago: IOException: disk full.");
            assertThat(english.sentence(FAILED_WITH_A_FULL_STOP)).isEqualTo(
                    "Orders: never refreshed. The latest refresh failed 1 minute 30 seconds ago: Boom: Out of disk!");
            assertThat(english.sentence(REFRESHING)).isEqualTo(
                    "Orders: last refreshed 1 hour ago, expected within 24 hours. A refresh has been running for 10 minutes.");
            assertThat(english.sentence(FIRST_REFRESHING)).isEqualTo(
                    "Orders: never refreshed. A first refresh has been running for 10 minutes.");
            assertThat(english.sentence(ABANDONED)).isEqualTo("Orders: last refreshed 6 hours ago, expected within 24 hours."
                    + " A refresh started 5 hours ago was abandoned (runs take at most 2 hours).");
            assertThat(english.banner(UNREADABLE)).isEqualTo("The freshness of this data could not be checked.");
        }

        @Test
        void verdictsAndReportsSpeakEnglishThroughTheFormatter() {
            FreshnessReport report = FreshnessReport.of(SCOPE, PAGE, NOW, List.of(REFRESHED));

            assertThat(REFRESHED.sentence()).isEqualTo(english.sentence(REFRESHED));
            assertThat(REFRESHED.sentence(Locale.ENGLISH)).isEqualTo(english.sentence(REFRESHED));
            assertThat(report.banner()).isEqualTo(english.banner(report)).isEqualTo(REFRESHED.sentence());
            assertThat(UNREADABLE.banner()).isEqualTo("The freshness of this data could not be checked.");
            assertThat(english.banner(FreshnessReport.of(SCOPE, PAGE, NOW, List.of(REFRESHING)))).as("fresh: nothing to say").isEmpty();
        }

        /**
         * Thousands of verdicts, drawn with a fixed seed from every ingredient of a sentence (age against the
         * limits, empty refreshes, failures before and after the success, errors ending a phrase or not, runs
         * refreshing, at their max run duration, abandoned or overtaken, titles with MessageFormat's special
         * characters), read word for word as the library said them before the formatter existed.
         */
        @Test
        void everySentenceIsWordForWordTheOneTheLibrarySaidBeforeTheFormatter() {
            Random random = new Random(20260201L);
            List<Duration> ages = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(59), Duration.ofSeconds(90),
                    Duration.ofMinutes(59).plusSeconds(30), Duration.ofHours(1), Duration.ofHours(2),
                    Duration.ofHours(2).plusSeconds(1), Duration.ofHours(23).plusMinutes(59), Duration.ofHours(30),
                    Duration.ofHours(71).plusMinutes(59), Duration.ofHours(72), Duration.ofDays(10).plusHours(5),
                    Duration.ofDays(400), Duration.ofDays(1200).plusHours(1), Duration.ofMinutes(-3));
            List<Duration> limits = List.of(Duration.ofMinutes(90), Duration.ofHours(1), Duration.ofHours(24),
                    Duration.ofHours(48), Duration.ofDays(7), Duration.ofSeconds(30));
            List<JobError> errors = List.of(DISK_FULL, JobError.of("Boom", "Out of disk!", null),
                    JobError.of("E", "done.", null), JobError.of("Q", "why?", null), JobError.of("NoMessage", "", null));
            List<String> titles = List.of("Orders", "Bob's orders", "Orders {0} and ''quotes''", "Ad classifications");
            List<DatasetVerdict> verdicts = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                String title = titles.get(random.nextInt(titles.size()));
                DatasetDefinition dataset = DatasetDefinition.of("orders", title);
                if (random.nextBoolean()) {
                    dataset = dataset.withMaxRunDuration(limits.get(random.nextInt(limits.size())));
                }
                Duration warn = limits.get(random.nextInt(limits.size()));
                Requirement requirement = Requirement.of("orders", warn);
                if (random.nextBoolean()) {
                    requirement = requirement.errorAfter(warn.multipliedBy(1 + random.nextInt(3)));
                }
                if (random.nextBoolean()) {
                    requirement = requirement.ignoringEmptyRefreshes();
                }
                DatasetStatus.Success success = random.nextInt(4) == 0 ? null
                        : success(ages.get(random.nextInt(ages.size())), random.nextBoolean() ? 0 : 1 + random.nextInt(5000));
                DatasetStatus.Failure failure = random.nextBoolean() ? null
                        : failure(ages.get(random.nextInt(ages.size())), errors.get(random.nextInt(errors.size())));
                List<DatasetStatus.Start> inFlight = new ArrayList<>();
                for (int run = random.nextInt(3); run > 0; run--) {
                    inFlight.add(new DatasetStatus.Start(RunId.of("run" + run), NOW.minus(ages.get(random.nextInt(ages.size())))));
                }
                DatasetStatus status = DatasetStatus.of(SCOPE, ORDERS, null, success, failure, inFlight);
                DatasetStatus.Success withRecords = random.nextBoolean() ? null
                        : success(ages.get(random.nextInt(ages.size())).plusDays(1), 7);
                verdicts.add(DatasetVerdict.judge(dataset, requirement, status, withRecords, NOW));
            }

            for (DatasetVerdict verdict : verdicts) {
                assertThat(ReportFormatter.english().sentence(verdict)).as("%s", verdict.status())
                        .isEqualTo(OldEnglishSentences.sentence(verdict));
            }
            for (int from = 0; from + 3 <= verdicts.size(); from += 3) {
                FreshnessReport report = FreshnessReport.of(SCOPE, PAGE, NOW, verdicts.subList(from, from + 3));
                assertThat(report.banner()).isEqualTo(OldEnglishSentences.banner(report));
            }
        }

        @Test
        void aLanguageWithNoMessagesSpeaksEnglish() {
            assertThat(ReportFormatter.of(Locale.JAPANESE).sentence(ABANDONED)).isEqualTo(english.sentence(ABANDONED));
            assertThat(ReportFormatter.of(Locale.UK).sentence(FAILED)).isEqualTo(english.sentence(FAILED));
            assertThat(ReportFormatter.of(Locale.ROOT).banner(UNREADABLE)).isEqualTo(english.banner(UNREADABLE));
        }
    }

    @Nested
    class German {

        private final ReportFormatter german = ReportFormatter.of(Locale.GERMAN);

        @Test
        void saysEveryMessageInGerman() {
            assertThat(german.locale()).isEqualTo(Locale.GERMAN);
            assertThat(german.sentence(NEVER)).isEqualTo("Orders: nie aktualisiert.");
            assertThat(german.sentence(REFRESHED))
                    .isEqualTo("Orders: zuletzt vor 30 Stunden aktualisiert, erwartet innerhalb von 24 Stunden.");
            assertThat(german.sentence(NEVER_WITH_RECORDS)).isEqualTo("Orders: nie mit Datensätzen aktualisiert."
                    + " Die letzte Aktualisierung vor 1 Stunde hat keine Datensätze geändert.");
            assertThat(german.sentence(REFRESHED_WITH_RECORDS)).isEqualTo("Orders: zuletzt vor 3 Tagen mit Datensätzen"
                    + " aktualisiert, erwartet innerhalb von 24 Stunden."
                    + " Die letzte Aktualisierung vor 1 Stunde hat keine Datensätze geändert.");
            assertThat(german.sentence(FAILED)).isEqualTo("Orders: nie aktualisiert."
                    + " Die letzte Aktualisierung ist vor 1 Minute 30 Sekunden fehlgeschlagen: IOException: disk full.");
            assertThat(german.sentence(FAILED_WITH_A_FULL_STOP)).isEqualTo("Orders: nie aktualisiert."
                    + " Die letzte Aktualisierung ist vor 1 Minute 30 Sekunden fehlgeschlagen: Boom: Out of disk!");
            assertThat(german.sentence(REFRESHING)).isEqualTo("Orders: zuletzt vor 1 Stunde aktualisiert,"
                    + " erwartet innerhalb von 24 Stunden. Eine Aktualisierung läuft seit 10 Minuten.");
            assertThat(german.sentence(FIRST_REFRESHING))
                    .isEqualTo("Orders: nie aktualisiert. Eine erste Aktualisierung läuft seit 10 Minuten.");
            assertThat(german.sentence(ABANDONED)).isEqualTo("Orders: zuletzt vor 6 Stunden aktualisiert,"
                    + " erwartet innerhalb von 24 Stunden. Eine vor 5 Stunden gestartete Aktualisierung wurde aufgegeben"
                    + " (maximale Laufzeit von 2 Stunden überschritten).");
            assertThat(german.banner(UNREADABLE)).isEqualTo("Die Aktualität dieser Daten konnte nicht geprüft werden.");
        }

        @ParameterizedTest(name = "{0} is said ''{1}''")
        @CsvSource({
                "PT0S, 0 Sekunden",
                "PT1S, 1 Sekunde",
                "PT59S, 59 Sekunden",
                "PT1M, 1 Minute",
                "PT2M1S, 2 Minuten 1 Sekunde",
                "PT1H, 1 Stunde",
                "PT2H30M, 2 Stunden 30 Minuten",
                "PT48H1M, 48 Stunden 1 Minute",
                "PT72H, 3 Tagen",
                "PT169H, 7 Tagen 1 Stunde",
                "PT24000H, 1.000 Tagen",
        })
        void saysDurationsInTheDative(Duration duration, String words) {
            assertThat(german.duration(duration)).isEqualTo(words);
        }

        @Test
        void verdictsReportsAndRegionalGermanUseIt() {
            FreshnessReport report = FreshnessReport.of(SCOPE, PAGE, NOW, List.of(REFRESHED, NEVER));

            assertThat(REFRESHED.sentence(Locale.GERMAN)).isEqualTo(german.sentence(REFRESHED));
            assertThat(report.banner(Locale.GERMAN)).isEqualTo(german.sentence(REFRESHED) + " " + german.sentence(NEVER));
            assertThat(UNREADABLE.banner(Locale.GERMAN)).isEqualTo(german.banner(UNREADABLE));
            assertThat(ReportFormatter.of(Locale.forLanguageTag("de-AT")).sentence(ABANDONED)).isEqualTo(german.sentence(ABANDONED));
            assertThat(ReportFormatter.of(Locale.GERMAN)).as("cached").isSameAs(german);
        }
    }

    @Nested
    class OnTheClassPath {

        @TempDir
        Path classPath;

        @Test
        void aUserAddsALanguageWithOneFileAndMissingKeysFallBackToEnglish() throws Exception {
            write("messages_fr.properties", """
                    # A user's French, with a few keys only.
                    dataset.refreshed = {0} : actualisé il y a {1}, attendu sous {2}.
                    dataset.never = {0} : jamais actualisé.
                    duration.hours = {0,choice,0#0 heure|1#1 heure|1<{0,number,integer} heures}
                    """);
            try (URLClassLoader loader = loader()) {
                ReportFormatter french = ReportFormatter.of(Locale.FRENCH, loader);

                assertThat(french.locale()).isEqualTo(Locale.FRENCH);
                assertThat(french.sentence(REFRESHED)).isEqualTo("Orders : actualisé il y a 30 heures, attendu sous 24 heures.");
                assertThat(french.sentence(FAILED)).as("run.failed and the minutes are not translated: English")
                        .isEqualTo("Orders : jamais actualisé. The latest refresh failed 1 minute 30 seconds ago: IOException: disk full.");
                assertThat(french.banner(UNREADABLE)).isEqualTo("The freshness of this data could not be checked.");
                assertThat(ReportFormatter.of(Locale.forLanguageTag("fr-CA"), loader).sentence(NEVER))
                        .isEqualTo("Orders : jamais actualisé.");
                assertThat(ReportFormatter.of(Locale.FRENCH).sentence(NEVER)).as("not on this class path: English")
                        .isEqualTo("Orders: never refreshed.");
            }
        }

        @Test
        void aFileOnTheContextClassLoaderIsFoundByTheLocaleAlone() throws Exception {
            write("messages_fr.properties", "dataset.never = {0} : jamais actualisé.\n");
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            try (URLClassLoader loader = loader()) {
                thread.setContextClassLoader(loader);
                assertThat(NEVER.sentence(Locale.FRENCH)).isEqualTo("Orders : jamais actualisé.");
                assertThat(ReportFormatter.of(Locale.FRENCH).sentence(NEVER)).isEqualTo("Orders : jamais actualisé.");
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        @Test
        void aUserFileOverridesAShippedKeyAndKeepsTheOthers() throws Exception {
            write("messages_de.properties", """
                    report.unreadable = Frische unbekannt.
                    dataset.never = {0}: noch nie aktualisiert.
                    """);
            try (URLClassLoader loader = loader()) {
                ReportFormatter german = ReportFormatter.of(Locale.GERMAN, loader);

                assertThat(german.banner(UNREADABLE)).isEqualTo("Frische unbekannt.");
                assertThat(german.sentence(NEVER)).isEqualTo("Orders: noch nie aktualisiert.");
                assertThat(german.sentence(REFRESHED)).as("a key the user did not override stays the shipped German")
                        .isEqualTo("Orders: zuletzt vor 30 Stunden aktualisiert, erwartet innerhalb von 24 Stunden.");
                assertThat(ReportFormatter.of(Locale.GERMAN).banner(UNREADABLE)).as("not on this class path")
                        .isEqualTo("Die Aktualität dieser Daten konnte nicht geprüft werden.");
            }
        }

        @Test
        void theArgumentsAreChecked() throws IOException {
            try (URLClassLoader loader = loader()) {
                assertThatThrownBy(() -> ReportFormatter.of(null, loader))
                        .isInstanceOf(NullPointerException.class).hasMessage("locale must not be null");
                assertThatThrownBy(() -> ReportFormatter.of(Locale.GERMAN, null))
                        .isInstanceOf(NullPointerException.class).hasMessage("classLoader must not be null");
                assertThatThrownBy(() -> ReportFormatter.of(null))
                        .isInstanceOf(NullPointerException.class).hasMessage("locale must not be null");
                assertThatThrownBy(() -> ReportFormatter.english().sentence(null))
                        .isInstanceOf(NullPointerException.class).hasMessage("verdict must not be null");
            }
        }

        private void write(String file, String text) throws IOException {
            Path messages = classPath.resolve("META-INF/freshness").resolve(file);
            Files.createDirectories(messages.getParent());
            Files.writeString(messages, text);
        }

        private URLClassLoader loader() throws IOException {
            return new URLClassLoader(new URL[] {classPath.toUri().toURL()}, ReportFormatter.class.getClassLoader());
        }
    }
}
