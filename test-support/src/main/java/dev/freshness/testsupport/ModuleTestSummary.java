package dev.freshness.testsupport;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line per module when its tests end: the module, how many tests passed, failed and were skipped,
 * and how long they took.
 *
 * <p>The build turns off Surefire's line per test class and its banner so that a passing {@code ./mvnw verify}
 * stays short; this line keeps each module's totals in sight. Failures are still printed whole by Surefire. The
 * listener is registered with the JUnit Platform through {@code META-INF/services}, so every module whose tests
 * have this module on their class path prints it; the module's name comes from the system property
 * {@value #MODULE_PROPERTY}, which the build sets. A plan that runs inside another one (a test launching tests)
 * prints nothing: its tests are not the module's.
 */
public final class ModuleTestSummary implements TestExecutionListener {

    /** The system property naming the module under test. */
    public static final String MODULE_PROPERTY = "freshness.module";

    /** Plans running now in this JVM: a test that launches tests of its own (the testkit's self-test) nests one. */
    private static final AtomicInteger RUNNING_PLANS = new AtomicInteger();

    private final PrintStream out;
    private final AtomicInteger runningPlans;
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private long startedAtNanos;

    /** Prints to standard output, which Surefire copies to the build's output. */
    public ModuleTestSummary() {
        this(System.out, RUNNING_PLANS);
    }

    ModuleTestSummary(PrintStream out, AtomicInteger runningPlans) {
        this.out = out;
        this.runningPlans = runningPlans;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        runningPlans.incrementAndGet();
        startedAtNanos = System.nanoTime();
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        if (testIdentifier.isTest()) {
            skipped.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        if (!testIdentifier.isTest()) {
            return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            passed.incrementAndGet();
        } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            // An assumption that failed: a test whose server or browser is missing skips.
            skipped.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        boolean nested = runningPlans.decrementAndGet() > 0;
        if (nested || passed.get() + failed.get() + skipped.get() == 0) {
            return;
        }
        double seconds = (System.nanoTime() - startedAtNanos) / 1e9;
        out.println(String.format(Locale.ROOT, "[tests] %s: %d passed, %d failed, %d skipped (%.1f s)",
                System.getProperty(MODULE_PROPERTY, "tests"), passed.get(), failed.get(), skipped.get(), seconds));
    }
}
