package dev.freshness.cron;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The dates on which nothing is due, in the schedule's zone: a schedule of weekdays with holidays is a schedule
 * of business days. Immutable and thread-safe.
 *
 * <p>A holiday file has one ISO date per line, optionally followed by a name; blank lines and lines starting with
 * {@code #} are ignored:
 * <pre>
 * # Berlin, 2026
 * 2026-12-25 Christmas Day
 * 2026-12-26 Boxing Day
 * </pre>
 */
public final class Holidays {

    private static final Holidays NONE = new Holidays(new TreeSet<>());

    private final NavigableSet<LocalDate> dates;

    private Holidays(NavigableSet<LocalDate> dates) {
        this.dates = Collections.unmodifiableNavigableSet(dates);
    }

    /** No holidays: every day the cron expression names is due. */
    public static Holidays none() {
        return NONE;
    }

    /**
     * The holidays {@code dates}.
     *
     * @throws NullPointerException when {@code dates} or one of them is null
     */
    public static Holidays of(LocalDate... dates) {
        Objects.requireNonNull(dates, "dates must not be null");
        return of(Arrays.asList(dates));
    }

    /**
     * The holidays {@code dates}.
     *
     * @throws NullPointerException when {@code dates} or one of them is null
     */
    public static Holidays of(Collection<LocalDate> dates) {
        Objects.requireNonNull(dates, "dates must not be null");
        TreeSet<LocalDate> copy = new TreeSet<>();
        for (LocalDate date : dates) {
            copy.add(Objects.requireNonNull(date, "dates must not contain null"));
        }
        return copy.isEmpty() ? NONE : new Holidays(copy);
    }

    /**
     * Reads a holiday file, in UTF-8.
     *
     * @throws IllegalArgumentException naming the file and the line when a line is not a date
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Holidays fromFile(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the holidays file " + file, e);
        }
    }

    /**
     * Reads a holiday file from the class path, in UTF-8.
     *
     * @param resource the resource name, as for {@link ClassLoader#getResourceAsStream(String)}
     * @throws IllegalArgumentException when there is no such resource, or naming the line that is not a date
     */
    public static Holidays fromResource(String resource) {
        Objects.requireNonNull(resource, "resource must not be null");
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Holidays.class.getClassLoader());
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("resource '" + resource + "' was not found on the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the holidays resource " + resource, e);
        }
    }

    /**
     * Reads holidays in the file format from {@code reader}.
     *
     * @param source what is read, named in error messages
     * @throws IllegalArgumentException naming {@code source} and the line when a line is not a date
     */
    public static Holidays read(Reader reader, String source) {
        Objects.requireNonNull(reader, "reader must not be null");
        Objects.requireNonNull(source, "source must not be null");
        TreeSet<LocalDate> dates = new TreeSet<>();
        try {
            BufferedReader lines = new BufferedReader(reader);
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String date = text.split("\\s+", 2)[0];
                try {
                    dates.add(LocalDate.parse(date));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(source + " line " + number + ": '" + date
                            + "' is not a date such as 2026-12-25", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + source, e);
        }
        return of(dates);
    }

    /** These holidays and {@code other}'s. */
    public Holidays and(Holidays other) {
        Objects.requireNonNull(other, "other must not be null");
        TreeSet<LocalDate> union = new TreeSet<>(dates);
        union.addAll(other.dates);
        return of(union);
    }

    /** True when nothing is due on {@code date}. */
    public boolean contains(LocalDate date) {
        return dates.contains(date);
    }

    /** The dates, in order. */
    public NavigableSet<LocalDate> dates() {
        return dates;
    }

    /** True when there are none. */
    public boolean isEmpty() {
        return dates.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Holidays that && dates.equals(that.dates);
    }

    @Override
    public int hashCode() {
        return dates.hashCode();
    }

    @Override
    public String toString() {
        return dates.size() <= 5 ? "Holidays" + dates : "Holidays[" + dates.size() + " dates, " + dates.first()
                + " to " + dates.last() + "]";
    }
}
