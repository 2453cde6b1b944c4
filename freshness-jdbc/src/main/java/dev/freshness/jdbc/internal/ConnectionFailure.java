package dev.freshness.jdbc.internal;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the failure to open the store's first connection into one sentence naming the cause and the fix: no
 * driver for the URL, a server that does not answer, a database that does not exist, credentials refused.
 */
public final class ConnectionFailure {

    /** The driver to add for each URL scheme, first match wins. */
    private static final Map<String, String> DRIVERS = new LinkedHashMap<>();

    static {
        DRIVERS.put("jdbc:postgresql:", "the PostgreSQL driver, org.postgresql:postgresql");
        DRIVERS.put("jdbc:mariadb:", "the MariaDB driver, org.mariadb.jdbc:mariadb-java-client");
        DRIVERS.put("jdbc:mysql:", "the MySQL driver, com.mysql:mysql-connector-j (for a MariaDB server,"
                + " org.mariadb.jdbc:mariadb-java-client with a jdbc:mariadb: URL)");
        DRIVERS.put("jdbc:h2:", "the H2 driver, com.h2database:h2");
    }

    private static final String ANY_DRIVER = "the driver of your database: com.h2database:h2,"
            + " org.postgresql:postgresql, org.mariadb.jdbc:mariadb-java-client or com.mysql:mysql-connector-j";

    /** What DriverManager ("No suitable driver found for <url>") and HikariCP say when no driver takes a URL. */
    private static final Pattern NO_DRIVER = Pattern.compile(
            "(?:No suitable driver found for|Failed to get driver instance for jdbcUrl=)\\s*(\\S*)");

    private ConnectionFailure() {
    }

    /**
     * The exception to throw from {@code build()} when no connection could be opened.
     *
     * @param failure what opening the connection threw
     * @param url the JDBC URL when the data source tells it, or null
     */
    public static IllegalStateException explain(Throwable failure, String url) {
        String shownUrl = url == null ? null : masked(url);
        SQLException sql = innermostSqlException(failure);
        Matcher noDriver = noDriver(failure);
        String prefix = "cannot start the Freshness JDBC store: ";
        if (noDriver != null) {
            String target = shownUrl != null ? shownUrl : masked(noDriver.group(1));
            String driver = DRIVERS.entrySet().stream().filter(entry -> target.startsWith(entry.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(ANY_DRIVER);
            return new IllegalStateException(prefix + "no JDBC driver on the class path accepts the URL " + target
                    + ". Add " + driver + ", to the application's dependencies: freshness-jdbc ships no driver",
                    failure);
        }
        String at = shownUrl == null ? "" : " at " + shownUrl;
        String said = sql == null ? oneLine(failure.getMessage())
                : oneLine(sql.getMessage()) + " (SQLState " + sql.getSQLState() + ", error code "
                        + sql.getErrorCode() + ")";
        String fix;
        if (sql != null && unknownDatabase(sql)) {
            fix = "the database named in the JDBC URL does not exist on the server: create it, or correct the"
                    + " database name in the URL";
        } else if (sql != null && credentialsRefused(sql)) {
            fix = "the server refused the user or password: check the credentials the data source connects with";
        } else if (sql != null && unreachable(sql)) {
            fix = "no database server answered: check the host and port of the JDBC URL, and that the server runs"
                    + " and accepts connections from this host";
        } else {
            fix = "check the JDBC URL and the data source's settings";
        }
        return new IllegalStateException(prefix + "cannot connect to the database" + at + ": " + said + ". Cause: "
                + fix, failure);
    }

    /** {@code url} with the value of a {@code password=} option hidden. */
    public static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    /** A driver's message on one line (H2 puts the statement on a line of its own). */
    private static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s+", " ");
    }

    private static SQLException innermostSqlException(Throwable failure) {
        SQLException innermost = null;
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 30; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql) {
                innermost = sql;
            }
        }
        return innermost;
    }

    private static Matcher noDriver(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 30; cause = cause.getCause(), depth++) {
            if (cause.getMessage() != null) {
                Matcher matcher = NO_DRIVER.matcher(cause.getMessage());
                if (matcher.find()) {
                    return matcher;
                }
            }
        }
        return null;
    }

    /** PostgreSQL 3D000; MariaDB and MySQL 1049; H2 90013, or 90146 with IFEXISTS=TRUE. */
    private static boolean unknownDatabase(SQLException error) {
        int code = error.getErrorCode();
        return "3D000".equals(error.getSQLState()) || code == 1049 || code == 90013 || code == 90146;
    }

    /** SQLState class 28 (invalid authorization); MariaDB and MySQL 1045, H2 28000. */
    private static boolean credentialsRefused(SQLException error) {
        String state = error.getSQLState();
        return (state != null && state.startsWith("28")) || error.getErrorCode() == 1045;
    }

    /** SQLState class 08 (connection exception); H2 90067 (connection broken). */
    private static boolean unreachable(SQLException error) {
        String state = error.getSQLState();
        return (state != null && state.startsWith("08")) || error.getErrorCode() == 90067;
    }
}
