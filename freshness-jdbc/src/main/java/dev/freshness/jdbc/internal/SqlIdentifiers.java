package dev.freshness.jdbc.internal;

import java.util.Objects;

/**
 * Validates the names that become part of SQL text: the table prefix and the schema. They are checked, never
 * quoted or escaped: a name that is not a plain identifier is rejected, so it can never change a statement.
 */
public final class SqlIdentifiers {

    /** The longest table prefix: with the longest suffix it stays under every database's identifier limit. */
    public static final int MAX_PREFIX_LENGTH = 30;

    /** The longest schema name (PostgreSQL's limit is 63 bytes, MySQL's 64 characters). */
    public static final int MAX_SCHEMA_LENGTH = 63;

    private SqlIdentifiers() {
    }

    /**
     * Checks a table prefix: empty, or up to {@value #MAX_PREFIX_LENGTH} ASCII letters, digits and {@code _},
     * starting with a letter or {@code _}, that makes no reserved word of the names of the tables and indexes
     * ({@link TableNames#namesMadeBy}).
     */
    public static String checkTablePrefix(String prefix) {
        Objects.requireNonNull(prefix, "tablePrefix must not be null");
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("tablePrefix must be at most " + MAX_PREFIX_LENGTH
                    + " characters, was " + prefix.length() + ": " + shown(prefix));
        }
        checkCharacters(prefix, "tablePrefix");
        for (String name : TableNames.namesMadeBy(prefix)) {
            if (ReservedWords.isReserved(name)) {
                throw new IllegalArgumentException("tablePrefix " + shown(prefix) + " makes the name " + shown(name)
                        + ", a reserved word (" + String.join(", ", ReservedWords.reservedBy(name))
                        + ") that the database would refuse as a name: choose another prefix");
            }
        }
        return prefix;
    }

    /**
     * Checks a schema name: 1 to {@value #MAX_SCHEMA_LENGTH} ASCII letters, digits and {@code _}, starting
     * with a letter or {@code _}, and no reserved word of SQL:2016 or of a supported database ({@link ReservedWords}).
     */
    public static String checkSchema(String schema) {
        Objects.requireNonNull(schema, "schema must not be null");
        if (schema.isEmpty()) {
            throw new IllegalArgumentException("schema must not be empty; leave it unset to use the connection's"
                    + " default schema");
        }
        if (schema.length() > MAX_SCHEMA_LENGTH) {
            throw new IllegalArgumentException("schema must be at most " + MAX_SCHEMA_LENGTH
                    + " characters, was " + schema.length() + ": " + shown(schema));
        }
        checkCharacters(schema, "schema");
        if (ReservedWords.isReserved(schema)) {
            throw new IllegalArgumentException("schema " + shown(schema) + " is a reserved word ("
                    + String.join(", ", ReservedWords.reservedBy(schema)) + ") that the database would refuse as a"
                    + " schema name: choose another name");
        }
        return schema;
    }

    private static String checkCharacters(String name, String parameter) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !(digit && i > 0)) {
                throw new IllegalArgumentException(parameter + " " + shown(name) + " has "
                        + (digit ? "a digit first" : describe(c) + " at index " + i)
                        + "; a " + parameter + " is ASCII letters, digits and '_', starting with a letter or '_',"
                        + " so that it is safe in SQL without quoting");
            }
        }
        return name;
    }

    private static String describe(char c) {
        return (Character.isISOControl(c) || Character.isWhitespace(c) ? "" : "'" + c + "' ")
                + String.format("(U+%04X)", (int) c);
    }

    private static String shown(String value) {
        StringBuilder out = new StringBuilder("'");
        String cut = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('\'').toString();
    }
}
