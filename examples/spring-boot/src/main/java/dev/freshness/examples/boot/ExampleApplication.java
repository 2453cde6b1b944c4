package dev.freshness.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reference control plane (docs/reference-system.md) as a Spring Boot application: eight jobs, each a
 * {@code @Scheduled} method, tracked with {@code @RefreshesDataset} ({@link ReferenceJobs}); the catalog in
 * {@code application.yml}; the freshness of every page in {@code /actuator/health} and {@code /actuator/freshness}.
 * Nothing else is configured: the starter does the rest.
 */
@SpringBootApplication
public class ExampleApplication {

    /** Starts the application (on H2 in memory; the {@code postgresql} profile for the local PostgreSQL server). */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
