package dev.freshness.spring.boot;

import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.MonitorState;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

import static dev.freshness.spring.boot.FreshnessAutoConfiguration.property;

/**
 * The monitor's state in the database of the application's one {@link DataSource}, beside the JDBC store's tables
 * (same prefix and schema), made once the database is initialised, unless the application has a state of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JdbcFreshnessStore.class, EmbeddedDatabaseConnection.class,
        DependsOnDatabaseInitialization.class})
@ConditionalOnSingleCandidate(DataSource.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
class MonitorJdbcStateConfiguration {

    @Bean
    @ConditionalOnMissingBean(MonitorState.class)
    @DependsOnDatabaseInitialization
    JdbcMonitorState freshnessMonitorState(DataSource dataSource, FreshnessProperties properties) {
        FreshnessProperties.Jdbc jdbc = properties.getJdbc();
        JdbcMonitorState.Builder builder = JdbcMonitorState.using(dataSource);
        property("jdbc.table-prefix", jdbc.getTablePrefix(), () -> builder.withTablePrefix(jdbc.getTablePrefix()));
        if (jdbc.getSchema() != null) {
            property("jdbc.schema", jdbc.getSchema(), () -> builder.withSchema(jdbc.getSchema()));
        }
        if (JdbcStoreConfiguration.createsSchema(jdbc.getInitializeSchema(), dataSource)) {
            builder.createSchemaIfMissing();
        }
        return builder.build();
    }
}

