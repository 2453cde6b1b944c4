package dev.freshness.spring.boot;

import dev.freshness.catalog.Catalog;
import dev.freshness.monitor.FreshnessMonitor;
import dev.freshness.monitor.LogNotifier;
import dev.freshness.monitor.MonitorState;
import dev.freshness.monitor.Notifier;
import dev.freshness.monitor.SlackNotifier;
import dev.freshness.monitor.WebhookNotifier;
import dev.freshness.spi.FreshnessStore;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import static dev.freshness.spring.boot.FreshnessAutoConfiguration.property;

/**
 * The monitor of {@code freshness-monitor}, when {@code freshness.monitor.enabled=true}: a {@link FreshnessMonitor}
 * on the application's store and catalog, its state in the database of the application's one {@code DataSource}
 * ({@code JdbcMonitorState}, with {@code freshness-jdbc}; the tables made as {@code freshness.jdbc.initialize-schema}
 * says) or in memory otherwise, its channels from {@code freshness.monitor.*} plus every {@link Notifier} bean
 * (named by its bean name), run on a single thread of its own from the context's start until it closes. Every bean
 * of the application's own wins: the monitor, its state.
 */
@AutoConfiguration(after = FreshnessAutoConfiguration.class)
@ConditionalOnClass(FreshnessMonitor.class)
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".monitor.enabled", havingValue = "true")
@EnableConfigurationProperties(FreshnessProperties.class)
// In this order: the in-memory state is the fallback when the JDBC one is not made.
@Import({MonitorJdbcStateConfiguration.class, MonitorInMemoryStateConfiguration.class})
// The bean methods carry the optional module's types; users never call them.
@SuppressWarnings("exports")
public class FreshnessMonitorAutoConfiguration {

    /** The name of the channel of {@code freshness.monitor.log.enabled}. */
    public static final String LOG_CHANNEL = "log";

    /** The name of the channel of {@code freshness.monitor.webhook.url}. */
    public static final String WEBHOOK_CHANNEL = "webhook";

    /** The name of the channel of {@code freshness.monitor.slack.url}. */
    public static final String SLACK_CHANNEL = "slack";

    private static final String PREFIX = FreshnessProperties.PREFIX + ".monitor.";

    /** Creates the auto-configuration; Spring Boot does. */
    public FreshnessMonitorAutoConfiguration() {
    }

    /** The monitor, unless the application has one. */
    @Bean
    @ConditionalOnMissingBean
    FreshnessMonitor freshnessMonitor(FreshnessStore store, Catalog catalog, MonitorState state,
                                      FreshnessProperties properties, ObjectProvider<Clock> clock,
                                      ListableBeanFactory beans) {
        FreshnessProperties.Monitor monitor = properties.getMonitor();
        FreshnessMonitor.Builder builder = FreshnessMonitor.using(store, catalog, state)
                .withClock(clock.getIfUnique(Clock::systemUTC));
        property("monitor.interval", monitor.getInterval(), () -> builder.withInterval(monitor.getInterval()));
        property("monitor.delivery-interval", monitor.getDeliveryInterval(),
                () -> builder.withDeliveryInterval(monitor.getDeliveryInterval()));
        property("monitor.digest-threshold", monitor.getDigestThreshold(),
                () -> builder.withDigestThreshold(monitor.getDigestThreshold()));
        property("monitor.max-retry", monitor.getMaxRetry(),
                () -> builder.withRetryBackoff(monitor.getFirstRetry(), monitor.getMaxRetry()));
        if (monitor.getLeadTime() != null) {
            property("monitor.lead-time", monitor.getLeadTime(), () -> builder.withLeadTime(monitor.getLeadTime()));
        }
        if (monitor.getLog().isEnabled()) {
            builder.withChannel(LOG_CHANNEL, new LogNotifier());
        }
        String webhookUrl = monitor.getWebhook().getUrl();
        if (webhookUrl != null && !webhookUrl.isBlank()) {
            WebhookNotifier.Builder webhook = WebhookNotifier.to(url("webhook.url", webhookUrl));
            String secret = monitor.getWebhook().getSecret();
            if (secret != null) {
                try {
                    webhook.withSecret(secret);
                } catch (IllegalArgumentException empty) {
                    throw new InvalidConfigurationPropertyValueException(PREFIX + "webhook.secret", "",
                            "the secret must not be empty; leave the property out for unsigned posts");
                }
            }
            builder.withChannel(WEBHOOK_CHANNEL, webhook.build());
        }
        String slackUrl = monitor.getSlack().getUrl();
        if (slackUrl != null && !slackUrl.isBlank()) {
            builder.withChannel(SLACK_CHANNEL, SlackNotifier.to(url("slack.url", slackUrl)));
        }
        for (Map.Entry<String, Notifier> notifier : beans.getBeansOfType(Notifier.class).entrySet()) {
            try {
                builder.withChannel(notifier.getKey(), notifier.getValue());
            } catch (IllegalArgumentException badName) {
                throw new IllegalStateException("The Notifier bean '" + notifier.getKey() + "' cannot be a channel of the"
                        + " Freshness monitor, which names each channel by its bean's name: " + badName.getMessage(), badName);
            }
        }
        try {
            return builder.build();
        } catch (IllegalStateException noChannel) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "log.enabled", false,
                    "the monitor has no channel: keep the log channel, set " + PREFIX + "webhook.url or " + PREFIX
                            + "slack.url, or define a Notifier bean");
        }
    }

    /** Runs {@code monitor} on a thread of its own from the context's start until it closes. */
    @Bean
    @ConditionalOnMissingBean
    FreshnessMonitorSchedule freshnessMonitorSchedule(FreshnessMonitor monitor) {
        return new FreshnessMonitorSchedule(monitor);
    }

    /**
     * A webhook URL as a URI; a bad one is refused without showing it, as the rest of the URL past its host may be
     * its secret.
     */
    private static URI url(String name, String value) {
        try {
            URI url = URI.create(value.strip());
            WebhookNotifier.to(url);
            return url;
        } catch (IllegalArgumentException bad) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, "(not shown)",
                    "it must be an absolute http or https URL with a host");
        }
    }
}
