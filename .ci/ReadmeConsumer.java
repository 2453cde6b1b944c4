import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Makes a Maven project of a user's only from the README: its pom from the README's ```xml blocks (the BOM
 * import and every dependency), its sources from the README's ```java blocks, each in a class of its own that
 * extends .ci/readme-consumer/ReadmeFixture.java (the variables and methods the snippets take as given) with that
 * file's imports. Run with {@code java .ci/ReadmeConsumer.java <README.md> <fixture> <project dir>}.
 *
 * <p>No block is skipped silently: an xml block that is not a dependency or the BOM import, a dependency with
 * no version that no imported BOM manages, a block of another fence tag starting with "java", fail. A block that
 * is deliberately not Java (the API's signatures on one screen) is fenced ```java signatures, and an xml block
 * that is no part of a pom (a Liquibase changelog) ```xml liquibase; both are counted.
 */
public class ReadmeConsumer {

    /** Fence tags of blocks that look like Java but are not meant to compile. */
    private static final Set<String> NOT_COMPILED = Set.of("java signatures", "xml liquibase");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("^(public |abstract |final |static )*(class|interface|record|enum) \\w+.*");

    private record Block(String tag, int line, String section, String text) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java ReadmeConsumer.java <README.md> <fixture> <project dir>");
            System.exit(2);
        }
        Path readme = Path.of(args[0]);
        Path fixture = Path.of(args[1]);
        Path project = Path.of(args[2]);
        List<Block> blocks = blocks(Files.readAllLines(readme));

        Map<String, Element> managed = new LinkedHashMap<>();
        Map<String, Element> dependencies = new LinkedHashMap<>();
        int xmlBlocks = 0;
        int javaBlocks = 0;
        int notCompiled = 0;
        List<String> problems = new ArrayList<>();
        String fixtureText = Files.readString(fixture);
        String imports = fixtureText.lines().filter(line -> line.startsWith("import "))
                .reduce("", (all, line) -> all + line + "\n");
        Path sources = project.resolve("src/test/java/readme");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("ReadmeFixture.java"), fixtureText);

        for (Block block : blocks) {
            String where = "README.md line " + block.line() + " (" + block.section() + ")";
            if (block.tag().equals("xml")) {
                xmlBlocks++;
                Element root = parse(block.text());
                for (Element element : elements(root)) {
                    switch (element.getTagName()) {
                        case "dependency" -> add(dependencies, element, where, problems);
                        case "dependencyManagement" -> {
                            Element inner = only(element, "dependencies");
                            for (Element dependency : inner == null ? List.<Element>of() : elements(inner)) {
                                if (!"import".equals(text(dependency, "scope")) || !"pom".equals(text(dependency, "type"))) {
                                    problems.add(where + ": a managed dependency that is not a BOM import");
                                }
                                add(managed, dependency, where, problems);
                            }
                        }
                        default -> problems.add(where + ": an xml block with <" + element.getTagName()
                                + ">, which cannot be placed in a pom");
                    }
                }
            } else if (block.tag().equals("java")) {
                javaBlocks++;
                String name = "ReadmeLine" + block.line();
                String firstCode = block.text().lines().filter(line -> !line.isBlank() && !line.strip().startsWith("//"))
                        .findFirst().orElse("");
                boolean type = TYPE_DECLARATION.matcher(firstCode).matches();
                // The marker lets .ci/test-readme-consumer report a compile error at its README line.
                Files.writeString(sources.resolve(name + ".java"), "package readme;\n\n" + imports
                        + "\n// " + where + "\n@SuppressWarnings(\"unused\")\nclass " + name
                        + " extends ReadmeFixture {\n" + (type ? "" : "void snippet() throws Exception {\n")
                        + "// README.md line " + (block.line() + 1) + " follows\n" + block.text()
                        + (type ? "" : "}\n") + "}\n");
            } else if (NOT_COMPILED.contains(block.tag())) {
                notCompiled++;
            } else if (block.tag().startsWith("java") || block.tag().startsWith("xml")) {
                problems.add(where + ": the fence tag '" + block.tag() + "' is neither java (compiled) nor one of "
                        + NOT_COMPILED + " (not compiled)");
            }
        }
        Set<String> managedGroups = Set.copyOf(managed.values().stream().map(d -> text(d, "groupId")).toList());
        for (Element dependency : dependencies.values()) {
            if (text(dependency, "version") == null && !managedGroups.contains(text(dependency, "groupId"))) {
                problems.add("the dependency " + key(dependency) + " has no version and no imported BOM of its group");
            }
        }
        if (managed.isEmpty()) {
            problems.add("the README imports no BOM");
        }
        if (javaBlocks == 0 || dependencies.isEmpty()) {
            problems.add("the README has no java block or no dependency: is this the README?");
        }
        if (!problems.isEmpty()) {
            System.err.println("ReadmeConsumer: the README's blocks cannot all be placed in a project:");
            problems.forEach(problem -> System.err.println("  - " + problem));
            System.exit(1);
        }
        Files.writeString(project.resolve("pom.xml"), pom(managed, dependencies));
        System.out.println("ReadmeConsumer: " + xmlBlocks + " xml blocks (" + managed.size() + " BOM import, "
                + dependencies.size() + " dependencies: " + String.join(", ", dependencies.keySet()) + "), "
                + javaBlocks + " java blocks compiled, " + notCompiled + " not meant to compile, fenced " + NOT_COMPILED);
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String section = "top";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                section = line.replaceFirst("^#+ *", "");
            } else if (line.startsWith("```")) {
                String tag = line.substring(3).strip();
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(tag, start + 1, section, text.toString()));
            }
        }
        return blocks;
    }

    private static void add(Map<String, Element> into, Element dependency, String where, List<String> problems) {
        if (text(dependency, "groupId") == null || text(dependency, "artifactId") == null) {
            problems.add(where + ": a dependency without groupId or artifactId");
            return;
        }
        Element earlier = into.putIfAbsent(key(dependency), dependency);
        if (earlier != null && !String.valueOf(text(earlier, "version")).equals(String.valueOf(text(dependency, "version")))) {
            problems.add(where + ": " + key(dependency) + " has the version " + text(dependency, "version")
                    + " here and " + text(earlier, "version") + " earlier");
        }
    }

    private static String pom(Map<String, Element> managed, Map<String, Element> dependencies) {
        StringBuilder pom = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>readme.consumer</groupId>
                  <artifactId>readme-consumer</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                """);
        managed.values().forEach(dependency -> pom.append(xml(dependency)));
        pom.append("    </dependencies>\n  </dependencyManagement>\n  <dependencies>\n");
        dependencies.values().forEach(dependency -> pom.append(xml(dependency)));
        pom.append("""
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """);
        return pom.toString();
    }

    private static String xml(Element dependency) {
        StringBuilder out = new StringBuilder("      <dependency>");
        for (Element child : elements(dependency)) {
            out.append('<').append(child.getTagName()).append('>').append(child.getTextContent().trim())
                    .append("</").append(child.getTagName()).append('>');
        }
        return out.append("</dependency>\n").toString();
    }

    private static String key(Element dependency) {
        return text(dependency, "groupId") + ":" + text(dependency, "artifactId");
    }

    private static Element parse(String fragment) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader("<readme>" + fragment + "</readme>"))).getDocumentElement();
    }

    private static List<Element> elements(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element only(Element parent, String name) {
        return elements(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }

    private static String text(Element parent, String name) {
        Element element = only(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
