package dev.freshness.spring.boot;

import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.FreshnessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;

/** Without a store of the application's or on its database: one in memory, which keeps nothing, with a warning. */
@Configuration(proxyBeanMethods = false)
class InMemoryStoreConfiguration {

    // The auto-configuration's logger: the one a user looks for (and may silence).
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(FreshnessStore.class)
    InMemoryFreshnessStore inMemoryFreshnessStore(ListableBeanFactory beans) {
        LOG.warn("Freshness keeps its records in memory, so nothing is kept across restarts or shared between "
                + "instances: {}. Define a DataSource bean (or a FreshnessStore bean) to keep them.", why(beans));
        return new InMemoryFreshnessStore();
    }

    private static String why(ListableBeanFactory beans) {
        ClassLoader loader = beans instanceof ConfigurableBeanFactory configurable
                ? configurable.getBeanClassLoader() : InMemoryStoreConfiguration.class.getClassLoader();
        if (!ClassUtils.isPresent("dev.freshness.jdbc.JdbcFreshnessStore", loader)) {
            return "freshness-jdbc is not on the class path (add dev.freshness:freshness-spring-boot-starter)";
        }
        if (!ClassUtils.isPresent("org.springframework.boot.jdbc.EmbeddedDatabaseConnection", loader)) {
            return "spring-boot-jdbc is not on the class path (add spring-boot-starter-jdbc)";
        }
        int dataSources = beans.getBeanNamesForType(DataSource.class, false, false).length;
        return dataSources == 0 ? "the application has no DataSource bean"
                : "the application has " + dataSources + " DataSource beans and none of them is primary";
    }
}
