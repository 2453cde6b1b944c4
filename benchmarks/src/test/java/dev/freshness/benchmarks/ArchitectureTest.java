package dev.freshness.benchmarks;

import dev.freshness.testsupport.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks measure the library through its public API only: no class of theirs may use, or even import, a
 * {@code dev.freshness..internal..} package of another module (the hand-written baselines carry their own SQL).
 */
class ArchitectureTest {

    private static final Pattern INTERNAL_IMPORT =
            Pattern.compile("^\\s*import\\s+(static\\s+)?dev\\.freshness\\.([\\w.]*\\.)?internal(\\.|;).*");

    @Test
    void usesNoInternalPackageOfTheLibraryAndHasNoPackageCycle() {
        ModuleArchitecture.checkClassesOf(BenchDatabase.class);
    }

    /** An unused import leaves no trace in the class files, so the sources are read too. */
    @Test
    void importsNoInternalPackageOfTheLibrary() throws IOException {
        Path sources = Path.of("src", "main", "java");
        assertThat(sources).isDirectory();
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (INTERNAL_IMPORT.matcher(lines.get(i)).matches()) {
                        offending.add(sources.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(offending).as("imports of internal packages").isEmpty();
    }

    @Test
    void theImportCheckRecognisesAnInternalImport() {
        assertThat(INTERNAL_IMPORT.matcher("import dev.freshness.jdbc.internal.SqlDialect;").matches()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import dev.freshness.internal.Checks;").matches()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import static dev.freshness.report.internal.PageChecks.X;").matches()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import dev.freshness.jdbc.internal.*;").matches()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import dev.freshness.jdbc.JdbcFreshnessStore;").matches()).isFalse();
        assertThat(INTERNAL_IMPORT.matcher("import dev.freshness.internalized.Thing;").matches()).isFalse();
    }
}
