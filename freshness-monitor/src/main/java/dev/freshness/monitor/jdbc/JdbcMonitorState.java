package dev.freshness.monitor.jdbc;

import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.jdbc.Dialect;
import dev.freshness.monitor.Change;
import dev.freshness.monitor.MonitorState;
import dev.freshness.monitor.PendingDelivery;
import dev.freshness.report.Severity;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The monitor's state in two small tables beside the JDBC store's, {@code <prefix>monitor_state} (the severity
 * notified per page and scope) and {@code <prefix>monitor_delivery} (the deliveries waiting for each channel), on
 * H2, PostgreSQL, MySQL and MariaDB. Every process of an application points at the same tables. A change is claimed
 * with the database's own atomic statements, as ShedLock takes its locks: an insert that does nothing when the row
 * exists ({@code ON CONFLICT DO NOTHING} on PostgreSQL, {@code INSERT IGNORE} on MySQL and MariaDB), or an update
 * or delete conditional on the severity read before, in one transaction with the change's deliveries.
 *
 * <pre>{@code
 * MonitorState state = JdbcMonitorState.using(dataSource).withTablePrefix("freshness_").createSchemaIfMissing().build();
 * }</pre>
 *
 * <p><b>The tables.</b> Create them with {@link Builder#createSchemaIfMissing()}, or with the shipped DDL: ready to
 * run ({@link #readyToRunResource(Dialect)}), as Flyway migrations ({@link #flywayLocation(Dialect)}, in a Flyway of
 * their own with a history table of its own) or as a Liquibase changelog ({@link #LIQUIBASE_CHANGELOG}); the last
 * two take the placeholders {@code freshness_prefix} and {@code freshness_schema} like the store's.
 */
public final class JdbcMonitorState implements MonitorState {

    /** The table prefix unless configured otherwise; the same as the JDBC store's. */
    public static final String DEFAULT_TABLE_PREFIX = "freshness_";

    /** Where the DDL templates are on the class path. */
    static final String SCHEMA_DIRECTORY = "META-INF/freshness/monitor/schema/";

    /** Where the Flyway migrations are on the class path, one directory per database. */
    static final String MIGRATIONS_DIRECTORY = "META-INF/freshness/monitor/migrations/";

    /** The Liquibase changelog of the monitor's tables, a class-path resource to include from your own changelog. */
    public static final String LIQUIBASE_CHANGELOG = MIGRATIONS_DIRECTORY + "liquibase-changelog.xml";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_PREFIX_LENGTH = 30;
    private static final String DUPLICATE_KEY = "23505";
    private static final int CLAIMS_PER_TRANSACTION = 200;

    private final DataSource dataSource;
    private final MonitorSql sql;

    private JdbcMonitorState(DataSource dataSource, MonitorSql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    /** Starts building a state in the database of {@code dataSource}, which stays yours. */
    public static Builder using(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The DDL template of {@code dialect}, with the placeholders <code>${schema}</code> and <code>${prefix}</code>. */
    public static String schemaResource(Dialect dialect) {
        return SCHEMA_DIRECTORY + fileName(dialect);
    }

    /** The DDL of {@code dialect} for the default prefix in the connection's schema, ready for {@code psql -f}. */
    public static String readyToRunResource(Dialect dialect) {
        return SCHEMA_DIRECTORY + "ready/" + fileName(dialect);
    }

    /** The Flyway location of {@code dialect}, such as {@code classpath:META-INF/freshness/monitor/migrations/postgresql}. */
    public static String flywayLocation(Dialect dialect) {
        String file = fileName(dialect);
        return "classpath:" + MIGRATIONS_DIRECTORY + file.substring(0, file.length() - ".sql".length());
    }

    /**
     * The DDL of {@code dialect} for {@code tablePrefix} in {@code schema} (null: the connection's), statements
     * separated by semicolons; idempotent.
     *
     * @throws IllegalArgumentException if the prefix or schema is not a plain SQL identifier
     */
    public static String schemaScript(Dialect dialect, String tablePrefix, String schema) {
        Objects.requireNonNull(dialect, "dialect must not be null");
        checkPrefix(tablePrefix);
        if (schema != null) {
            checkSchema(schema);
        }
        return load(schemaResource(dialect)).replace("${schema}", schema == null ? "" : schema + ".")
                .replace("${prefix}", tablePrefix);
    }

    private static String fileName(Dialect dialect) {
        return switch (Objects.requireNonNull(dialect, "dialect must not be null")) {
            case H2 -> "h2.sql";
            case POSTGRESQL -> "postgresql.sql";
            case MYSQL, MARIADB -> "mysql-mariadb.sql";
        };
    }

    private static String load(String resource) {
        try (InputStream in = JdbcMonitorState.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @Override
    public Map<Scope, Severity> notifiedSeverities(String pageKey) {
        Objects.requireNonNull(pageKey, "pageKey must not be null");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql.notified)) {
            select.setString(1, pageKey);
            Map<Scope, Severity> notified = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    notified.put(Scope.fromKey(rows.getString(1)), Severity.valueOf(rows.getString(2)));
                }
            }
            return notified;
        } catch (SQLException e) {
            throw new StoreException("cannot read the severities notified for page " + pageKey, e);
        }
    }

    @Override
    public java.util.Set<Scope> notifiedUpcoming(String pageKey) {
        Objects.requireNonNull(pageKey, "pageKey must not be null");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql.notifiedUpcoming)) {
            select.setString(1, pageKey);
            java.util.Set<Scope> upcoming = new java.util.HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    upcoming.add(Scope.fromKey(rows.getString(1)));
                }
            }
            return upcoming;
        } catch (SQLException e) {
            throw new StoreException("cannot read the upcoming changes notified for page " + pageKey, e);
        }
    }

    /** The severity column's value for {@code severity} in {@code change}: an upcoming WARNING is its own value. */
    private static String level(Change change, Severity severity) {
        return change.upcoming() && severity == Severity.WARNING ? MonitorSql.UPCOMING : severity.name();
    }

    @Override
    public boolean claim(Change change, List<String> channels) {
        Objects.requireNonNull(change, "change must not be null");
        List<String> names = List.copyOf(Objects.requireNonNull(channels, "channels must not be null"));
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                boolean claimed = claimState(connection, change);
                if (claimed) {
                    insertDeliveries(connection, List.of(change), names);
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return claimed;
            } catch (SQLException e) {
                connection.rollback();
                if (sql.insertMayConflict && DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot claim the change " + change.summary(), e);
        }
    }

    /**
     * Claims the changes {@value #CLAIMS_PER_TRANSACTION} per transaction: each claim is still one atomic
     * statement, and a change is claimed only if its transaction commits. When a transaction fails on a conflict
     * (H2's duplicate key, a deadlock), its changes are claimed one by one instead.
     */
    @Override
    public List<Change> claimAll(List<Change> changes, List<String> channels) {
        Objects.requireNonNull(changes, "changes must not be null");
        List<String> names = List.copyOf(Objects.requireNonNull(channels, "channels must not be null"));
        List<Change> claimed = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += CLAIMS_PER_TRANSACTION) {
            List<Change> group = changes.subList(from, Math.min(changes.size(), from + CLAIMS_PER_TRANSACTION));
            List<Change> won = claimGroup(group, names);
            if (won == null) {
                group.stream().filter(change -> claim(change, names)).forEach(claimed::add);
            } else {
                claimed.addAll(won);
            }
        }
        return claimed;
    }

    /** The changes of {@code group} claimed in one transaction, or null when it failed on a conflict. */
    private List<Change> claimGroup(List<Change> group, List<String> channels) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                List<Change> won = new ArrayList<>();
                for (Change change : group) {
                    if (claimState(connection, change)) {
                        won.add(change);
                    }
                }
                insertDeliveries(connection, won, channels);
                connection.commit();
                return won;
            } catch (SQLException e) {
                connection.rollback();
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.equals(DUPLICATE_KEY) || state.startsWith("40")) {
                    return null;
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot claim " + group.size() + " changes of page " + group.get(0).pageKey(), e);
        }
    }

    private boolean claimState(Connection connection, Change change) throws SQLException {
        String page = change.pageKey();
        String scope = change.scope().key();
        if (change.previous() == Severity.OK) {
            try (PreparedStatement insert = connection.prepareStatement(sql.insertState)) {
                insert.setString(1, page);
                insert.setString(2, scope);
                insert.setString(3, level(change, change.current()));
                insert.setLong(4, change.at().toEpochMilli());
                if (sql.insertMayConflict) {
                    insert.setString(5, page);
                    insert.setString(6, scope);
                }
                return insert.executeUpdate() == 1;
            }
        }
        if (change.current() == Severity.OK) {
            try (PreparedStatement delete = connection.prepareStatement(sql.deleteState)) {
                delete.setString(1, page);
                delete.setString(2, scope);
                delete.setString(3, level(change, change.previous()));
                return delete.executeUpdate() == 1;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(sql.updateState)) {
            update.setString(1, change.current().name());
            update.setLong(2, change.at().toEpochMilli());
            update.setString(3, page);
            update.setString(4, scope);
            update.setString(5, change.previous().name());
            return update.executeUpdate() == 1;
        }
    }

    private void insertDeliveries(Connection connection, List<Change> changes, List<String> channels) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.insertDelivery)) {
            for (Change change : changes) {
                for (String channel : channels) {
                    insert.setString(1, channel);
                    insert.setString(2, change.pageKey());
                    insert.setString(3, change.scope().key());
                    insert.setString(4, level(change, change.previous()));
                    insert.setString(5, level(change, change.current()));
                    insert.setString(6, change.sentence());
                    insert.setLong(7, change.at().toEpochMilli());
                    insert.setLong(8, change.at().toEpochMilli());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    @Override
    public Claim claimDue(String channel, Instant now, Instant claimedUntil, int limit) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(claimedUntil, "claimedUntil must not be null");
        String token = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            long lastId;
            try (PreparedStatement select = connection.prepareStatement(sql.selectDue)) {
                select.setMaxRows(limit);
                bindDue(select, 1, channel, now);
                lastId = -1;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lastId = rows.getLong(1);
                    }
                }
            }
            if (lastId < 0) {
                return new Claim(token, List.of());
            }
            try (PreparedStatement claim = connection.prepareStatement(sql.claimDue)) {
                claim.setString(1, token);
                claim.setLong(2, claimedUntil.toEpochMilli());
                claim.setLong(3, lastId);
                bindDue(claim, 4, channel, now);
                if (claim.executeUpdate() == 0) {
                    return new Claim(token, List.of());
                }
            }
            List<PendingDelivery> claimed = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.selectClaimed)) {
                select.setString(1, token);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        boolean upcoming = MonitorSql.UPCOMING.equals(rows.getString(6));
                        Change change = new Change(rows.getString(3), Scope.fromKey(rows.getString(4)),
                                Severity.valueOf(rows.getString(5)),
                                upcoming ? Severity.WARNING : Severity.valueOf(rows.getString(6)),
                                rows.getString(7), Instant.ofEpochMilli(rows.getLong(8)), upcoming);
                        claimed.add(new PendingDelivery(rows.getLong(1), rows.getString(2), change, rows.getInt(9)));
                    }
                }
            }
            return new Claim(token, claimed);
        } catch (SQLException e) {
            throw new StoreException("cannot claim the due deliveries of channel " + channel, e);
        }
    }

    private static void bindDue(PreparedStatement statement, int from, String channel, Instant now) throws SQLException {
        statement.setString(from, channel);
        statement.setLong(from + 1, now.toEpochMilli());
        statement.setLong(from + 2, now.toEpochMilli());
    }

    @Override
    public void delivered(Claim claim) {
        batch(sql.deleteDelivered, claim, null, "remove the delivered");
    }

    @Override
    public void failed(Claim claim, Instant retryAt) {
        Objects.requireNonNull(retryAt, "retryAt must not be null");
        batch(sql.releaseFailed, claim, retryAt, "release the failed");
    }

    private void batch(String statement, Claim claim, Instant retryAt, String what) {
        if (claim.deliveries().isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // One commit for the whole batch, not one per row.
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(statement)) {
                for (PendingDelivery delivery : claim.deliveries()) {
                    int index = 1;
                    if (retryAt != null) {
                        update.setLong(index++, retryAt.toEpochMilli());
                    }
                    update.setLong(index++, delivery.id());
                    update.setString(index, claim.token());
                    update.addBatch();
                }
                update.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " deliveries of channel " + claim.deliveries().get(0).channel(), e);
        }
    }

    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "tablePrefix must not be null");
        if (prefix.length() > MAX_PREFIX_LENGTH || !IDENTIFIER.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be a letter or '_' then letters, digits or '_', at most "
                    + MAX_PREFIX_LENGTH + " characters, was '" + prefix.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return prefix;
    }

    static String checkSchema(String schema) {
        Objects.requireNonNull(schema, "schema must not be null");
        if (schema.length() > 63 || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a letter or '_' then letters, digits or '_', at most 63"
                    + " characters, was '" + schema.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return schema;
    }

    /** Configures a {@link JdbcMonitorState}; every setting but the data source has a default. */
    public static final class Builder {

        private final DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private String schema;
        private Dialect dialect;
        private boolean createSchema;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The prefix of the two tables' names, the same as the store's if you like. Default:
         * {@link #DEFAULT_TABLE_PREFIX}.
         *
         * @throws IllegalArgumentException if it is not a plain SQL identifier of at most 30 characters
         */
        public Builder withTablePrefix(String tablePrefix) {
            this.tablePrefix = checkPrefix(tablePrefix);
            return this;
        }

        /** The schema (database, on MySQL and MariaDB) of the tables. Default: the connection's. */
        public Builder withSchema(String schema) {
            this.schema = checkSchema(schema);
            return this;
        }

        /** The database's dialect. Default: detected from the driver, as the JDBC store does. */
        public Builder withDialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
            return this;
        }

        /** Creates the tables when {@link #build()} runs, if they are missing. Default: not created. */
        public Builder createSchemaIfMissing() {
            this.createSchema = true;
            return this;
        }

        /**
         * The state; connects once to detect the dialect or create the tables when asked.
         *
         * @throws StoreException when the database cannot be reached or the tables cannot be created
         */
        public JdbcMonitorState build() {
            Dialect chosen = dialect;
            if (chosen == null || createSchema) {
                try (Connection connection = dataSource.getConnection()) {
                    if (chosen == null) {
                        chosen = Dialect.detect(connection.getMetaData().getDatabaseProductName(),
                                connection.getMetaData().getDatabaseProductVersion());
                    }
                    if (createSchema) {
                        try (Statement statement = connection.createStatement()) {
                            for (String ddl : statements(schemaScript(chosen, tablePrefix, schema))) {
                                statement.execute(ddl);
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new StoreException("cannot " + (createSchema ? "create the monitor's tables" : "detect the database"), e);
                }
            }
            return new JdbcMonitorState(dataSource, new MonitorSql(chosen, (schema == null ? "" : schema + ".") + tablePrefix));
        }

        private static List<String> statements(String script) {
            StringBuilder withoutComments = new StringBuilder();
            for (String line : script.split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.startsWith("--")) {
                    withoutComments.append(line).append('\n');
                }
            }
            List<String> statements = new ArrayList<>();
            for (String statement : withoutComments.toString().split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        }
    }
}
