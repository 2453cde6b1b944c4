package dev.freshness.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DDL script as shipped in the jar, with its <code>${schema}</code> and <code>${prefix}</code> placeholders.
 * The scripts hold no semicolon except at the end of a statement, so splitting is by line.
 */
public final class SchemaScript {

    private final String text;

    private SchemaScript(String text) {
        this.text = text;
    }

    /**
     * Reads the script at {@code resource}, a class-path resource name such as
     * {@code META-INF/freshness/jdbc/schema/h2.sql}.
     */
    public static SchemaScript load(String resource) {
        try (InputStream in = SchemaScript.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("the schema script " + resource + " is missing from the class path");
            }
            return new SchemaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema script " + resource, e);
        }
    }

    /** The whole script for a prefix and schema (null for none), both validated. */
    public String render(String prefix, String schema) {
        TableNames names = TableNames.of(prefix, schema);
        return text.replace("${schema}", names.schemaQualifier()).replace("${prefix}", names.prefix());
    }

    /** The rendered script's statements, without comments and without their final semicolon. */
    public List<String> statements(String prefix, String schema) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : render(prefix, schema).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
