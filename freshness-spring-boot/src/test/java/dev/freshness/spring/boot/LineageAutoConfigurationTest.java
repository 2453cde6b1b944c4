package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.openlineage.FreshnessLineage;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.Transport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.freshness.spring.boot.FreshnessAutoConfigurationTest.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition of {@link FreshnessLineageAutoConfiguration}, in application contexts as Spring Boot makes them,
 * with a real {@link OpenLineageClient} whose transport keeps the events it is given.
 */
class LineageAutoConfigurationTest {

    /** No client: the starter and the OpenLineage auto-configuration, with a store of the application's. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class,
                    FreshnessLineageAutoConfiguration.class))
            .withPropertyValues(
                    "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.producers.ad_classification=ad_classifications")
            .withBean("testStore", FreshnessStore.class, InMemoryFreshnessStore::new);

    private final CollectingTransport transport = new CollectingTransport();

    private final ApplicationContextRunner withClient = runner.withBean(OpenLineageClient.class,
            () -> clientOf(transport));

    @Test
    void withoutAClientNothingIsSent() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                .doesNotHaveBean(FreshnessLineage.class));
    }

    @Test
    void withAClientATrackedRunReachesItsTransportAndWhatWaitsIsSentWhenTheContextCloses() {
        AtomicReference<FreshnessLineage> lineage = new AtomicReference<>();
        withClient.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FreshnessLineage.class);
            lineage.set(context.getBean(FreshnessLineage.class));
            context.getBean(DatasetFreshness.class).track(Scope.tenant("acme"), "ad_classifications")
                    .job("ad_classification").run(() -> { });
        });
        assertThat(lineage.get().sentEvents()).as("sent by the time the context is closed").isEqualTo(2);
        assertThat(transport.events).extracting(event -> event.getEventType().name())
                .containsExactly("START", "COMPLETE");
        OpenLineage.RunEvent complete = transport.events.get(1);
        assertThat(complete.getJob().getNamespace()).isEqualTo(FreshnessLineage.DEFAULT_NAMESPACE);
        assertThat(complete.getJob().getName()).isEqualTo("ad_classification");
        assertThat(complete.getOutputs()).singleElement().satisfies(output ->
                assertThat(output.getNamespace()).isEqualTo(FreshnessLineage.DEFAULT_NAMESPACE));
    }

    @Test
    void theNamespacesAreBound() {
        withClient.withPropertyValues("freshness.openlineage.job-namespace=control-plane",
                "freshness.openlineage.dataset-namespace=warehouse", "freshness.openlineage.queue-capacity=5")
                .run(context -> context.getBean(DatasetFreshness.class).track(Scope.global(), "ad_classifications")
                        .run(() -> { }));
        assertThat(transport.events).hasSize(2).allSatisfy(event ->
                assertThat(event.getJob().getNamespace()).isEqualTo("control-plane"));
        assertThat(transport.events.get(1).getOutputs()).singleElement().satisfies(output ->
                assertThat(output.getNamespace()).isEqualTo("warehouse"));
    }

    @Test
    void theQueueCapacityIsBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CollectingTransport stuck = new CollectingTransport() {
            @Override
            public void emit(OpenLineage.RunEvent runEvent) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.emit(runEvent);
            }
        };
        AtomicReference<FreshnessLineage> lineage = new AtomicReference<>();
        try (CapturedLog log = CapturedLog.of("dev.freshness.openlineage")) {
            runner.withBean(OpenLineageClient.class, () -> clientOf(stuck))
                    .withPropertyValues("freshness.openlineage.queue-capacity=1").run(context -> {
                        lineage.set(context.getBean(FreshnessLineage.class));
                        for (String tenant : List.of("acme", "globex", "initech")) {
                            context.getBean(DatasetFreshness.class).track(Scope.tenant(tenant), "ad_classifications")
                                    .run(() -> { });
                        }
                        // Six events: the first one the sender holds, one waits in the queue, the rest find it full.
                        assertThat(lineage.get().droppedEvents()).isGreaterThanOrEqualTo(4);
                        release.countDown();
                    });
            assertThat(log.messages(Level.WARN)).isNotEmpty().allMatch(message -> message.contains("dropped"));
        }
    }

    @Test
    void theDefaultsAreTheModulesOwn() {
        FreshnessProperties.OpenLineage lineage = new FreshnessProperties().getOpenlineage();
        assertThat(lineage.isEnabled()).isTrue();
        assertThat(lineage.getJobNamespace()).isEqualTo(FreshnessLineage.DEFAULT_NAMESPACE);
        assertThat(lineage.getDatasetNamespace()).isEqualTo(FreshnessLineage.DEFAULT_NAMESPACE);
        assertThat(lineage.getQueueCapacity()).isEqualTo(FreshnessLineage.DEFAULT_QUEUE_CAPACITY);
    }

    @Test
    void aBadValueFailsTheStartNamingTheProperty() {
        withClient.withPropertyValues("freshness.openlineage.queue-capacity=0").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.openlineage.queue-capacity"));
        withClient.withPropertyValues("freshness.openlineage.job-namespace= ").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.openlineage.job-namespace"));
        withClient.withPropertyValues("freshness.openlineage.dataset-namespace=").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.openlineage.dataset-namespace"));
        withClient.withPropertyValues("freshness.openlineage.queue-capacity=many").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.openlineage.queue-capacity"));
        withClient.withPropertyValues("freshness.openlineage.namespace=x").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.openlineage.namespace"));
    }

    @Test
    void isLeftOutWithoutTheModule() {
        withClient.withClassLoader(new FilteredClassLoader(FreshnessLineage.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                        .doesNotHaveBean(FreshnessLineage.class));
    }

    @Test
    void theApplicationsOwnListenerWins() {
        CollectingTransport own = new CollectingTransport();
        withClient.withBean("myLineage", FreshnessLineage.class,
                        () -> FreshnessLineage.builder(clientOf(own)).withJobNamespace("mine").build())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(FreshnessLineage.class);
                    assertThat(context).getBean(FreshnessLineage.class).isSameAs(context.getBean("myLineage"));
                    context.getBean(DatasetFreshness.class).track(Scope.global(), "ad_classifications").run(() -> { });
                });
        assertThat(transport.events).isEmpty();
        assertThat(own.events).hasSize(2).allSatisfy(event -> assertThat(event.getJob().getNamespace()).isEqualTo("mine"));
    }

    @Test
    void canBeTurnedOff() {
        withClient.withPropertyValues("freshness.openlineage.enabled=false").run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                        .doesNotHaveBean(FreshnessLineage.class));
        withClient.withPropertyValues("freshness.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(FreshnessLineage.class));
    }

    /** A client on {@code transport}, with a registry of its own for its meters (not Micrometer's global one). */
    static OpenLineageClient clientOf(Transport transport) {
        return OpenLineageClient.builder().transport(transport).meterRegistry(new SimpleMeterRegistry()).build();
    }

    /** A transport of the client's own kind that keeps the run events it is given. */
    static class CollectingTransport extends Transport {
        final List<OpenLineage.RunEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void emit(OpenLineage.RunEvent runEvent) {
            events.add(runEvent);
        }

        @Override
        public void emit(OpenLineage.DatasetEvent datasetEvent) {
            throw new UnsupportedOperationException("only run events are expected");
        }

        @Override
        public void emit(OpenLineage.JobEvent jobEvent) {
            throw new UnsupportedOperationException("only run events are expected");
        }

        @Override
        public void close() {
        }
    }
}
