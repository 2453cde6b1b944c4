package dev.freshness.jdbc;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import liquibase.UpdateSummaryOutputEnum;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The three ways the README tells users to apply the schema, done as it tells them: the ready-to-run script with
 * the server's own client (or, for another prefix, the script {@link Dialect#schemaScript} renders), Flyway with
 * the shipped location and a history table of its own, and Liquibase with the shipped changelog.
 */
enum SchemaRoute {

    READY_TO_RUN_SCRIPT {
        @Override
        void apply(OpenDatabase database, String prefix, String schema) {
            Dialect dialect = database.expectedDialect();
            String script = prefix.equals(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX) && schema == null
                    ? resource(dialect.readyToRunResource())
                    : dialect.schemaScript(prefix, schema);
            if (database.serverDatabase() == null) {
                // H2 has no client of its own: its RUNSCRIPT command reads the same file.
                Path file = writeTemporary(script);
                try {
                    database.execute("RUNSCRIPT FROM '" + file + "'");
                } finally {
                    deleteQuietly(file);
                }
                return;
            }
            Path file = writeTemporary(script);
            try {
                SqlClient.of(database.serverDatabase().server()).run(database.serverDatabase(), file);
            } finally {
                deleteQuietly(file);
            }
        }
    },

    FLYWAY {
        @Override
        void apply(OpenDatabase database, String prefix, String schema) {
            Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations(database.expectedDialect().flywayLocation())
                    .table(prefix + "flyway_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .placeholders(Map.of("freshness_prefix", prefix, "freshness_schema", qualifier(schema)))
                    .load()
                    .migrate();
        }

        @Override
        void applyUpToVersion(OpenDatabase database, int version) {
            Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations(database.expectedDialect().flywayLocation())
                    .table(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX + "flyway_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .target(String.valueOf(version))
                    .placeholders(Map.of("freshness_prefix", JdbcFreshnessStore.DEFAULT_TABLE_PREFIX,
                            "freshness_schema", ""))
                    .load()
                    .migrate();
        }
    },

    LIQUIBASE {
        @Override
        void apply(OpenDatabase database, String prefix, String schema) {
            update(database, prefix, schema, Integer.MAX_VALUE);
        }

        /** The changeSets of this database run in their order, one changeSet per schema version. */
        @Override
        void applyUpToVersion(OpenDatabase database, int version) {
            update(database, JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, null, version);
        }

        private void update(OpenDatabase database, String prefix, String schema, int changeSets) {
            try (Connection connection = database.dataSource().getConnection()) {
                Database target = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    Liquibase liquibase = new Liquibase(Dialect.LIQUIBASE_CHANGELOG, new ClassLoaderResourceAccessor(),
                            target);
                    liquibase.setChangeLogParameter("freshness_prefix", prefix);
                    liquibase.setChangeLogParameter("freshness_schema", qualifier(schema));
                    liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                    if (changeSets == Integer.MAX_VALUE) {
                        liquibase.update(new Contexts(), new LabelExpression());
                    } else {
                        liquibase.update(changeSets, new Contexts(), new LabelExpression());
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException("Liquibase could not migrate " + database, e);
            }
        }
    };

    /** Liquibase logs every step at INFO through java.util.logging; the tests keep warnings only. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    /**
     * Creates the store's tables named with {@code prefix} in {@code schema} (null for the connection's), as a
     * user would; the schema must exist.
     */
    abstract void apply(OpenDatabase database, String prefix, String schema);

    /**
     * Creates the store's tables with the default prefix in the connection's schema at schema version 1, as
     * release 0.1 made them, so that the later versions' migrations can run on them.
     */
    void applyVersion1(OpenDatabase database) {
        applyUpToVersion(database, 1);
    }

    /**
     * Creates the store's tables with the default prefix in the connection's schema at schema {@code version}, by
     * the migrations up to that one, so that the later versions' migrations can run on them.
     */
    void applyUpToVersion(OpenDatabase database, int version) {
        throw new UnsupportedOperationException(name() + " makes the current schema version only");
    }

    /** Creates the store's tables with the default prefix in the connection's schema. */
    void apply(OpenDatabase database) {
        apply(database, JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, null);
    }

    /** What the placeholder {@code freshness_schema} holds: empty, or the schema and a dot. */
    private static String qualifier(String schema) {
        return schema == null ? "" : schema + ".";
    }

    static String resource(String name) {
        try (InputStream in = SchemaRoute.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeTemporary(String script) {
        try {
            Path file = Files.createTempFile("freshness-schema-", ".sql");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file left behind harms no test.
        }
    }
}
