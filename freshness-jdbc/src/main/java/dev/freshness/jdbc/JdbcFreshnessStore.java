package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.jdbc.internal.ConnectionFailure;
import dev.freshness.jdbc.internal.EventBatches;
import dev.freshness.jdbc.internal.EventKind;
import dev.freshness.jdbc.internal.PartitionedHistory;
import dev.freshness.jdbc.internal.PartitionedPostgresDialect;
import dev.freshness.jdbc.internal.PositionalSql;
import dev.freshness.jdbc.internal.RowReader;
import dev.freshness.jdbc.internal.SchemaCheck;
import dev.freshness.jdbc.internal.SqlDialect;
import dev.freshness.jdbc.internal.SqlIdentifiers;
import dev.freshness.jdbc.internal.StatementWatchdog;
import dev.freshness.jdbc.internal.Statements;
import dev.freshness.jdbc.internal.TableNames;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;
import org.jdbi.v3.core.CloseException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The store for production: statuses and run history in your database, through Jdbi 3 over a
 * {@link DataSource} (or a {@link Jdbi}) you own. H2, PostgreSQL, MySQL and MariaDB are supported, each with
 * its own atomic upsert, so any number of application instances can record events at once with no lock of
 * their own and no lost update.
 *
 * <pre>{@code
 * JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource)
 *         .withTablePrefix("freshness_")           // the default
 *         .inSchema("ops")                         // default: the connection's schema
 *         .createSchemaIfMissing()                 // default: the tables must exist
 *         .withStatementTimeout(Duration.ofSeconds(5))
 *         .build();
 * DatasetFreshness freshness = DatasetFreshness.using(store, catalog).withClock(clock).build();
 * }</pre>
 *
 * <p><b>Schema.</b> Three tables: {@code <prefix>status} (one row per scope and dataset: the current status,
 * read without touching history), {@code <prefix>run} (one row per scope, dataset and run) and
 * {@code <prefix>schema_version}. The DDL of each database ships in the jar ({@link Dialect#schemaResource()})
 * for your migration tool; {@link Builder#createSchemaIfMissing()} applies it at start, safely when many nodes
 * start at once. Either way, {@link Builder#build()} checks the tables, their columns, this user's privileges on
 * them and the schema version, and fails once, naming every problem with its fix: each missing table (and the
 * tables it found under another prefix or in another schema), each missing column, each key column that does not
 * compare text exactly (tenant ids, dataset keys and run ids are case-sensitive: a case-insensitive collation would
 * merge two tenants into one row), each missing privilege (with the GRANT statement). MySQL and MariaDB share one
 * DDL script.
 *
 * <p><b>Time.</b> Instants are stored and read back as UTC whatever the JVM's and the session's time zone,
 * never through a zone-dependent conversion. They are <b>truncated to microseconds</b> before they are stored
 * (the finest unit every supported column keeps), so two events less than a microsecond apart count as
 * simultaneous and their run ids break the tie. With {@link Builder#usingDbTime()}, an event's instant is
 * taken from the database clock instead of the event, so that nodes with skewed clocks agree.
 *
 * <p><b>Transactions.</b> Each event is written by one statement with no transaction of its own: on PostgreSQL
 * the history upsert with the status upsert as a data-modifying CTE, on H2 a status {@code MERGE} whose source is
 * the history {@code MERGE}'s {@code FINAL TABLE}, on MySQL and MariaDB the history upsert, whose trigger
 * {@code <prefix>run_merges_status} merges the event into the status. To record inside your own transaction, so
 * that a success commits with the data it describes or not at all, use {@link #inTransactionOf(Handle)} or
 * {@link #inTransactionOf(Connection)}: each call of such a view runs under a savepoint of its own, so that a call
 * that fails (a lock wait that times out, say) leaves nothing of itself behind and your transaction usable.
 * On an H2 <em>file</em> database that stays open, H2 writes a commit to the file up to its {@code WRITE_DELAY}
 * (500 ms by default) later, so a process killed outright loses the events of its last half second; add
 * {@code ;WRITE_DELAY=0} to the URL when they must survive a crash.
 *
 * <p><b>Timeouts.</b> Every statement has a timeout ({@link #DEFAULT_STATEMENT_TIMEOUT} unless set), so that a
 * hanging database cannot hold a job beyond it. Waiting for a pooled connection is bounded by your pool.
 *
 * <p><b>Failures.</b> Every database failure of a store method is thrown as a
 * {@link dev.freshness.core.StoreException} saying what could not be done, with the Jdbi exception (and the
 * driver's {@link SQLException} below it) as its cause. Only {@link Builder#build()} throws
 * {@link IllegalStateException} or {@link IllegalArgumentException}, naming what is wrong with the database.
 *
 * <p>Instances are immutable and thread-safe; a view bound to a caller's transaction is meant for the thread
 * that owns that transaction.
 */
public final class JdbcFreshnessStore implements FreshnessStore {

    /** The table prefix used when none is set. */
    public static final String DEFAULT_TABLE_PREFIX = "freshness_";

    /** The statement timeout used when none is set. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The schema version this library reads and writes on every database, as recorded in
     * {@code <prefix>schema_version}. On PostgreSQL the tables it creates are at version 3 (an index for the
     * stale walk that holds its cursor, room for HOT updates, one history index less), and it still works on versions 1
     * and 2; on H2 at version 3 (two history indexes less, the history's key leading with the run), and it still
     * works on versions 1 and 2; on MySQL and MariaDB at version 2 (one history index less), and it still works on
     * version 1.
     */
    public static final int SCHEMA_VERSION = SchemaCheck.SCHEMA_VERSION;

    /**
     * How often an event (or a slice of a prune) is tried when the database reports a deadlock or a serialization
     * failure, with a short random pause, longer each time, before each new attempt.
     */
    private static final int MAX_ATTEMPTS = 5;

    /**
     * The most events {@link #applyAll} writes in one transaction: a longer list is written in chunks of this
     * many, each a JDBC batch per statement, committed on its own.
     */
    public static final int BATCH_CHUNK_SIZE = 1_000;

    /** The most history records one slice of {@link #pruneHistory} locks and deletes, in a transaction of its own. */
    static final int PRUNE_SLICE = 200;

    /** The most scopes one query of {@link #statuses} reads; more take a query per this many. */
    static final int SCOPES_PER_QUERY = 500;

    /** How much of a failed event statement its exception's message shows, as much as Jdbi's default shows. */
    private static final int SHOWN_STATEMENT_LENGTH = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFreshnessStore.class);

    private final Settings settings;
    private final HandleSource handles;

    private JdbcFreshnessStore(Settings settings, HandleSource handles) {
        this.settings = settings;
        this.handles = handles;
    }

    /**
     * Starts building a store over {@code dataSource}. The store borrows a connection per call and returns it
     * at once; pooling is the data source's business.
     */
    public static Builder using(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        return new Builder(Jdbi.create(dataSource), dataSource);
    }

    /**
     * Starts building a store over a {@link Jdbi} you own. The store changes none of its configuration: every
     * setting it needs is applied to its own statements only.
     */
    public static Builder using(Jdbi jdbi) {
        return new Builder(Objects.requireNonNull(jdbi, "jdbi must not be null"), null);
    }

    /**
     * A view of this store that records and reads through {@code handle}, inside the transaction open on it:
     * nothing is committed or rolled back by the store, so what it records commits or rolls back with your
     * own writes. Each call runs under a savepoint: when it fails, the store rolls back to the savepoint (and
     * releases it) before it throws, so your transaction holds nothing of the failed call and stays usable (on
     * PostgreSQL a failed statement would otherwise abort it). When no transaction is open on the handle, each
     * event gets its own, as usual.
     *
     * <pre>{@code
     * jdbi.useTransaction(handle -> {
     *     writeAds(handle, ads);
     *     DatasetFreshness.using(store.inTransactionOf(handle), catalog).withClock(clock).build()
     *             .records().recordSuccess(scope, "ad_creations", runId, ads.size());
     * });
     * }</pre>
     *
     * The handle stays yours: the view never closes it. Use the view on the handle's thread, while the handle
     * is open.
     */
    public JdbcFreshnessStore inTransactionOf(Handle handle) {
        Objects.requireNonNull(handle, "handle must not be null");
        return new JdbcFreshnessStore(settings, new CallerHandle(handle));
    }

    /**
     * A view of this store that records and reads through {@code connection}, inside its current transaction
     * (when auto-commit is off): nothing is committed, rolled back or closed by the store, and each call runs
     * under a savepoint of its own, rolled back to when the call fails. When auto-commit is on, each event gets
     * its own transaction, as usual. See {@link #inTransactionOf(Handle)}.
     */
    public JdbcFreshnessStore inTransactionOf(Connection connection) {
        Objects.requireNonNull(connection, "connection must not be null");
        return new JdbcFreshnessStore(settings, new CallerConnection(connection));
    }

    /**
     * False for a view bound to a caller's transaction or connection ({@link #inTransactionOf}): its events are
     * never written again later from another thread.
     */
    @Override
    public boolean acceptsRedelivery() {
        return handles.ownsTransactions();
    }

    /** The database dialect in use. */
    public Dialect dialect() {
        return settings.dialect;
    }

    /** The table prefix. */
    public String tablePrefix() {
        return settings.tables.prefix();
    }

    /** The schema holding the tables, when one was set. */
    public Optional<String> schema() {
        return Optional.ofNullable(settings.tables.schema());
    }

    /** The timeout of every statement. */
    public Duration statementTimeout() {
        return settings.statementTimeout;
    }

    /** True when event instants come from the database clock. */
    public boolean usesDatabaseTime() {
        return settings.databaseTime;
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /**
     * Merges {@code event} into its status and run history, with the rules of
     * {@link dev.freshness.spi.EventMerge} written as SQL conditions of one atomic upsert per table.
     *
     * @throws StoreException if the database fails, with the Jdbi exception as its cause
     */
    @Override
    public void apply(RunEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        RunEvent stored = atMicros(event);
        EventKind kind = EventKind.of(stored);
        List<PositionalSql> statements = settings.statements.applyEventPositional(kind);
        Supplier<String> retryMessage = () -> "Retrying " + kind + " of run " + stored.runId() + " for "
                + stored.scope() + "/" + stored.dataset() + " after a transient error";
        try {
            if (statements.size() == 1) {
                // One statement needs no transaction (it reads the database clock itself when the instant is
                // NULL), nor, on the store's own data source, a handle.
                Instant at = settings.databaseTime ? null : stored.at();
                retrying(() -> handles.withConnection(connection -> {
                    upsert(connection, statements.get(0), stored, at);
                    return null;
                }), retryMessage);
            } else {
                withRetries(handle -> writeInTransaction(handle, statements, stored), retryMessage);
            }
        } catch (JdbiException e) {
            throw new StoreException("could not record " + kind + " of run " + stored.runId() + " for "
                    + stored.scope() + "/" + stored.dataset() + " in " + settings.tables.status(), e);
        }
    }

    /** {@code event} at the microsecond the columns keep; itself when it is at one already (most clocks' case). */
    private static RunEvent atMicros(RunEvent event) {
        Instant micros = event.at().truncatedTo(ChronoUnit.MICROS);
        return micros.equals(event.at()) ? event : event.at(micros);
    }

    /** Writes an event of several statements in one transaction, all at the same instant. */
    private Void writeInTransaction(Handle handle, List<PositionalSql> statements, RunEvent event) {
        return inTransaction(handle, transaction -> {
            Instant at = settings.databaseTime ? databaseTime(transaction) : event.at();
            for (PositionalSql statement : statements) {
                upsert(transaction.getConnection(), statement, event, at);
            }
            return null;
        });
    }

    /**
     * Runs one event statement through plain JDBC, prepared on each call, as Jdbi prepared it: the drivers keep
     * what a new preparation would repeat. pgjdbc keeps each connection's statements in its query cache
     * ({@code preparedStatementCacheQueries}) and, from the {@code prepareThreshold}th (5th) use on, keeps them
     * prepared on the server even though each PreparedStatement is closed; H2 takes the parsed command from the
     * session's query cache ({@code QUERY_CACHE_SIZE}); MariaDB Connector/J prepares on the client by default, one
     * pass over the text that finds the placeholders, with no round trip (MySQL Connector/J likewise). A cache of
     * the store's own would have to keep statements open across the pool's loans of a connection (HikariCP closes
     * the statements left open when a connection returns) to save no more than that client-side pass: the store
     * keeps none.
     * On PostgreSQL the statement is bounded by {@link StatementWatchdog} rather than the driver's query timeout.
     * A failure is thrown as Jdbi's {@link UnableToExecuteStatementException} with the driver's SQLException as its
     * cause, as a Jdbi statement threw it, so that the retries and the callers see what they saw before.
     */
    private void upsert(Connection connection, PositionalSql sql, RunEvent event, Instant at) {
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement statement = connection.prepareStatement(sql.sql())) {
                bindByPosition(statement, sql, event, at);
                if (settings.queryTimeoutSeconds == null) {
                    statement.executeUpdate();
                } else if (settings.sql.boundsEventsByWatchdog()) {
                    try (StatementWatchdog.Watch watch = StatementWatchdog.SHARED.watch(statement,
                            settings.statementTimeout)) {
                        statement.executeUpdate();
                    }
                } else {
                    statement.setQueryTimeout(settings.queryTimeoutSeconds);
                    statement.executeUpdate();
                }
                return;
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !causedBy(e, settings.sql::lostInsertRace)) {
                    throw new UnableToExecuteStatementException(failedStatement(e, sql, event, at), e, null);
                }
            }
        }
    }

    /** Binds each {@code ?} of {@code sql} by its name, with the same JDBC types as the Jdbi statements. */
    private void bindByPosition(PreparedStatement statement, PositionalSql sql, RunEvent event, Instant at)
            throws SQLException {
        List<String> parameters = sql.parameters();
        Object instant = settings.sql.instantValue(at);
        for (int i = 0; i < parameters.size(); i++) {
            int position = i + 1;
            String name = parameters.get(i);
            if (name.equals("at")) {
                settings.sql.bindInstantValue(statement, position, instant);
            } else if (name.equals("records")) {
                statement.setLong(position, ((RunEvent.Succeeded) event).recordsAffected());
            } else {
                TextArgument.bind(statement, position, eventText(event, name));
            }
        }
    }

    /** The text parameter {@code name} of {@code event}; the statements were checked to name only their kind's. */
    private static String eventText(RunEvent event, String name) {
        return switch (name) {
            case "scope" -> event.scope().key();
            case "dataset" -> event.dataset().value();
            case "run" -> event.runId().value();
            case "job" -> ((RunEvent.Started) event).jobName();
            case "errorType" -> ((RunEvent.Failed) event).error().type();
            case "errorMessage" -> ((RunEvent.Failed) event).error().message();
            case "errorRootCause" -> ((RunEvent.Failed) event).error().rootCause().orElse(null);
            default -> throw new IllegalStateException("an event statement names :" + name + ", which no event binds");
        };
    }

    /**
     * The message of a failed event statement, as Jdbi renders a statement's failure by default: the driver's error,
     * the statement (its first {@value #SHOWN_STATEMENT_LENGTH} characters) and the arguments by name.
     */
    private String failedStatement(SQLException error, PositionalSql sql, RunEvent event, Instant at) {
        String statement = sql.named().length() > SHOWN_STATEMENT_LENGTH
                ? sql.named().substring(0, SHOWN_STATEMENT_LENGTH) + "[...]" : sql.named();
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (String name : sql.parameters()) {
            arguments.computeIfAbsent(name, key -> switch (key) {
                case "at" -> instant(at);
                case "records" -> ((RunEvent.Succeeded) event).recordsAffected();
                default -> text(eventText(event, key));
            });
        }
        return error + " [statement:\"" + statement + "\", arguments:" + arguments + "]";
    }

    /**
     * Merges {@code events} with JDBC batches of the same upserts as {@link #apply}: sorted by scope, dataset and
     * run (one lock order for every batch), in chunks of {@value #BATCH_CHUNK_SIZE} events, each chunk in one
     * transaction with one batch per statement. A chunk is tried again like a single event (after a deadlock or a
     * serialization failure, and once on a fresh connection when its connection was lost). When a chunk fails for
     * good, the chunks before it stay written and the call throws: apply the whole list again later (merging makes
     * the repeats harmless). In a caller's transaction ({@link #inTransactionOf}) each chunk runs under a
     * savepoint of its own and commits with the caller's transaction.
     *
     * @throws NullPointerException if {@code events} or one of its elements is null, before anything is written
     * @throws StoreException if the database fails, with the Jdbi exception as its cause
     */
    @Override
    public void applyAll(List<? extends RunEvent> events) {
        List<RunEvent> checked = FreshnessStore.checkEvents(events);
        if (checked.size() <= 1) {
            // One event needs no batch, nor, on PostgreSQL, a transaction: the single write is cheaper.
            checked.forEach(this::apply);
            return;
        }
        List<RunEvent> stored = new ArrayList<>(checked.size());
        for (RunEvent event : checked) {
            stored.add(atMicros(event));
        }
        List<List<RunEvent>> chunks = EventBatches.chunks(stored, BATCH_CHUNK_SIZE);
        for (int i = 0; i < chunks.size(); i++) {
            List<RunEvent> chunk = chunks.get(i);
            String what = describeChunk(chunk, i, chunks.size());
            try {
                withRetries(handle -> inTransaction(handle, transaction -> writeChunk(transaction, chunk)),
                        () -> "Retrying " + what + " after a transient error");
            } catch (JdbiException e) {
                throw new StoreException("could not record " + what + " in " + settings.tables.status()
                        + (i == 0 ? "" : "; the " + i + " chunk(s) before it are written"), e);
            }
        }
    }

    private Void writeChunk(Handle handle, List<RunEvent> chunk) {
        // Statements that read the clock themselves take it when :at is NULL; the others share one reading.
        Instant databaseTime = settings.databaseTime && settings.statements.databaseTime() != null
                ? databaseTime(handle) : null;
        EventBatches.byKind(chunk).forEach((kind, events) -> {
            for (String sql : settings.statements.applyEvent(kind)) {
                upsertBatch(handle, sql, events, databaseTime);
            }
        });
        return null;
    }

    private void upsertBatch(Handle handle, String sql, List<RunEvent> events, Instant databaseTime) {
        for (int attempt = 1; ; attempt++) {
            try {
                PreparedBatch batch = configure(handle.prepareBatch(sql));
                for (RunEvent event : events) {
                    bindEvent(batch, event, settings.databaseTime ? databaseTime : event.at()).add();
                }
                batch.execute();
                return;
            } catch (JdbiException e) {
                // Each upsert merges: after a lost race (H2), the whole batch runs again.
                if (attempt >= MAX_ATTEMPTS || !causedBy(e, settings.sql::lostInsertRace)) {
                    throw e;
                }
            }
        }
    }

    private static String describeChunk(List<RunEvent> chunk, int index, int chunks) {
        RunEvent first = chunk.get(0);
        RunEvent last = chunk.get(chunk.size() - 1);
        return "a batch of " + chunk.size() + " events (chunk " + (index + 1) + " of " + chunks + ", "
                + first.scope() + "/" + first.dataset() + " to " + last.scope() + "/" + last.dataset() + ")";
    }

    /**
     * Inserts an empty status for each dataset of {@code scope} that has none, with the dialect's insert-if-absent
     * (no error and no change when a status exists, whoever inserts it first), in one transaction.
     *
     * @throws StoreException if the database fails, with the Jdbi exception as its cause
     */
    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        Objects.requireNonNull(scope, "scope must not be null");
        List<String> keys = sortedKeys(datasets);
        if (keys.isEmpty()) {
            return;
        }
        try {
            withRetries(handle -> {
                inTransaction(handle, transaction -> {
                    insertStatusesIfAbsent(transaction, scope, keys);
                    return null;
                });
                return null;
            }, () -> "Retrying the statuses of " + scope + " after a transient error");
        } catch (JdbiException e) {
            throw new StoreException("could not create the statuses of " + scope + " for " + keys + " in "
                    + settings.tables.status(), e);
        }
    }

    private void insertStatusesIfAbsent(Handle handle, Scope scope, List<String> datasets) {
        for (int attempt = 1; ; attempt++) {
            try {
                PreparedBatch batch = configure(handle.prepareBatch(settings.statements.createStatusIfAbsent()));
                for (String dataset : datasets) {
                    batch.bind("scope", text(scope.key())).bind("dataset", text(dataset)).add();
                }
                batch.execute();
                return;
            } catch (JdbiException e) {
                // Each insert is idempotent: after a lost race (H2), the whole batch runs again.
                if (attempt >= MAX_ATTEMPTS || !causedBy(e, settings.sql::lostInsertRace)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs {@code work} on a handle, again on a deadlock or a serialization failure when the store owns the
     * transaction (in the caller's, the failure is the caller's to handle).
     */
    private <R> R withRetries(HandleCallback<R, RuntimeException> work, Supplier<String> retryMessage) {
        return retrying(() -> handles.withHandle(work), retryMessage);
    }

    /** Runs {@code attempt} (a handle or a connection of its own each time) again, as {@link #withRetries} does. */
    private <R> R retrying(Supplier<R> attempt, Supplier<String> retryMessage) {
        int attempts = handles.ownsTransactions() ? MAX_ATTEMPTS : 1;
        boolean reconnected = false;
        for (int tried = 1; ; tried++) {
            try {
                return attempt.get();
            } catch (JdbiException e) {
                if (!reconnected && lostItsConnection(e)) {
                    // Merging makes a second write harmless, whether or not the first reached the database.
                    reconnected = true;
                    tried--;
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("{} on a fresh connection: the connection was lost", retryMessage.get(), e);
                    }
                    continue;
                }
                if (tried >= attempts || !causedBy(e, settings.sql::isTransient)) {
                    throw e;
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{} (attempt {})", retryMessage.get(), tried, e);
                }
                if (!pauseBeforeRetry(tried)) {
                    throw e;
                }
            }
        }
    }

    /**
     * True when a statement failed because the connection it ran on was closed or terminated, on a connection
     * the store had opened itself. A connection that could not be opened at all (refused, timed out waiting for
     * the pool: the database is unreachable) is not tried again here, nor one of the caller's transaction, which a
     * new connection would not continue. Jdbi reports a connection that died while the handle was being set up
     * as a {@link ConnectionException} too: that one is tried again.
     */
    private boolean lostItsConnection(JdbiException error) {
        if (!handles.ownsTransactions() || !causedBy(error, settings.sql::isConnectionLost)) {
            return false;
        }
        return !(error instanceof ConnectionException) || !causedBy(error, JdbcFreshnessStore::couldNotConnect);
    }

    /** SQLState 08001 and 08004 (no connection could be made, or the server refused it), or a pool's timeout. */
    private static boolean couldNotConnect(SQLException error) {
        String state = error.getSQLState();
        return "08001".equals(state) || "08004".equals(state) || (state != null && state.startsWith("28"))
                || error instanceof java.sql.SQLTransientConnectionException;
    }

    /**
     * A short random pause before attempt {@code attempt + 1}, so that the transactions that deadlocked do not meet
     * again at once; false when the thread was interrupted (its interrupt status is kept), and no retry follows.
     */
    private static boolean pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20) * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code work} in the transaction already open on the handle, or in a new one. */
    private static <R> R inTransaction(Handle handle, HandleCallback<R, RuntimeException> work) {
        boolean autoCommit;
        try {
            autoCommit = handle.getConnection().getAutoCommit();
        } catch (SQLException e) {
            throw new ConnectionException(e);
        }
        return autoCommit ? handle.inTransaction(work) : work.withHandle(handle);
    }

    private Instant databaseTime(Handle handle) {
        return configure(handle.createQuery(settings.statements.databaseTime()))
                .scanResultSet((rows, context) -> {
                    var row = rows.get();
                    row.next();
                    return settings.sql.readInstant(row, row.getMetaData().getColumnLabel(1));
                })
                .truncatedTo(ChronoUnit.MICROS);
    }

    /** Binds every parameter of an event's statements; {@code at} is null to take the database clock. */
    private <S extends SqlStatement<S>> S bindEvent(S update, RunEvent event, Instant at) {
        configure(update)
                .bind("scope", text(event.scope().key()))
                .bind("dataset", text(event.dataset().value()))
                .bind("run", text(event.runId().value()))
                .bind("at", instant(at));
        if (event instanceof RunEvent.Started started) {
            update.bind("job", text(started.jobName()));
        } else if (event instanceof RunEvent.Succeeded succeeded) {
            update.bind("records", succeeded.recordsAffected());
        } else if (event instanceof RunEvent.Failed failed) {
            update.bind("errorType", text(failed.error().type()))
                    .bind("errorMessage", text(failed.error().message()))
                    .bind("errorRootCause", text(failed.error().rootCause().orElse(null)));
        }
        return update;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    /** @throws StoreException if the database fails, with the Jdbi exception as its cause */
    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(dataset, "dataset must not be null");
        return statuses(Set.of(scope), Set.of(dataset)).stream().findFirst();
    }

    /**
     * Reads the statuses of {@code scopes} x {@code datasets} with one query per {@value #SCOPES_PER_QUERY}
     * scopes, with their runs in flight.
     *
     * @throws StoreException if the database fails, with the Jdbi exception as its cause
     */
    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        Objects.requireNonNull(scopes, "scopes must not be null");
        List<String> scopeKeys = new ArrayList<>(scopes.size());
        for (Scope scope : scopes) {
            scopeKeys.add(Objects.requireNonNull(scope, "scopes must not hold null").key());
        }
        Collections.sort(scopeKeys);
        List<String> datasetKeys = sortedKeys(datasets);
        if (scopeKeys.isEmpty() || datasetKeys.isEmpty()) {
            return List.of();
        }
        Set<String> askedScopes = new HashSet<>(scopeKeys);
        Set<String> askedDatasets = new HashSet<>(datasetKeys);
        try {
            return handles.withHandle(handle -> {
                List<DatasetStatus> found = new ArrayList<>();
                for (int from = 0; from < scopeKeys.size(); from += SCOPES_PER_QUERY) {
                    List<String> chunk = scopeKeys.subList(from, Math.min(scopeKeys.size(), from + SCOPES_PER_QUERY));
                    var query = configure(handle.createQuery(settings.statements.statuses(chunk.size(),
                            datasetKeys.size())));
                    for (int i = 0; i < chunk.size(); i++) {
                        query.bind(Statements.scopeParameter(i), text(chunk.get(i)));
                    }
                    bindDatasets(query, datasetKeys);
                    for (DatasetStatus status : query.scanResultSet((rows, context) -> settings.rows.statuses(rows.get()))) {
                        if (askedScopes.contains(status.scope().key()) && askedDatasets.contains(status.dataset().value())) {
                            found.add(status);
                        }
                    }
                }
                return found;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not read the statuses of " + describe(scopes) + " for " + datasetKeys
                    + " from " + settings.tables.status(), e);
        }
    }

    /**
     * Reads one page with one query, from the cursor on: by the primary key, or by the index on (dataset, last
     * success) when the filter keeps few statuses. The query is planned with its values at every execution (see
     * {@link SqlDialect#planWithValues}).
     *
     * @throws StoreException if the database fails, with the Jdbi exception as its cause
     */
    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        List<String> datasetKeys = sortedKeys(query.datasets());
        PageCursor after = query.after();
        Instant before = query.lastSucceededBefore();
        String sql = settings.statements.statusesAcrossScopes(datasetKeys.size(), before != null);
        try {
            List<DatasetStatus> page = handles.withHandle(handle -> {
                var select = configure(handle.createQuery(sql)).addCustomizer(new PlannedWithValues(settings.sql));
                bindDatasets(select, datasetKeys);
                if (before != null) {
                    select.bind("before", instant(before));
                }
                // No key is empty, so the first page starts after ('', '').
                select.bind("afterScope", text(after == null ? "" : after.scopeKey()))
                        .bind("afterDataset", text(after == null ? "" : after.datasetKey()))
                        .bind("limit", query.limit());
                return select.scanResultSet((rows, context) -> settings.rows.statuses(rows.get()));
            });
            // The cursor follows the last row read; the page keeps only the datasets asked for, exactly.
            PageCursor next = page.size() < query.limit() ? null : StatusPage.of(page, query.limit()).nextPage()
                    .orElse(null);
            Set<String> asked = new HashSet<>(datasetKeys);
            return new StatusPage(page.stream().filter(status -> asked.contains(status.dataset().value())).toList(),
                    next);
        } catch (JdbiException e) {
            throw new StoreException("could not read the statuses of " + datasetKeys + " across scopes from "
                    + settings.tables.status(), e);
        }
    }

    /** @throws StoreException if the database fails, with the Jdbi exception as its cause */
    @Override
    public List<RunRecord> runHistory(RunId runId) {
        Objects.requireNonNull(runId, "runId must not be null");
        try {
            return handles.withHandle(handle -> configure(handle.createQuery(settings.statements.runHistory()))
                    .bind("run", text(runId.value()))
                    .scanResultSet((rows, context) -> records(rows.get())))
                    .stream().filter(record -> record.runId().equals(runId)).toList();
        } catch (JdbiException e) {
            throw new StoreException("could not read the history of run " + runId + " from "
                    + settings.tables.run(), e);
        }
    }

    /** @throws StoreException if the database fails, with the Jdbi exception as its cause */
    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(dataset, "dataset must not be null");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        try {
            return handles.withHandle(handle -> configure(handle.createQuery(settings.statements.history()))
                    .bind("scope", text(scope.key()))
                    .bind("dataset", text(dataset.value()))
                    .bind("limit", limit)
                    .scanResultSet((rows, context) -> records(rows.get())))
                    .stream().filter(record -> record.scope().equals(scope) && record.dataset().equals(dataset))
                    .toList();
        } catch (JdbiException e) {
            throw new StoreException("could not read the history of " + scope + "/" + dataset + " from "
                    + settings.tables.run(), e);
        }
    }

    /** The history records of {@code rows}; a partitioned history's fragments merged into one record per run. */
    private List<RunRecord> records(ResultSet rows) throws SQLException {
        List<RunRecord> read = settings.rows.runRecords(rows);
        return settings.partitions == null ? read : PartitionedHistory.mergeFragments(read);
    }

    /**
     * Deletes old history in slices of at most {@value #PRUNE_SLICE} records; the record of each pair's last
     * success is kept, even one that commits while the prune runs.
     *
     * <p>Each slice reads, without a lock, the next {@value #PRUNE_SLICE} records older than {@code olderThan} in
     * (last activity, key) order, from just after the last record the slice before it read, each with its pair's
     * last success read by the status's primary key: a slice costs its own records whatever the prune has kept
     * before it, and no statement reads the whole status table. The records that the window shows are not a last
     * success are then deleted in a short transaction of the slice's own: they are locked in the order every
     * writer locks them (see {@code SqlDialect.pruneLocksStatuses}), each is checked again under the lock (still
     * older than {@code olderThan}, still not its pair's last success as the status says once locked), and the
     * rest are deleted by primary key. A writer in flight on the slice is waited for, the next one waits for the
     * slice, and neither deadlocks with it; a slice that meets a deadlock all the same is tried again, like an
     * event. A record written while the prune runs with a last activity before the cursor is left to the next
     * prune.
     *
     * <p>On a PostgreSQL history partitioned by day ({@link Builder#partitionHistoryByDay()}), the partitions of
     * today and the next days are created first, then each daily partition whose whole day is before
     * {@code olderThan} is dropped, in a short transaction of its own that keeps each pair's last success and the
     * fragments of runs that go on later; the slices then prune what is left (the default partition, the cutoff's own
     * day). A record counts once however many daily fragments its run had. A view bound to a caller's transaction
     * ({@link #inTransactionOf}) drops no partition (that takes transactions of its own): it prunes by slices only.
     *
     * @throws StoreException if the database fails, with the Jdbi exception as its cause
     */
    @Override
    public int pruneHistory(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan must not be null");
        Instant cutoff = olderThan.truncatedTo(ChronoUnit.MICROS);
        try {
            int deleted = 0;
            if (settings.partitions != null && handles.ownsTransactions()) {
                deleted += dropDaysBefore(cutoff);
            }
            WindowRecord after = null;
            while (true) {
                List<WindowRecord> window = pruneWindow(cutoff, after);
                if (window.isEmpty()) {
                    return deleted;
                }
                List<RunKey> candidates = window.stream()
                        .filter(record -> !record.key().runId().equals(record.lastSuccessRunId()))
                        .map(WindowRecord::key).distinct().sorted().toList();
                if (!candidates.isEmpty()) {
                    deleted += withRetries(handle -> inTransaction(handle, transaction ->
                                    pruneSlice(transaction, candidates, cutoff)),
                            () -> "Retrying a slice of " + candidates.size() + " history records to prune from "
                                    + settings.tables.run() + " after a transient error");
                }
                if (window.size() < PRUNE_SLICE) {
                    return deleted;
                }
                after = window.get(window.size() - 1);
            }
        } catch (JdbiException e) {
            throw new StoreException("could not prune the history older than " + olderThan + " from "
                    + settings.tables.run(), e);
        }
    }

    /** Creates the partitions ahead, then drops the days before {@code cutoff}; the records gone with them. */
    private int dropDaysBefore(Instant cutoff) {
        return handles.withHandle(handle -> {
            Connection connection = handle.getConnection();
            try {
                settings.partitions.createPartitionsAhead(connection);
                PartitionedHistory.Dropped dropped = settings.partitions.dropDaysBefore(connection, cutoff);
                if (!dropped.days().isEmpty()) {
                    LOG.debug("Dropped the history partitions of {}: {} records", dropped.days(), dropped.recordsGone());
                }
                return Math.toIntExact(dropped.recordsGone());
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
        });
    }

    /**
     * The window after {@code after} (from the oldest record when null), read on its own, not in a slice: in a
     * transaction of its own where the dialect has {@link SqlDialect#plansWindowInIndexOrder()}.
     */
    private List<WindowRecord> pruneWindow(Instant cutoff, WindowRecord after) {
        String settingsQuery = settings.sql.plansWindowInIndexOrder();
        HandleCallback<List<WindowRecord>, RuntimeException> read = handle ->
                withPlannerSettings(handle, settingsQuery, planned -> readWindow(planned, cutoff, after));
        return handles.withHandle(handle -> settingsQuery != null && handles.ownsTransactions()
                ? inTransaction(handle, read) : read.withHandle(handle));
    }

    /** The window after {@code after}, read in the transaction of {@code handle}. */
    private List<WindowRecord> readWindow(Handle handle, Instant cutoff, WindowRecord after) {
        var query = configure(handle.createQuery(settings.statements.pruneWindow(after != null)))
                .bind("olderThan", instant(cutoff))
                .bind("limit", PRUNE_SLICE);
        if (after != null) {
            query.bind("afterActivity", instant(after.lastActivity()))
                    .bind("afterScope", text(after.key().scopeKey()))
                    .bind("afterDataset", text(after.key().datasetKey()))
                    .bind("afterRun", text(after.key().runId()));
        }
        return query.scanResultSet((rows, context) -> {
            ResultSet row = rows.get();
            List<WindowRecord> window = new ArrayList<>();
            while (row.next()) {
                window.add(new WindowRecord(new RunKey(row.getString("scope_key"), row.getString("dataset_key"),
                        row.getString("run_id")), settings.sql.readInstant(row, "last_activity_at"),
                        row.getString("last_success_run_id")));
            }
            return window;
        });
    }

    /**
     * Locks a slice, checks each record again, deletes those still to delete; in the transaction of {@code handle},
     * with the dialect's {@link SqlDialect#plansSliceByPrimaryKey()}.
     */
    private int pruneSlice(Handle handle, List<RunKey> slice, Instant cutoff) {
        return withPlannerSettings(handle, settings.sql.plansSliceByPrimaryKey(),
                transaction -> deleteSlice(transaction, slice, cutoff));
    }

    /**
     * Runs {@code work} in the transaction of {@code handle} after {@code settingsQuery} (see
     * {@link SqlDialect#plansSliceByPrimaryKey()}; nothing when null), and, when that transaction is the caller's,
     * sets the settings back as they were.
     */
    private <R> R withPlannerSettings(Handle handle, String settingsQuery, HandleCallback<R, RuntimeException> work) {
        if (settingsQuery == null) {
            return work.withHandle(handle);
        }
        Map<String, String> before = configure(handle.createQuery(settingsQuery)).scanResultSet((rows, context) -> {
            ResultSet row = rows.get();
            Map<String, String> values = new LinkedHashMap<>();
            while (row.next()) {
                values.put(row.getString("name"), row.getString("setting"));
            }
            return values;
        });
        R result = work.withHandle(handle);
        if (!handles.ownsTransactions()) {
            before.forEach((name, setting) -> configure(handle.createQuery(settings.sql.restoreSetting()))
                    .bind("name", name).bind("setting", setting).mapTo(String.class).one());
        }
        return result;
    }

    /** Locks the records of a slice, checks each again and deletes those still to delete. */
    private int deleteSlice(Handle handle, List<RunKey> slice, Instant cutoff) {
        List<RunKey> pairs = slice.stream().map(RunKey::pair).distinct().toList();
        Map<RunKey, String> lastSuccesses;
        Map<RunKey, Instant> lastActivities;
        if (settings.sql.pruneLocksStatuses()) {
            lastSuccesses = pruneStatuses(handle, pairs);
            lastActivities = pruneRuns(handle, slice);
        } else {
            lastActivities = pruneRuns(handle, slice);
            lastSuccesses = pruneStatuses(handle, pairs);
        }
        List<RunKey> doomed = new ArrayList<>();
        for (RunKey record : slice) {
            Instant lastActivity = lastActivities.get(record);
            if (lastActivity != null && lastActivity.isBefore(cutoff)
                    && !record.runId().equals(lastSuccesses.get(record.pair()))) {
                doomed.add(record);
            }
        }
        if (doomed.isEmpty()) {
            return 0;
        }
        Update delete = configure(handle.createUpdate(settings.statements.pruneDelete(doomed.size())));
        bindRunKeys(delete, doomed);
        int deletedRows = delete.execute();
        // A run of a partitioned history may have a fragment per day: its record counts once.
        return settings.partitions == null ? deletedRows : doomed.size();
    }

    /** The last success of each of {@code pairs} that has a status, read (and, by most dialects, locked) now. */
    private Map<RunKey, String> pruneStatuses(Handle handle, List<RunKey> pairs) {
        var query = configure(handle.createQuery(settings.statements.pruneStatuses(pairs.size())));
        for (int i = 0; i < pairs.size(); i++) {
            List<String> names = Statements.pairKeyParameters(i);
            query.bind(names.get(0), text(pairs.get(i).scopeKey())).bind(names.get(1), text(pairs.get(i).datasetKey()));
        }
        return query.scanResultSet((rows, context) -> {
            ResultSet row = rows.get();
            Map<RunKey, String> lastSuccesses = new HashMap<>();
            while (row.next()) {
                lastSuccesses.put(new RunKey(row.getString("scope_key"), row.getString("dataset_key"), null),
                        row.getString("last_success_run_id"));
            }
            return lastSuccesses;
        });
    }

    /** The last activity of each record of {@code slice} that still exists, locked now. */
    private Map<RunKey, Instant> pruneRuns(Handle handle, List<RunKey> slice) {
        var query = configure(handle.createQuery(settings.statements.pruneRuns(slice.size())));
        bindRunKeys(query, slice);
        return query.scanResultSet((rows, context) -> {
            ResultSet row = rows.get();
            Map<RunKey, Instant> lastActivities = new HashMap<>();
            while (row.next()) {
                // A run of a partitioned history may have a fragment per day: its latest activity counts.
                lastActivities.merge(new RunKey(row.getString("scope_key"), row.getString("dataset_key"),
                        row.getString("run_id")), settings.sql.readInstant(row, "last_activity_at"),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
            return lastActivities;
        });
    }

    private static void bindRunKeys(SqlStatement<?> statement, List<RunKey> records) {
        for (int i = 0; i < records.size(); i++) {
            List<String> names = Statements.runKeyParameters(i);
            RunKey record = records.get(i);
            statement.bind(names.get(0), text(record.scopeKey()))
                    .bind(names.get(1), text(record.datasetKey()))
                    .bind(names.get(2), text(record.runId()));
        }
    }

    /** A record of a slice's window: its key and last activity, and its pair's last success (null when none). */
    private record WindowRecord(RunKey key, Instant lastActivity, String lastSuccessRunId) {
    }

    /** A history record's primary key, as stored; with a null run id, its pair. Ordered as the primary key. */
    private record RunKey(String scopeKey, String datasetKey, String runId) implements Comparable<RunKey> {
        RunKey pair() {
            return new RunKey(scopeKey, datasetKey, null);
        }

        @Override
        public int compareTo(RunKey other) {
            int byScope = scopeKey.compareTo(other.scopeKey);
            if (byScope != 0) {
                return byScope;
            }
            int byDataset = datasetKey.compareTo(other.datasetKey);
            return byDataset != 0 ? byDataset : String.valueOf(runId).compareTo(String.valueOf(other.runId));
        }
    }

    /**
     * True for the store itself: every call goes to the database, so the tracked-job wrapper bounds it. False
     * for a view bound to the caller's transaction ({@link #inTransactionOf}): its calls must run on the thread
     * that owns the transaction, never on another thread that a timeout could abandon while it still uses the
     * connection. The statement timeout bounds them all the same.
     */
    @Override
    public boolean mayBlock() {
        return handles.ownsTransactions();
    }

    @Override
    public String toString() {
        return "JdbcFreshnessStore{" + dialect() + ", tables " + settings.tables.status() + ", "
                + settings.tables.run() + (handles.ownsTransactions() ? "" : ", in the caller's transaction") + '}';
    }

    // ---- statement plumbing --------------------------------------------------------------------------------

    /**
     * Our SQL is complete text with named parameters: no template engine, parameters a statement does not
     * use are allowed (one binding serves every dialect), and every statement has the timeout.
     */
    private <S extends SqlStatement<S>> S configure(S statement) {
        return statement.configure(SqlStatements.class, config -> config
                .setTemplateEngine(TemplateEngine.NOP)
                .setUnusedBindingAllowed(true)
                .setQueryTimeout(settings.queryTimeoutSeconds));
    }

    private static void bindDatasets(SqlStatement<?> statement, List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            statement.bind(Statements.datasetParameter(i), text(keys.get(i)));
        }
    }

    /** The keys of {@code datasets}, sorted (so that concurrent writers lock rows in the same order). */
    private static List<String> sortedKeys(Set<DatasetKey> datasets) {
        Objects.requireNonNull(datasets, "datasets must not be null");
        List<String> keys = new ArrayList<>(datasets.size());
        for (DatasetKey dataset : datasets) {
            keys.add(Objects.requireNonNull(dataset, "datasets must not hold null").value());
        }
        Collections.sort(keys);
        return keys;
    }

    private static String describe(Set<Scope> scopes) {
        return scopes.size() == 1 ? scopes.iterator().next().toString() : scopes.size() + " scopes";
    }

    private static Argument text(String value) {
        return new TextArgument(value);
    }

    private Argument instant(Instant value) {
        return new InstantArgument(value, settings.sql);
    }

    /** Has the statement planned with its values at every execution, see {@link SqlDialect#planWithValues}. */
    private record PlannedWithValues(SqlDialect dialect) implements StatementCustomizer {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            dialect.planWithValues(statement);
        }
    }

    /** Binds text, or a typed NULL, with no conversion by Jdbi. */
    private record TextArgument(String value) implements Argument {
        @Override
        public void apply(int position, PreparedStatement statement, StatementContext context)
                throws SQLException {
            bind(statement, position, value);
        }

        /** Binds {@code value}, or a NULL of type VARCHAR; the same for Jdbi statements and plain JDBC ones. */
        static void bind(PreparedStatement statement, int position, String value) throws SQLException {
            if (value == null) {
                statement.setNull(position, Types.VARCHAR);
            } else {
                statement.setString(position, value);
            }
        }

        @Override
        public String toString() {
            return value == null ? "NULL" : "'" + (value.length() > 80 ? value.substring(0, 77) + "..." : value) + "'";
        }
    }

    /** Binds an instant as UTC the way the dialect's column type needs, never through a JVM-zone conversion. */
    private record InstantArgument(Instant value, SqlDialect dialect) implements Argument {
        @Override
        public void apply(int position, PreparedStatement statement, StatementContext context)
                throws SQLException {
            dialect.bindInstant(statement, position, value);
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    /** True when {@code error} or a cause of it is an SQLException, or a batch's next one, that passes {@code test}. */
    private static boolean causedBy(Throwable error, Predicate<SQLException> test) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (test.test(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Everything a store and its transaction-bound views share.
     *
     * @param queryTimeoutSeconds the JDBC query timeout of every statement, or null where the dialect sets none
     */
    private record Settings(Dialect dialect, SqlDialect sql, Statements statements, TableNames tables,
                            Duration statementTimeout, Integer queryTimeoutSeconds, boolean databaseTime,
                            RowReader rows, PartitionedHistory partitions) {

        /** @param partitioned whether the history table is partitioned by day (PostgreSQL only) */
        static Settings of(Dialect dialect, TableNames tables, Duration statementTimeout, boolean databaseTime,
                           boolean partitioned) {
            SqlDialect sql = partitioned ? new PartitionedPostgresDialect() : dialect.sql();
            Integer queryTimeoutSeconds = sql.usesQueryTimeout()
                    ? (int) Math.max(1, (statementTimeout.toMillis() + 999) / 1000) : null;
            return new Settings(dialect, sql, Statements.of(sql, tables), tables, statementTimeout,
                    queryTimeoutSeconds, databaseTime, new RowReader(sql),
                    partitioned ? new PartitionedHistory(tables) : null);
        }
    }

    /** Where a call gets its handle, and whether it may manage transactions on it. */
    private interface HandleSource {
        <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X;

        /**
         * Runs {@code work} on a connection, for a call that needs nothing of a handle; by default on the connection
         * of a handle, with everything the handle does (a savepoint in the caller's transaction).
         */
        default <R> R withConnection(ConnectionWork<R> work) {
            return withHandle(handle -> work.run(handle.getConnection()));
        }

        boolean ownsTransactions();
    }

    /** What a call does with a plain connection; its failures are Jdbi's exceptions, as a handle's are. */
    private interface ConnectionWork<R> {
        R run(Connection connection);
    }

    /**
     * The store's own: a handle from the user's Jdbi per call. A store built on a data source opens and closes a
     * plain connection of the data source for the calls that need no handle, as the Jdbi it made for that data
     * source would (auto-commit as the data source hands it out), without the handle's own work.
     *
     * @param dataSource the data source the store was built on, or null for a store built on a Jdbi of the caller's
     *     (whose plugins and handle settings every call goes through)
     */
    private record OwnHandles(Jdbi jdbi, DataSource dataSource) implements HandleSource {
        @Override
        public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
            if (dataSource == null) {
                return jdbi.withHandle(callback);
            }
            return jdbi.withHandle(handle ->
                    endingItsTransaction(handle.getConnection(), () -> callback.withHandle(handle)));
        }

        /** Opening and closing fail as Jdbi's do: {@link ConnectionException} and {@link CloseException}. */
        @Override
        public <R> R withConnection(ConnectionWork<R> work) {
            if (dataSource == null) {
                return HandleSource.super.withConnection(work);
            }
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
            R result;
            try {
                result = endingItsTransaction(connection, () -> work.run(connection));
            } catch (RuntimeException | Error failure) {
                try {
                    connection.close();
                } catch (SQLException | RuntimeException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            try {
                connection.close();
            } catch (SQLException e) {
                throw new CloseException("Unable to close Connection", e);
            }
            return result;
        }

        @Override
        public boolean ownsTransactions() {
            return true;
        }

        /*
         * A pool may hand out connections with auto-commit off. A store built on a data source owns the connections
         * it takes, so it ends each call's transaction itself: the pool would otherwise roll the call's writes back
         * when the connection returns, and the events would be lost without an error. On a Jdbi of the caller's the
         * store follows Jdbi, for which a connection without auto-commit is in a transaction someone else ends (a
         * Spring-managed one, say): build() warns about it.
         */

        /** What a call does on its connection, failing with {@code X}. */
        private interface Work<R, X extends Exception> {
            R run() throws X;
        }

        /**
         * Runs {@code work}, then commits (or, when it failed, rolls back) the transaction it ran in when the
         * connection is without auto-commit; with auto-commit, each statement committed itself.
         */
        private static <R, X extends Exception> R endingItsTransaction(Connection connection, Work<R, X> work)
                throws X {
            if (autoCommit(connection)) {
                return work.run();
            }
            R result;
            try {
                result = work.run();
            } catch (Throwable failure) {
                rollBack(connection, failure);
                throw failure;
            }
            commit(connection);
            return result;
        }

        private static boolean autoCommit(Connection connection) {
            try {
                return connection.getAutoCommit();
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
        }

        private static void commit(Connection connection) {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException("could not commit", e, null);
            }
        }

        private static void rollBack(Connection connection, Throwable failure) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The caller's handle, used as it is and never closed; each call under a savepoint in its transaction. */
    private record CallerHandle(Handle handle) implements HandleSource {
        @Override
        public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
            return underSavepoint(handle, callback);
        }

        @Override
        public boolean ownsTransactions() {
            return false;
        }
    }

    /**
     * The caller's connection, wrapped in a handle per call. The handle's connection factory never closes the
     * connection, and the handle does not end a transaction it did not begin.
     */
    private static final class CallerConnection implements HandleSource {
        private final Jdbi jdbi;

        CallerConnection(Connection connection) {
            this.jdbi = Jdbi.create(new ConnectionFactory() {
                @Override
                public Connection openConnection() {
                    return connection;
                }

                @Override
                public void closeConnection(Connection toClose) {
                    // The connection is the caller's: it stays open.
                }
            });
            jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        }

        @Override
        public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
            return jdbi.withHandle(handle -> underSavepoint(handle, callback));
        }

        @Override
        public boolean ownsTransactions() {
            return false;
        }
    }

    /**
     * Runs {@code callback} on the caller's handle. When a transaction is open on it, under a savepoint of the
     * store's own: released when the call succeeds, rolled back to when it fails, so that a failed call leaves
     * nothing of itself in the caller's transaction and the transaction usable (PostgreSQL would otherwise refuse
     * every later statement of it; the other databases would keep the half of an event written before the failure).
     */
    private static <R, X extends Exception> R underSavepoint(Handle handle, HandleCallback<R, X> callback) throws X {
        Connection connection = handle.getConnection();
        Savepoint savepoint;
        try {
            savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        } catch (SQLException e) {
            throw new ConnectionException(e);
        }
        if (savepoint == null) {
            return callback.withHandle(handle);
        }
        R result;
        try {
            result = callback.withHandle(handle);
        } catch (Throwable failure) {
            try {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new ConnectionException(e);
        }
        return result;
    }

    /**
     * Builds a {@link JdbcFreshnessStore}; reads like a sentence, every setting optional:
     * {@code JdbcFreshnessStore.using(dataSource).inSchema("ops").usingDbTime().createSchemaIfMissing().build()}.
     * Each setting is validated when it is set, with the bad value in the message.
     */
    public static final class Builder {

        private final Jdbi jdbi;
        /** The data source the store was built over, to name its URL when it cannot connect; null for a Jdbi. */
        private final DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private String schema;
        private boolean databaseTime;
        private boolean createSchema;
        private boolean partitionHistory;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private Dialect dialect;

        private Builder(Jdbi jdbi, DataSource dataSource) {
            this.jdbi = jdbi;
            this.dataSource = dataSource;
        }

        /**
         * Names the tables {@code <prefix>status}, {@code <prefix>run} and {@code <prefix>schema_version};
         * default {@value JdbcFreshnessStore#DEFAULT_TABLE_PREFIX}.
         *
         * @param prefix empty, or up to 30 ASCII letters, digits and {@code _}, starting with a letter or
         *     {@code _}; it becomes part of SQL text, so anything else is rejected, never quoted, and so is a
         *     prefix that makes a table or index name a reserved word of SQL or of a supported database
         * @throws IllegalArgumentException naming the offending character, or the reserved word
         */
        public Builder withTablePrefix(String prefix) {
            this.tablePrefix = SqlIdentifiers.checkTablePrefix(prefix);
            return this;
        }

        /**
         * Keeps the tables in {@code schema} (a database, on MySQL and MariaDB) rather than the connection's
         * default schema.
         *
         * @param schema 1 to 63 ASCII letters, digits and {@code _}, starting with a letter or {@code _}, and no
         *     reserved word of SQL:2016, PostgreSQL, MariaDB, MySQL or H2 ({@code user}, {@code order}, ...);
         *     anything else is rejected, never quoted
         * @throws IllegalArgumentException naming the offending character, or the reserved word
         */
        public Builder inSchema(String schema) {
            this.schema = SqlIdentifiers.checkSchema(schema);
            return this;
        }

        /**
         * Takes each event's instant from the database clock instead of the event (the application's clock),
         * so that nodes with skewed clocks agree. Default: the event's own instant.
         */
        public Builder usingDbTime() {
            this.databaseTime = true;
            return this;
        }

        /**
         * Creates the schema (when {@link #inSchema} names one), the tables and their indexes at
         * {@link #build()} when they do not exist yet, with the DDL shipped for the dialect. Default: the
         * tables must exist (created by your migration tool from {@link Dialect#schemaResource()}).
         *
         * <p>Nodes that start at the same moment may all ask for it: the creation runs under a lock of the database
         * for these tables (on PostgreSQL a transaction-scoped advisory lock, on MySQL and MariaDB a named lock, on
         * H2 a lock of the JVM) and checks again for the tables once it holds it; a node that still meets a
         * half-made schema (H2 shared by several processes) tries again after a short pause.
         */
        public Builder createSchemaIfMissing() {
            this.createSchema = true;
            return this;
        }

        /**
         * On PostgreSQL, creates the run history partitioned by day when {@link #createSchemaIfMissing()} creates the
         * tables ({@code schema/postgresql-partitioned.sql}): a history row holds what one run reported for one
         * (scope, dataset) on one UTC day, nearly every run has one such row (a run across midnight UTC two, merged
         * when read), and {@link JdbcFreshnessStore#pruneHistory} drops whole days instead of deleting rows.
         * Default: one history table.
         *
         * <p>Whether the store reads and writes a partitioned history is not this setting but the table itself: at
         * {@link #build()} the store asks the catalog, so a history partitioned by your migration tool (see
         * {@code migrations/postgresql/} in the README) is used as one, and existing tables are never changed by
         * this setting.
         *
         * <p>{@link #build()} rejects it on any other database than PostgreSQL, naming this setting and the
         * dialect.
         */
        public Builder partitionHistoryByDay() {
            this.partitionHistory = true;
            return this;
        }

        /**
         * Bounds every statement; default {@link JdbcFreshnessStore#DEFAULT_STATEMENT_TIMEOUT}. JDBC counts
         * whole seconds, so a fraction of a second is rounded up. On H2 no JDBC timeout is set (its driver
         * would run an extra command for every statement): H2's own {@code LOCK_TIMEOUT} bounds its lock waits,
         * and the tracked-job wrapper's store timeout bounds every call. On PostgreSQL the statement that records
         * an event is cancelled by a watchdog of the store's instead, between the timeout (not rounded) and 100 ms
         * after it: pgjdbc's timeout schedules a timer task for every statement, which costs a short write more
         * than the write.
         *
         * @throws IllegalArgumentException if {@code timeout} is zero, negative or longer than a day
         */
        public Builder withStatementTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("timeout must be > 0 and at most one day, was " + timeout);
            }
            this.statementTimeout = timeout;
            return this;
        }

        /**
         * Uses {@code dialect} instead of detecting it from the JDBC driver's product name, for drivers that
         * report a name the store does not know.
         */
        public Builder withDialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
            return this;
        }

        /**
         * Connects once: detects the dialect (logged at INFO), creates the schema when asked, and checks the
         * tables, their columns, the collation of their key columns, this user's privileges on them and the schema
         * version, then logs at INFO what it verified. Each failure is one exception naming every problem found
         * and its fix, and the store logs nothing of it.
         *
         * @throws IllegalArgumentException if the database is not supported, naming its product name
         * @throws IllegalStateException if no connection can be opened (naming the URL when the data source tells
         *     it, the driver's message and the likely fix: the driver artifact to add, the host and port, the
         *     database name or the credentials to check), or if the tables are not ready: every missing table
         *     (with the tables found under another prefix or schema), missing column, key column that compares
         *     text otherwise than exactly, missing privilege (with the GRANT that fixes it) and an unexpected schema
         *     version, with the DDL to apply
         */
        public JdbcFreshnessStore build() {
            TableNames tables = TableNames.of(tablePrefix, schema);
            Handle handle;
            try {
                handle = jdbi.open();
            } catch (RuntimeException e) {
                throw ConnectionFailure.explain(e, dataSource == null ? null : urlOf(dataSource));
            }
            Dialect chosen;
            boolean partitioned;
            try (handle) {
                if (dataSource == null && !handle.getConnection().getAutoCommit()) {
                    LOG.warn("Freshness JDBC store: the Jdbi's connections come with auto-commit off, so the store's"
                            + " writes join the transaction open on each one and are kept only if whoever opened it"
                            + " commits it; build the store on the DataSource (it then commits its own writes) or"
                            + " hand out connections with auto-commit on");
                }
                chosen = start(handle.getConnection(), tables);
                partitioned = chosen == Dialect.POSTGRESQL
                        && PartitionedHistory.isPartitioned(handle.getConnection(), tables);
                if (partitioned) {
                    startPartitioned(handle.getConnection(), tables);
                } else if (partitionHistory) {
                    LOG.warn("Freshness JDBC store: partitionHistoryByDay() is set but {} exists and is not"
                            + " partitioned; the store uses it as it is (see the README for moving a history to"
                            + " daily partitions)", tables.run());
                }
            } catch (SQLException | JdbiException e) {
                throw new IllegalStateException("cannot start the Freshness JDBC store: " + e.getMessage(), e);
            }
            Settings settings = Settings.of(chosen, tables, statementTimeout, databaseTime, partitioned);
            return new JdbcFreshnessStore(settings, new OwnHandles(jdbi, dataSource));
        }

        private Dialect start(Connection connection, TableNames tables) throws SQLException {
            DatabaseMetaData metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductName();
            String version = metaData.getDatabaseProductVersion();
            Dialect chosen = dialect != null ? dialect : Dialect.detect(product, version);
            if (partitionHistory && chosen != Dialect.POSTGRESQL) {
                throw new IllegalArgumentException("partitionHistoryByDay() is for PostgreSQL only, and this database"
                        + " is " + product + " (dialect " + chosen + "): remove partitionHistoryByDay() from the"
                        + " builder; the history is pruned in slices there");
            }
            LOG.info("Freshness JDBC store on {} {}: dialect {} ({})", product, version, chosen,
                    dialect != null ? "set explicitly" : "detected");
            String schemaResource = partitionHistory ? PartitionedHistory.SCHEMA_RESOURCE : chosen.schemaResource();
            SchemaCheck check = new SchemaCheck(chosen.sql(), tables, schemaResource, chosen.name(),
                    new SchemaCheck.MigrationRoutes(DEFAULT_TABLE_PREFIX, chosen.readyToRunResource(),
                            chosen.flywayLocation(), Dialect.LIQUIBASE_CHANGELOG));
            String verified = createSchema
                    ? check.createIfMissingAndVerify(connection,
                            () -> LOG.info("Creating the Freshness tables from {}", schemaResource))
                    : check.verify(connection);
            LOG.info("Freshness JDBC store: {}", verified);
            return chosen;
        }

        /**
         * Logs that the history is partitioned by day and, when the store may create tables, creates the partitions
         * of today and the next days.
         */
        private void startPartitioned(Connection connection, TableNames tables) throws SQLException {
            if (createSchema) {
                new PartitionedHistory(tables).createPartitionsAhead(connection);
            }
            LOG.info("Freshness JDBC store: {} is partitioned by day; a run's daily fragments are merged when read,"
                    + " and pruning drops whole days", tables.run());
        }

        /**
         * The JDBC URL of the usual data sources (HikariCP's {@code getJdbcUrl}, the drivers' {@code getUrl} or
         * {@code getURL}), its password hidden, for the message when no connection opens; null when it says none.
         */
        private static String urlOf(DataSource dataSource) {
            for (String getter : List.of("getJdbcUrl", "getUrl", "getURL")) {
                try {
                    if (dataSource.getClass().getMethod(getter).invoke(dataSource) instanceof String url
                            && !url.isBlank()) {
                        return ConnectionFailure.masked(url);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Not every data source has this getter: the driver's own message still names the server.
                }
            }
            return null;
        }
    }
}
