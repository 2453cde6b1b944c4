package dev.freshness.monitor.jdbc;

import dev.freshness.jdbc.Dialect;

/**
 * The monitor's SQL for one database and table prefix. Every claim is one statement the database makes atomic:
 * an insert that does nothing when the row exists, an update or delete conditional on the severity read before.
 */
final class MonitorSql {

    final String notified;
    /** Inserts a (page, scope) notified for the first time; affects no row when another process inserted it first. */
    final String insertState;
    final String updateState;
    final String deleteState;
    final String insertDelivery;
    final String selectDue;
    final String claimDue;
    final String selectClaimed;
    final String deleteDelivered;
    final String releaseFailed;
    /**
     * The value of the severity columns for an {@linkplain dev.freshness.monitor.Change#upcoming() upcoming}
     * change: the state row of a (page, scope) notified that it will be stale, and its deliveries.
     */
    static final String UPCOMING = "UPCOMING";
    final String notifiedUpcoming;
    /** True when {@link #insertState} may throw a duplicate key error instead of affecting no row (H2). */
    final boolean insertMayConflict;

    /** The statements on the tables {@code schema + prefix + monitor_state/monitor_delivery}. */
    MonitorSql(Dialect dialect, String qualifiedPrefix) {
        String state = qualifiedPrefix + "monitor_state";
        String delivery = qualifiedPrefix + "monitor_delivery";
        String columns = "(page_key, scope_key, severity, changed_at_ms)";
        notified = "SELECT scope_key, severity FROM " + state + " WHERE page_key = ? AND severity <> '" + UPCOMING + "'";
        notifiedUpcoming = "SELECT scope_key FROM " + state + " WHERE page_key = ? AND severity = '" + UPCOMING + "'";
        insertState = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + state + " " + columns + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
            case MYSQL, MARIADB -> "INSERT IGNORE INTO " + state + " " + columns + " VALUES (?, ?, ?, ?)";
            // H2 has no insert-or-nothing in its own mode: the NOT EXISTS covers the usual case, and the primary
            // key the race (a duplicate key error, read as "claimed by another").
            case H2 -> "INSERT INTO " + state + " " + columns + " SELECT ?, ?, ?, ? FROM (VALUES (1)) WHERE NOT EXISTS"
                    + " (SELECT 1 FROM " + state + " WHERE page_key = ? AND scope_key = ?)";
        };
        insertMayConflict = dialect == Dialect.H2;
        updateState = "UPDATE " + state + " SET severity = ?, changed_at_ms = ? WHERE page_key = ? AND scope_key = ? AND severity = ?";
        deleteState = "DELETE FROM " + state + " WHERE page_key = ? AND scope_key = ? AND severity = ?";
        insertDelivery = "INSERT INTO " + delivery + " (channel, page_key, scope_key, previous_severity, severity, sentence,"
                + " changed_at_ms, attempts, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)";
        String due = " channel = ? AND next_attempt_ms <= ? AND (claimed_until_ms IS NULL OR claimed_until_ms < ?)";
        selectDue = "SELECT id FROM " + delivery + " WHERE" + due + " ORDER BY id";
        claimDue = "UPDATE " + delivery + " SET claim_token = ?, claimed_until_ms = ? WHERE id <= ? AND" + due;
        selectClaimed = "SELECT id, channel, page_key, scope_key, previous_severity, severity, sentence, changed_at_ms,"
                + " attempts FROM " + delivery + " WHERE claim_token = ? ORDER BY id";
        deleteDelivered = "DELETE FROM " + delivery + " WHERE id = ? AND claim_token = ?";
        releaseFailed = "UPDATE " + delivery + " SET attempts = attempts + 1, next_attempt_ms = ?, claim_token = NULL,"
                + " claimed_until_ms = NULL WHERE id = ? AND claim_token = ?";
    }
}
