import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release (a Maven repository layout, as {@code deploy} writes it) against Maven Central's rules,
 * and prints the staged files. Run with {@code java .ci/CheckStaging.java <staging dir> <expected artifactIds,
 * comma-separated> [--signed]}. Exits 1 listing every problem found, so that one run shows them all.
 *
 * <p>The rules: every expected artifact staged and nothing else; a jar module with its -sources.jar (holding
 * .java files) and -javadoc.jar (holding index.html); each file with its .md5 and .sha1 (matching) and, when
 * signed, its .asc; every POM, with what it inherits from a parent that is staged too, naming its name,
 * description, url, a license, a developer and scm; no -SNAPSHOT version of the artifact, its parent or any
 * dependency, managed or not.
 */
public class CheckStaging {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final Path staging;
    private final boolean signed;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Element> pomsByCoordinates = new HashMap<>();

    private CheckStaging(Path staging, boolean signed) {
        this.staging = staging;
        this.signed = signed;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("--signed"))) {
            System.err.println("usage: java CheckStaging.java <staging dir> <artifactId,...> [--signed]");
            System.exit(2);
        }
        Path staging = Path.of(args[0]);
        if (!Files.isDirectory(staging)) {
            System.err.println("CheckStaging: staging directory " + staging + " does not exist");
            System.exit(1);
        }
        CheckStaging check = new CheckStaging(staging, args.length == 3);
        check.run(new LinkedHashSet<>(List.of(args[1].split(","))));
        if (!check.problems.isEmpty()) {
            System.err.println("CheckStaging: " + check.problems.size() + " problem(s) in " + staging + ":");
            check.problems.forEach(problem -> System.err.println("  - " + problem));
            System.exit(1);
        }
        System.out.println("CheckStaging: the staged release meets Maven Central's rules"
                + (check.signed ? " (signed)" : " (not signed: no key named)"));
    }

    private void run(Set<String> expected) throws Exception {
        List<Path> poms;
        try (Stream<Path> files = Files.walk(staging)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            System.out.println("Staged files (" + all.size() + "):");
            all.forEach(file -> System.out.println("  " + staging.relativize(file)));
            poms = all.stream().filter(file -> file.toString().endsWith(".pom")).toList();
        }
        Map<String, Path> pomFiles = new TreeMap<>();
        for (Path pom : poms) {
            Element project = parse(pom);
            String artifactId = text(project, "artifactId");
            pomsByCoordinates.put(coordinates(project), project);
            pomFiles.put(artifactId, pom);
        }
        for (String artifactId : expected) {
            if (!pomFiles.containsKey(artifactId)) {
                problems.add(artifactId + " is not staged");
            }
        }
        for (Map.Entry<String, Path> entry : pomFiles.entrySet()) {
            if (!expected.contains(entry.getKey())) {
                problems.add(entry.getKey() + " is staged but is not a published module");
            }
            checkArtifact(entry.getValue());
        }
    }

    private void checkArtifact(Path pomFile) throws Exception {
        Element project = parse(pomFile);
        String artifactId = text(project, "artifactId");
        String version = inherited(project, "version");
        String packaging = text(project, "packaging") == null ? "jar" : text(project, "packaging");
        if (version == null || version.contains("SNAPSHOT")) {
            problems.add(artifactId + " has version " + version + ": a release has no -SNAPSHOT version");
        }
        Element parent = child(project, "parent");
        if (parent != null) {
            String parentVersion = text(parent, "version");
            if (parentVersion.contains("SNAPSHOT")) {
                problems.add(artifactId + " has the -SNAPSHOT parent " + text(parent, "artifactId") + ":" + parentVersion);
            }
            if (!pomsByCoordinates.containsKey(text(parent, "groupId") + ":" + text(parent, "artifactId") + ":" + parentVersion)) {
                problems.add(artifactId + "'s parent " + text(parent, "artifactId") + ":" + parentVersion + " is not staged");
            }
        }
        for (String required : List.of("name", "description", "url")) {
            String value = inherited(project, required);
            if (value == null || value.isBlank()) {
                problems.add(artifactId + "'s POM has no <" + required + ">");
            }
        }
        requireNested(project, artifactId, "licenses", "license", "name");
        requireNested(project, artifactId, "developers", "developer", "name");
        requireNested(project, artifactId, "scm", "url", null);
        requireNested(project, artifactId, "scm", "connection", null);
        checkDependencies(project, artifactId);

        List<String> files = new ArrayList<>(List.of(artifactId + "-" + version + ".pom"));
        if (packaging.equals("jar")) {
            files.add(artifactId + "-" + version + ".jar");
            files.add(artifactId + "-" + version + "-sources.jar");
            files.add(artifactId + "-" + version + "-javadoc.jar");
        } else if (!packaging.equals("pom")) {
            problems.add(artifactId + " has the packaging " + packaging + ", which this check does not know");
        }
        Path dir = pomFile.getParent();
        for (String name : files) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                problems.add(artifactId + ": " + name + " is missing");
                continue;
            }
            checkChecksum(file, ".md5", "MD5");
            checkChecksum(file, ".sha1", "SHA-1");
            if (signed && !Files.isRegularFile(dir.resolve(name + ".asc"))) {
                problems.add(artifactId + ": " + name + ".asc (its signature) is missing");
            }
            if (name.endsWith("-sources.jar")) {
                requireEntry(file, ".java", artifactId);
            } else if (name.endsWith("-javadoc.jar")) {
                requireEntry(file, "index.html", artifactId);
            }
        }
    }

    private void checkDependencies(Element project, String artifactId) {
        for (String container : List.of("dependencies", "dependencyManagement")) {
            Element dependencies = child(project, container);
            if (dependencies != null && container.equals("dependencyManagement")) {
                dependencies = child(dependencies, "dependencies");
            }
            if (dependencies == null) {
                continue;
            }
            for (Element dependency : children(dependencies, "dependency")) {
                String version = text(dependency, "version");
                if (version == null) {
                    continue;
                }
                String resolved = interpolate(project, version);
                String name = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
                if (resolved.contains("${")) {
                    problems.add(artifactId + ": the version " + version + " of " + name + " does not resolve");
                } else if (resolved.contains("SNAPSHOT")) {
                    problems.add(artifactId + " depends on the -SNAPSHOT " + name + ":" + resolved
                            + (container.equals("dependencyManagement") ? " (dependencyManagement)" : ""));
                }
            }
        }
    }

    private void requireNested(Element project, String artifactId, String outer, String inner, String leaf) {
        for (Element pom = project; pom != null; pom = parentOf(pom)) {
            Element container = child(pom, outer);
            if (container == null) {
                continue;
            }
            for (Element item : children(container, inner)) {
                String value = leaf == null ? item.getTextContent() : text(item, leaf);
                if (value != null && !value.isBlank()) {
                    return;
                }
            }
        }
        problems.add(artifactId + "'s POM has no <" + outer + "><" + inner + ">" + (leaf == null ? "" : "<" + leaf + ">"));
    }

    private void checkChecksum(Path file, String suffix, String algorithm) throws IOException, NoSuchAlgorithmException {
        Path sum = file.resolveSibling(file.getFileName() + suffix);
        if (!Files.isRegularFile(sum)) {
            problems.add(staging.relativize(file) + suffix + " is missing");
            return;
        }
        String expected = Files.readString(sum).trim().split("\\s+")[0];
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
        if (!expected.equalsIgnoreCase(actual)) {
            problems.add(staging.relativize(file) + suffix + " does not match the file");
        }
    }

    private void requireEntry(Path jar, String ending, String artifactId) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(entry -> entry.getName().endsWith(ending))) {
                problems.add(artifactId + ": " + jar.getFileName() + " holds no " + ending);
            }
        }
    }

    private String interpolate(Element project, String value) {
        String result = value;
        for (int depth = 0; depth < 10 && result.contains("${"); depth++) {
            Matcher matcher = PROPERTY.matcher(result);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String replacement = property(project, matcher.group(1));
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? matcher.group() : replacement));
            }
            matcher.appendTail(out);
            if (out.toString().equals(result)) {
                break;
            }
            result = out.toString();
        }
        return result;
    }

    private String property(Element project, String name) {
        if (name.equals("project.version") || name.equals("version")) {
            return inherited(project, "version");
        }
        for (Element pom = project; pom != null; pom = parentOf(pom)) {
            Element properties = child(pom, "properties");
            if (properties != null && text(properties, name) != null) {
                return text(properties, name);
            }
        }
        return null;
    }

    private String inherited(Element project, String name) {
        for (Element pom = project; pom != null; pom = parentOf(pom)) {
            if (text(pom, name) != null) {
                return text(pom, name);
            }
        }
        Element parent = child(project, "parent");
        return parent != null && (name.equals("version") || name.equals("groupId")) ? text(parent, name) : null;
    }

    private Element parentOf(Element project) {
        Element parent = child(project, "parent");
        return parent == null ? null
                : pomsByCoordinates.get(text(parent, "groupId") + ":" + text(parent, "artifactId") + ":" + text(parent, "version"));
    }

    private String coordinates(Element project) {
        return inherited(project, "groupId") + ":" + text(project, "artifactId") + ":" + inherited(project, "version");
    }

    private static Element parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        try (InputStream in = Files.newInputStream(pom)) {
            Document document = factory.newDocumentBuilder().parse(in);
            return document.getDocumentElement();
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
