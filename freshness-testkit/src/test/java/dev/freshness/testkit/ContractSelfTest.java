package dev.freshness.testkit;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Tests the contract itself: a naive store built on the reference model passes all of it, and stores with one
 * classic bug each fail the part that covers that bug.
 */
class ContractSelfTest {

    @Test
    void aStoreBuiltOnTheReferenceModelPassesEveryPart() {
        Outcome outcome = run(StoreRuns.Reference.class);

        assertThat(outcome.failedParts).isEmpty();
        assertThat(outcome.succeeded.get()).isEqualTo(75);
    }

    @Test
    void aStoreThatOverwritesInsteadOfMergingFailsTheMergeRules() {
        assertThat(run(StoreRuns.Overwriting.class).failedParts)
                .contains("MergeProperty", "StoreOperations", "Concurrency");
    }

    @Test
    void aStoreWhoseBatchKeepsOneEventPerPairFailsTheBatchPart() {
        assertThat(run(StoreRuns.BatchKeepsOneEventPerPair.class).failedParts).containsExactly("Batch");
    }

    @Test
    void aStoreThatIgnoresLetterCaseInTenantIdsFailsIsolation() {
        assertThat(run(StoreRuns.CaseInsensitiveTenants.class).failedParts).contains("TenantIsolation");
    }

    @Test
    void aStoreThatPagesInTheDatabasesNaturalOrderFailsTheCrossScopeRead() {
        assertThat(run(StoreRuns.CaseInsensitivePageOrder.class).failedParts).containsExactly("CrossScopeRead");
    }

    @Test
    void aStoreThatCreatesNoEmptyStatusesFailsStatusCreationAndPageAgreement() {
        assertThat(run(StoreRuns.NoStatusCreation.class).failedParts).containsExactlyInAnyOrder("StatusCreation",
                "PageAgreement");
    }

    @Test
    void aStoreThatPrunesTheLatestSuccessFailsPruning() {
        assertThat(run(StoreRuns.PrunesTheLatestSuccess.class).failedParts).containsExactly("HistoryPruning");
    }

    @Test
    void aStoreThatReadsTheOldestHistoryFirstFailsTheRefreshRhythms() {
        assertThat(run(StoreRuns.HistoryOldestFirst.class).failedParts).contains("RefreshRhythms");
    }

    /** Failures name the store's test class, since every store reports under the contract's nested classes. */
    @Test
    void aFailureNamesTheStoresTestClass() {
        Outcome outcome = run(StoreRuns.PrunesTheLatestSuccess.class);

        assertThat(outcome.firstFailureMessage).startsWith("[" + StoreRuns.PrunesTheLatestSuccess.class.getName() + "] ");
    }

    private static Outcome run(Class<? extends FreshnessStoreContract> storeTest) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(storeTest)).build();
        Outcome outcome = new Outcome();
        LauncherFactory.create().execute(request, outcome);
        return outcome;
    }

    /** Which nested parts of the contract failed, and how many tests passed. */
    private static final class Outcome implements TestExecutionListener {
        final Set<String> failedParts = new TreeSet<>();
        final AtomicInteger succeeded = new AtomicInteger();
        String firstFailureMessage;

        @Override
        public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                return;
            }
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                succeeded.incrementAndGet();
                return;
            }
            test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                    .ifPresent(method -> failedParts.add(method.getClassName().substring(method.getClassName().indexOf('$') + 1)));
            if (firstFailureMessage == null) {
                firstFailureMessage = result.getThrowable().map(Throwable::getMessage).orElse("");
            }
        }
    }
}
