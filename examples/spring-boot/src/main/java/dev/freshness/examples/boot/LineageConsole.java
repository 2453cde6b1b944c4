package dev.freshness.examples.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ConsoleTransport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * With the {@code openlineage} profile, an {@link OpenLineageClient} that writes each run event as JSON to the log
 * (the client's console transport, at INFO on {@code io.openlineage.client.transports.ConsoleTransport}); the
 * starter then sends every tracked run through it. An application sending to Marquez or another backend builds its
 * client the client's way instead, for instance {@code Clients.newClient()}, which reads {@code openlineage.yml}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("openlineage")
class LineageConsole {

    /** The client, its own meters in the application's registry; the starter closes its listener, Spring the client. */
    @Bean(destroyMethod = "close")
    OpenLineageClient openLineageClient(MeterRegistry registry) {
        return OpenLineageClient.builder().transport(new ConsoleTransport()).meterRegistry(registry).build();
    }
}
