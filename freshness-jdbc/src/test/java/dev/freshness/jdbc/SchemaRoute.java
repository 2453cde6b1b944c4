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
        void apply(OpenDatabase database, String prefix) {
            Dialect dialect = database.expectedDialect();
            String script = prefix.equals(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX)
                    ? resource(dialect.readyToRunResource())
                    : dialect.schemaScript(prefix, null);
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
        void apply(OpenDatabase database, String prefix) {
            Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations(database.expectedDialect().flywayLocation())
                    .table(prefix + "flyway_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .placeholders(Map.of("freshness_prefix", prefix, "freshness_schema", ""))
                    .load()
                    .migrate();
        }
    },

    LIQUIBASE {
        @Override
        void apply(OpenDatabase database, String prefix) {
            try (Connection connection = database.dataSource().getConnection()) {
                Database target = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    Liquibase liquibase = new Liquibase(Dialect.LIQUIBASE_CHANGELOG, new ClassLoaderResourceAccessor(),
                            target);
                    liquibase.setChangeLogParameter("freshness_prefix", prefix);
                    liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                    liquibase.update(new Contexts(), new LabelExpression());
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

    /** Creates the store's tables named with {@code prefix}, in the connection's schema, as a user would. */
    abstract void apply(OpenDatabase database, String prefix);

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
