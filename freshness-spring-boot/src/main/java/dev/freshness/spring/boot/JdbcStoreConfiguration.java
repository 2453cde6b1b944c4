package dev.freshness.spring.boot;

import dev.freshness.jdbc.JdbcFreshnessStore;
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
 * The JDBC store on the application's one {@link DataSource}, made once the database is initialised (after
 * Flyway, Liquibase and Spring Boot's SQL scripts have run), unless the application has a store of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JdbcFreshnessStore.class, EmbeddedDatabaseConnection.class,
        DependsOnDatabaseInitialization.class})
@ConditionalOnSingleCandidate(DataSource.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
class JdbcStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(dev.freshness.spi.FreshnessStore.class)
    @DependsOnDatabaseInitialization
    JdbcFreshnessStore jdbcFreshnessStore(DataSource dataSource, FreshnessProperties properties) {
        FreshnessProperties.Jdbc jdbc = properties.getJdbc();
        JdbcFreshnessStore.Builder builder = JdbcFreshnessStore.using(dataSource);
        property("jdbc.table-prefix", jdbc.getTablePrefix(), () -> builder.withTablePrefix(jdbc.getTablePrefix()));
        if (jdbc.getSchema() != null) {
            property("jdbc.schema", jdbc.getSchema(), () -> builder.inSchema(jdbc.getSchema()));
        }
        property("jdbc.statement-timeout", jdbc.getStatementTimeout(),
                () -> builder.withStatementTimeout(jdbc.getStatementTimeout()));
        if (jdbc.isDbTime()) {
            builder.usingDbTime();
        }
        if (createsSchema(jdbc.getInitializeSchema(), dataSource)) {
            builder.createSchemaIfMissing();
        }
        return builder.build();
    }

    static boolean createsSchema(FreshnessProperties.InitializeSchema mode, DataSource dataSource) {
        return switch (mode) {
            case ALWAYS -> true;
            case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(dataSource);
            case NEVER -> false;
        };
    }
}
