package dev.freshness.spring;

import dev.freshness.DatasetFreshness;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A context with a bad annotation, or without what tracking needs, fails to start and says why. */
class StartupTest {

    @Configuration
    @EnableFreshnessTracking
    static class Freshness {
        static final RecordedEvents EVENTS = new RecordedEvents();

        @Bean(destroyMethod = "close")
        DatasetFreshness freshness() {
            return EVENTS.freshness();
        }
    }

    public static class BadScope {
        @RefreshesDataset(value = "scorecard", scope = "#tenant +")
        public void refresh(String tenant) {
        }
    }

    public static class BadRecords {
        @RefreshesDataset(value = "scorecard", records = "#result.size(")
        public java.util.List<String> refresh() {
            return java.util.List.of();
        }
    }

    public static class UndeclaredDataset {
        @RefreshesDataset("no_such_dataset")
        public void refresh() {
        }
    }

    public static class BadJobName {
        @RefreshesDataset(value = "scorecard", job = "meta sync")
        public void refresh() {
        }
    }

    public static class NoDataset {
        @RefreshesDataset(scope = "#tenant")
        public void refresh(String tenant) {
        }
    }

    public static class FinalMethod {
        @RefreshesDataset("scorecard")
        public final void refresh() {
        }
    }

    public static class OtherFuture {
        @RefreshesDataset("scorecard")
        public MyFuture refresh() {
            return new MyFuture();
        }
    }

    /** A stage type of its own, which a CompletableFuture cannot stand in for. */
    public static class MyFuture extends CompletableFuture<String> {
    }

    public static class PlainFuture {
        @RefreshesDataset("scorecard")
        public Future<String> refresh() {
            return CompletableFuture.completedFuture("done");
        }
    }

    @Test
    void aScopeThatDoesNotParseNamesTheMethodAndTheExpression() {
        assertThat(startupFailure(BadScope.class)).contains("@RefreshesDataset on BadScope.refresh(String)",
                "the scope expression \"#tenant +\" does not parse");
    }

    @Test
    void aRecordsExpressionThatDoesNotParseNamesTheMethodAndTheExpression() {
        assertThat(startupFailure(BadRecords.class)).contains("@RefreshesDataset on BadRecords.refresh()",
                "the records expression \"#result.size(\" does not parse");
    }

    @Test
    void aDatasetTheStrictCatalogDoesNotDeclareFailsTheStart() {
        assertThat(startupFailure(UndeclaredDataset.class)).contains("@RefreshesDataset on UndeclaredDataset.refresh()",
                "no_such_dataset");
    }

    @Test
    void anInvalidJobNameFailsTheStart() {
        assertThat(startupFailure(BadJobName.class)).contains("@RefreshesDataset on BadJobName.refresh()", "meta sync");
    }

    @Test
    void noDatasetFailsTheStart() {
        assertThat(startupFailure(NoDataset.class)).contains("@RefreshesDataset on NoDataset.refresh(String)",
                "no dataset named");
    }

    @Test
    void aMethodNoProxyCanOverrideFailsTheStart() {
        assertThat(startupFailure(FinalMethod.class)).contains("@RefreshesDataset on FinalMethod.refresh()",
                "the method is final");
    }

    @Test
    void aStageOfItsOwnTypeFailsTheStart() {
        assertThat(startupFailure(OtherFuture.class)).contains("@RefreshesDataset on OtherFuture.refresh()",
                "declare CompletionStage or CompletableFuture");
    }

    @Test
    void aPlainFutureIsTrackedWhenTheMethodReturns() throws Exception {
        try (var context = new AnnotationConfigApplicationContext(Freshness.class, PlainFuture.class)) {
            assertThat(context.getBean(PlainFuture.class).refresh().get()).isEqualTo("done");
            assertThat(Freshness.EVENTS.take()).containsExactly("* scorecard run1 STARTED job=null",
                    "* scorecard run1 SUCCEEDED records=0");
        }
    }

    @Configuration
    @EnableFreshnessTracking
    @Import(UndeclaredDataset.class)
    static class NoFreshnessBean {
    }

    @Test
    void withoutADatasetFreshnessBeanTheStartFailsSayingSo() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(NoFreshnessBean.class).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("@EnableFreshnessTracking needs a DatasetFreshness bean");
    }

    private static String startupFailure(Class<?> bean) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> new AnnotationConfigApplicationContext(Freshness.class, bean).close());
        assertThat(failure).as("the context must not start").isNotNull();
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof IllegalStateException)) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(IllegalStateException.class);
        return root.getMessage();
    }
}
