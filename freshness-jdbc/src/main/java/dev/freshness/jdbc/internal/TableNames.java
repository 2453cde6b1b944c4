package dev.freshness.jdbc.internal;

import java.util.List;

/**
 * The qualified names of the store's tables, built from a validated prefix and schema, and what puts them into
 * the SQL text of the dialects: <code>${status}</code>, <code>${run}</code> and <code>${schema_version}</code>.
 *
 * @param schemaQualifier empty, or the schema name followed by a dot
 * @param prefix the table prefix
 */
public record TableNames(String schemaQualifier, String prefix) {

    /** What the prefix is put in front of: the tables and the indexes of every dialect's DDL. */
    private static final List<String> SUFFIXES = List.of("status", "run", "schema_version", "status_pk",
            "status_by_success", "status_stale", "status_stale_walk", "run_pk", "run_in_flight", "run_by_activity",
            "run_by_run_id", "run_by_last_activity", "run_prune_order");

    /** Every name {@code prefix} makes: the tables and the indexes. */
    static List<String> namesMadeBy(String prefix) {
        return SUFFIXES.stream().map(suffix -> prefix + suffix).toList();
    }

    /** Validates both parts; {@code schema} may be null for the connection's default schema. */
    public static TableNames of(String prefix, String schema) {
        SqlIdentifiers.checkTablePrefix(prefix);
        return new TableNames(schema == null ? "" : SqlIdentifiers.checkSchema(schema) + ".", prefix);
    }

    /** The current status of each (scope, dataset). */
    public String status() {
        return schemaQualifier + prefix + "status";
    }

    /** The run history: one row per (scope, dataset, run). */
    public String run() {
        return schemaQualifier + prefix + "run";
    }

    /** The schema version the tables follow. */
    public String schemaVersion() {
        return schemaQualifier + prefix + "schema_version";
    }

    /** The schema name, or null for the connection's default. */
    public String schema() {
        return schemaQualifier.isEmpty() ? null : schemaQualifier.substring(0, schemaQualifier.length() - 1);
    }

    /**
     * {@code sql} with its table placeholders replaced by these names. The names are validated identifiers, so
     * they can never change what a statement does.
     */
    public String render(String sql) {
        return sql.replace("${status}", status())
                .replace("${run}", run())
                .replace("${schema_version}", schemaVersion());
    }
}
