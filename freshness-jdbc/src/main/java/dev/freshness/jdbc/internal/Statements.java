package dev.freshness.jdbc.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The SQL of one store: its dialect's statements with the store's table names filled in, built once per store.
 * The reads that take lists get their {@code IN} lists at each call: <code>${scopes}</code> becomes
 * {@code :s0, :s1, ...} and <code>${datasets}</code> {@code :d0, :d1, ...}; the slices of a prune get theirs
 * the same way, as row values: <code>${pairKeys}</code> and <code>${runKeys}</code>. A dialect's stale walk may
 * repeat a part for each dataset instead (<code>${eachDataset}</code>, see
 * {@link SqlDialect#staleStatusesOfOneDataset()}).
 */
public final class Statements {

    private static final String SCOPES = "${scopes}";
    private static final String DATASETS = "${datasets}";
    private static final String RUN_KEYS = "${runKeys}";
    private static final String PAIR_KEYS = "${pairKeys}";
    private static final String EACH_DATASET = "${eachDataset}";
    private static final String DATASET = "${dataset}";

    /** The parameters every event statement may name. */
    private static final Set<String> EVENT_PARAMETERS = Set.of("scope", "dataset", "run", "at");

    private final Map<EventKind, List<String>> events;
    private final Map<EventKind, List<PositionalSql>> positionalEvents;
    private final String createStatusIfAbsent;
    private final String databaseTime;
    private final String statuses;
    private final String statusesAcrossScopes;
    private final String statusesAcrossScopesSucceededBefore;
    private final String staleStatusesOfOneDataset;
    private final String runHistory;
    private final String history;
    private final String pruneFirstWindow;
    private final String pruneNextWindow;
    private final String pruneStatuses;
    private final String pruneRuns;
    private final String pruneDelete;
    private final String[] runKeyPrefixes;

    private Statements(SqlDialect dialect, TableNames tables) {
        Map<EventKind, List<String>> byKind = new EnumMap<>(EventKind.class);
        Map<EventKind, List<PositionalSql>> positionalByKind = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            List<String> rendered = new ArrayList<>();
            List<PositionalSql> positional = new ArrayList<>();
            for (String sql : dialect.applyEvent(kind)) {
                String named = render(tables, sql);
                rendered.add(named);
                positional.add(checkedEventParameters(kind, PositionalSql.of(named)));
            }
            byKind.put(kind, List.copyOf(rendered));
            positionalByKind.put(kind, List.copyOf(positional));
        }
        this.events = Collections.unmodifiableMap(byKind);
        this.positionalEvents = Collections.unmodifiableMap(positionalByKind);
        this.createStatusIfAbsent = render(tables, dialect.createStatusIfAbsent());
        this.databaseTime = dialect.databaseTimeQuery();
        this.statuses = render(tables, dialect.statuses());
        this.statusesAcrossScopes = render(tables, dialect.statusesAcrossScopes());
        this.statusesAcrossScopesSucceededBefore = render(tables, dialect.statusesAcrossScopesSucceededBefore());
        String ofOneDataset = dialect.staleStatusesOfOneDataset();
        this.staleStatusesOfOneDataset = ofOneDataset == null ? null : render(tables, ofOneDataset);
        this.runHistory = render(tables, dialect.runHistory());
        this.history = render(tables, dialect.history());
        this.pruneFirstWindow = render(tables, dialect.pruneWindow(false));
        this.pruneNextWindow = render(tables, dialect.pruneWindow(true));
        this.pruneStatuses = render(tables, dialect.pruneStatuses());
        this.pruneRuns = render(tables, dialect.pruneRuns());
        this.pruneDelete = render(tables, dialect.pruneDelete());
        this.runKeyPrefixes = dialect.runKeyColumns().stream().map(Statements::runKeyPrefix).toArray(String[]::new);
    }

    /** The statements of {@code dialect} on {@code tables}. */
    public static Statements of(SqlDialect dialect, TableNames tables) {
        return new Statements(dialect, tables);
    }

    /** See {@link SqlDialect#applyEvent}. */
    public List<String> applyEvent(EventKind kind) {
        return events.get(kind);
    }

    /**
     * The statements of {@link #applyEvent}, converted once to positional parameters for a plain
     * {@code PreparedStatement}; each names only {@code :scope}, {@code :dataset}, {@code :run}, {@code :at} and
     * the parameters of its kind ({@link #eventParameters}).
     */
    public List<PositionalSql> applyEventPositional(EventKind kind) {
        return positionalEvents.get(kind);
    }

    /** The parameters an event statement of {@code kind} may name: those of every event, and its kind's own. */
    public static Set<String> eventParameters(EventKind kind) {
        Set<String> own = switch (kind) {
            case STARTED -> Set.of("job");
            case SUCCEEDED -> Set.of("records");
            case FAILED -> Set.of("errorType", "errorMessage", "errorRootCause");
        };
        Set<String> all = new HashSet<>(EVENT_PARAMETERS);
        all.addAll(own);
        return Set.copyOf(all);
    }

    /** {@code statement}, once every parameter it names is one an event of {@code kind} binds. */
    private static PositionalSql checkedEventParameters(EventKind kind, PositionalSql statement) {
        Set<String> known = eventParameters(kind);
        for (String name : statement.parameters()) {
            if (!known.contains(name)) {
                throw new IllegalStateException("the " + kind + " statement names :" + name + ", which an event of"
                        + " that kind does not bind (it binds " + new TreeSet<>(known) + "): "
                        + statement.named());
            }
        }
        return statement;
    }

    /** See {@link SqlDialect#createStatusIfAbsent}. */
    public String createStatusIfAbsent() {
        return createStatusIfAbsent;
    }

    /** See {@link SqlDialect#databaseTimeQuery}; null when the event statements read the clock themselves. */
    public String databaseTime() {
        return databaseTime;
    }

    /** The statuses of {@code scopeCount} scopes x {@code datasetCount} datasets. */
    public String statuses(int scopeCount, int datasetCount) {
        return statuses.replace(SCOPES, parameters("s", scopeCount)).replace(DATASETS, parameters("d", datasetCount));
    }

    /** One page across scopes of {@code datasetCount} datasets, optionally filtered on {@code :before}. */
    public String statusesAcrossScopes(int datasetCount, boolean succeededBefore) {
        String sql = succeededBefore ? statusesAcrossScopesSucceededBefore : statusesAcrossScopes;
        if (succeededBefore && staleStatusesOfOneDataset != null) {
            StringJoiner each = new StringJoiner("\nUNION ALL\n");
            for (int i = 0; i < datasetCount; i++) {
                each.add(staleStatusesOfOneDataset.replace(DATASET, ":d" + i));
            }
            sql = sql.replace(EACH_DATASET, each.toString());
        }
        return sql.replace(DATASETS, parameters("d", datasetCount));
    }

    /** See {@link SqlDialect#runHistory}. */
    public String runHistory() {
        return runHistory;
    }

    /** See {@link SqlDialect#history}. */
    public String history() {
        return history;
    }

    /** See {@link SqlDialect#pruneWindow}. */
    public String pruneWindow(boolean fromCursor) {
        return fromCursor ? pruneNextWindow : pruneFirstWindow;
    }

    /** See {@link SqlDialect#pruneStatuses}, for {@code pairs} pairs. */
    public String pruneStatuses(int pairs) {
        return pruneStatuses.replace(PAIR_KEYS, tuples(pairs, "ps", "pd"));
    }

    /** See {@link SqlDialect#pruneRuns}, for {@code runs} records. */
    public String pruneRuns(int runs) {
        return pruneRuns.replace(RUN_KEYS, tuples(runs, runKeyPrefixes));
    }

    /** See {@link SqlDialect#pruneDelete}, for {@code runs} records. */
    public String pruneDelete(int runs) {
        return pruneDelete.replace(RUN_KEYS, tuples(runs, runKeyPrefixes));
    }

    /**
     * The parameters of the {@code index}th record of {@link #pruneRuns} and {@link #pruneDelete}: its scope, its
     * dataset and its run, whatever the order of {@link SqlDialect#runKeyColumns()}.
     */
    public static List<String> runKeyParameters(int index) {
        return List.of("ks" + index, "kd" + index, "kr" + index);
    }

    private static String runKeyPrefix(String column) {
        return switch (column) {
            case "scope_key" -> "ks";
            case "dataset_key" -> "kd";
            case "run_id" -> "kr";
            default -> throw new IllegalArgumentException("not a key column of the run table: " + column);
        };
    }

    /** The parameters of the {@code index}th pair of {@link #pruneStatuses}. */
    public static List<String> pairKeyParameters(int index) {
        return List.of("ps" + index, "pd" + index);
    }

    /** {@code (:a0, :b0), (:a1, :b1), ...}: {@code count} row values of the named parameters. */
    private static String tuples(int count, String... prefixes) {
        if (count < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "(" : ", (");
            for (int p = 0; p < prefixes.length; p++) {
                list.append(p == 0 ? ":" : ", :").append(prefixes[p]).append(i);
            }
            list.append(')');
        }
        return list.toString();
    }

    /** The name of the parameter holding the {@code index}th scope of {@link #statuses}. */
    public static String scopeParameter(int index) {
        return "s" + index;
    }

    /** The name of the parameter holding the {@code index}th dataset of the reads that take datasets. */
    public static String datasetParameter(int index) {
        return "d" + index;
    }

    private static String render(TableNames tables, String sql) {
        String rendered = tables.render(sql);
        if (rendered.replace(SCOPES, "").replace(DATASETS, "").replace(RUN_KEYS, "").replace(PAIR_KEYS, "")
                .replace(EACH_DATASET, "").replace(DATASET, "").contains("${")) {
            throw new IllegalStateException("unknown placeholder in " + rendered);
        }
        return rendered;
    }

    private static String parameters(String prefix, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? ":" : ", :").append(prefix).append(i);
        }
        return list.toString();
    }
}
