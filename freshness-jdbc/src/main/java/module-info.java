/**
 * The JDBC store of Freshness: {@link dev.freshness.jdbc.JdbcFreshnessStore}, on H2, PostgreSQL, MySQL and
 * MariaDB through Jdbi 3. Only {@code dev.freshness.jdbc} is exported. The DDL scripts are resources under
 * {@code META-INF/freshness/jdbc/schema/}, a path that is no package, so a migration tool reads them with
 * {@link ClassLoader#getResource(String)} from the class path and the module path alike.
 */
// Jdbi 3 ships no module descriptor; its jar names itself org.jdbi.v3.core (Automatic-Module-Name).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.freshness.jdbc {
    // Types of these modules appear in the public API (FreshnessStore, Jdbi, Handle, DataSource, Connection).
    requires transitive dev.freshness.api;
    requires transitive org.jdbi.v3.core;
    requires transitive java.sql;
    requires org.slf4j;

    exports dev.freshness.jdbc;
}
