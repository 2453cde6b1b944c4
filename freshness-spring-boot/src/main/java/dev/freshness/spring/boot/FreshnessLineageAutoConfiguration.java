package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.openlineage.FreshnessLineage;
import io.openlineage.client.OpenLineageClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

import static dev.freshness.spring.boot.FreshnessAutoConfiguration.property;

/**
 * The run events of {@code freshness-openlineage}, when it is present and the application has an
 * {@link OpenLineageClient} bean (configured the client's way: its transport, HTTP to Marquez, console, file or
 * Kafka, is the application's choice): a {@link FreshnessLineage} sending through that client, a tracking listener
 * of the {@link DatasetFreshness} the starter builds, closed with the context (which sends what still waits; the
 * client stays the application's to close). The application's own {@code FreshnessLineage} wins;
 * {@code freshness.openlineage.enabled=false} leaves it out.
 */
@AutoConfiguration(after = FreshnessAutoConfiguration.class)
@ConditionalOnClass({FreshnessLineage.class, OpenLineageClient.class})
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".openlineage.enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(FreshnessProperties.class)
// The bean methods carry the optional module's types; users never call them.
@SuppressWarnings("exports")
public class FreshnessLineageAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public FreshnessLineageAutoConfiguration() {
    }

    /** The listener sending through the application's client, unless the application has its own. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean(OpenLineageClient.class)
    @ConditionalOnMissingBean
    FreshnessLineage freshnessLineage(OpenLineageClient client, FreshnessProperties properties,
                                      ObjectProvider<Clock> clock) {
        FreshnessProperties.OpenLineage lineage = properties.getOpenlineage();
        FreshnessLineage.Builder builder = FreshnessLineage.builder(client).withClock(clock.getIfUnique(Clock::systemUTC));
        property("openlineage.job-namespace", lineage.getJobNamespace(),
                () -> builder.withJobNamespace(lineage.getJobNamespace()));
        property("openlineage.dataset-namespace", lineage.getDatasetNamespace(),
                () -> builder.withDatasetNamespace(lineage.getDatasetNamespace()));
        property("openlineage.queue-capacity", lineage.getQueueCapacity(),
                () -> builder.withQueueCapacity(lineage.getQueueCapacity()));
        return builder.build();
    }
}
