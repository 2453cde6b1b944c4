/** The reference control plane as a Spring Boot 4 application, tracked with the Freshness starter. */
package dev.freshness.examples.boot;
