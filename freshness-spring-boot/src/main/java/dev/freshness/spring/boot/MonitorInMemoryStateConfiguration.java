package dev.freshness.spring.boot;

import dev.freshness.monitor.InMemoryMonitorState;
import dev.freshness.monitor.MonitorState;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The monitor's state in memory, for the monitors of this JVM only, when there is no database to keep it in. */
@Configuration(proxyBeanMethods = false)
class MonitorInMemoryStateConfiguration {

    @Bean
    @ConditionalOnMissingBean(MonitorState.class)
    InMemoryMonitorState freshnessMonitorState() {
        return new InMemoryMonitorState();
    }
}
