package dev.freshness.acceptance.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Freshness version the README names is the version this checkout builds, so that a user who installs it
 * and copies the README's snippets asks for jars that are there; a release sets both together.
 */
class ReadmeVersionTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern COORDINATES = Pattern.compile("dev\\.freshness:[^:`\\s]+:([0-9][^`\\s]*)");

    @Test
    void everyFreshnessVersionInTheReadmeIsTheProjectVersion() throws IOException {
        String projectVersion = System.getProperty("freshness.project.version");
        assertThat(projectVersion).as("the system property freshness.project.version, set by the pom").isNotBlank();
        String readme = Files.readString(README);

        List<String> named = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(readme);
        while (dependency.find()) {
            String body = dependency.group(1);
            if (body.contains("<groupId>dev.freshness</groupId>")) {
                named.add(element(body, "artifactId") + " " + element(body, "version"));
            }
        }
        Matcher coordinates = COORDINATES.matcher(readme);
        while (coordinates.find()) {
            named.add(coordinates.group() + " " + coordinates.group(1));
        }

        assertThat(named).as("the Freshness dependencies and coordinates of README.md").hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(item -> assertThat(item).as("README.md names").endsWith(" " + projectVersion));
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return matcher.find() ? matcher.group(1).trim() : "(no <" + name + ">)";
    }
}
