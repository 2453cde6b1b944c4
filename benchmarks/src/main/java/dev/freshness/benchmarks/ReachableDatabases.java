package dev.freshness.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the databases that answer, comma-separated, for JMH's {@code -p database=...}: the quick mode runs on
 * those. A server that does not answer is named on standard error and left out, unless {@code CI=true}: then
 * the benchmarks must run on every database, and this exits with 1.
 */
public final class ReachableDatabases {

    private ReachableDatabases() {
    }

    /**
     * Probes every {@link BenchDatabase}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        List<String> reachable = new ArrayList<>();
        boolean missing = false;
        for (BenchDatabase database : BenchDatabase.values()) {
            if (database.isReachable()) {
                reachable.add(database.name());
            } else {
                missing = true;
                System.err.println((ci ? "" : "Skipping: ") + database.unreachableMessage());
            }
        }
        if (missing && ci) {
            System.err.println("CI=true: the benchmarks must run on every database, not skip");
            System.exit(1);
        }
        System.out.println(String.join(",", reachable));
    }
}
