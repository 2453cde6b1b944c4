package dev.freshness.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class ModuleTestSummaryTest {

    @Test
    void printsOneLineWithTheModuleAndItsTotals() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ModuleTestSummary summary = new ModuleTestSummary(new PrintStream(printed, true, StandardCharsets.UTF_8),
                new AtomicInteger());
        String before = System.setProperty(ModuleTestSummary.MODULE_PROPERTY, "freshness-sample");
        try {
            LauncherFactory.create(LauncherConfig.builder()
                            .enableTestExecutionListenerAutoRegistration(false)
                            .addTestExecutionListeners(summary)
                            .build())
                    .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build());
        } finally {
            if (before == null) {
                System.clearProperty(ModuleTestSummary.MODULE_PROPERTY);
            } else {
                System.setProperty(ModuleTestSummary.MODULE_PROPERTY, before);
            }
        }

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .matches("\\[tests] freshness-sample: 2 passed, 1 failed, 2 skipped \\(\\d+\\.\\d s\\)\\R");
    }

    @Test
    void printsNothingForAPlanRunInsideAnother() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicInteger outerPlanRunning = new AtomicInteger(1);
        ModuleTestSummary summary = new ModuleTestSummary(new PrintStream(printed, true, StandardCharsets.UTF_8),
                outerPlanRunning);

        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false)
                        .addTestExecutionListeners(summary)
                        .build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build());

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(outerPlanRunning).hasValue(1);
    }

    /** Run only by the launcher above: Surefire leaves nested classes out. */
    static class Sample {
        @Test
        void passes() {}

        @Test
        void passesToo() {}

        @Test
        void fails() {
            fail("expected by ModuleTestSummaryTest");
        }

        @Test
        void isAborted() {
            Assumptions.abort("counted as skipped, as a test whose server or browser is missing");
        }

        @Test
        @Disabled("counted as skipped")
        void isSkipped() {}
    }
}
