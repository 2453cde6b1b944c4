package dev.freshness.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The figures these tests measure (events written, prunes, instants checked, ...), one line each, written to
 * {@value #FILE} rather than to the build's output, which stays short. docs/reliability.md quotes them, and
 * {@code .ci/run} prints the file after the tests.
 */
final class Figures {

    /** Where the figures of the last run are, relative to the module's directory (Surefire's working directory). */
    static final String FILE = "target/figures.txt";

    private static boolean started;

    private Figures() {
    }

    /** Formats one figure ({@link String#format}, {@link Locale#ROOT}) and appends it to the file. */
    static synchronized void record(String format, Object... args) {
        String line = "[figure] " + String.format(Locale.ROOT, format, args).stripTrailing() + System.lineSeparator();
        try {
            Path file = Path.of(FILE);
            Files.createDirectories(file.toAbsolutePath().getParent());
            // The first figure of a run replaces the last run's.
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figure to " + FILE + ": " + line, e);
        }
    }
}
