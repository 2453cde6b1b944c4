package dev.freshness.track.internal;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;
import dev.freshness.track.UndeclaredDatasetPolicy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the wrapper knows of the catalog: which datasets are declared (and what to do about one that is not),
 * and which datasets pages need together with each one.
 */
final class DeclaredDatasets {

    private final Catalog catalog;
    private final UndeclaredDatasetPolicy policy;
    private final Map<DatasetKey, Set<DatasetKey>> companions = new HashMap<>();
    /** The declared keys by their text, so that tracking a declared dataset builds no key of its own. */
    private final Map<String, DatasetKey> declaredKeys = new HashMap<>();
    private final Set<DatasetKey> warned = ConcurrentHashMap.newKeySet();

    DeclaredDatasets(Catalog catalog, UndeclaredDatasetPolicy policy) {
        this.catalog = Checks.notNull(catalog, "catalog");
        this.policy = Checks.notNull(policy, "undeclaredDatasetPolicy");
        for (DatasetDefinition dataset : catalog.datasets()) {
            declaredKeys.put(dataset.key().value(), dataset.key());
        }
        for (PageDefinition page : catalog.pages()) {
            // A report of the page reads its datasets and every dataset they are derived from.
            Set<DatasetKey> read = new LinkedHashSet<>(page.datasets());
            page.datasets().forEach(dataset -> read.addAll(catalog.upstreamOf(dataset)));
            for (DatasetKey dataset : read) {
                Set<DatasetKey> others = companions.computeIfAbsent(dataset, key -> new LinkedHashSet<>());
                read.stream().filter(other -> !other.equals(dataset)).forEach(others::add);
            }
        }
        companions.replaceAll((dataset, others) -> Set.copyOf(others));
    }

    /**
     * The other datasets that some page needs together with {@code dataset}, counting the datasets its datasets
     * are derived from; empty when none.
     */
    Set<DatasetKey> companionsOf(DatasetKey dataset) {
        // Asked on every event: a catalog whose pages need no datasets together answers without a lookup.
        return companions.isEmpty() ? Set.of() : companions.getOrDefault(dataset, Set.of());
    }

    /**
     * The key of {@code dataset}, validated; a key the catalog does not declare is warned about once, or
     * rejected, as the policy says.
     *
     * @throws IllegalArgumentException if the key is malformed, or undeclared under {@link UndeclaredDatasetPolicy#REJECT}
     */
    DatasetKey check(String dataset) {
        // A declared key's text is a valid key: only other text needs checking.
        DatasetKey declaredKey = dataset == null ? null : declaredKeys.get(dataset);
        if (declaredKey != null) {
            return declaredKey;
        }
        DatasetKey key = DatasetKey.of(dataset);
        if (policy == UndeclaredDatasetPolicy.ALLOW || catalog.dataset(key).isPresent()) {
            return key;
        }
        String problem = "dataset " + Checks.quote(key.value()) + " is not declared in the catalog" + closest(key)
                .map(close -> isTypo(key, close) ? " (did you mean " + Checks.quote(close.value()) + "?)"
                        : " (the closest declared key is " + Checks.quote(close.value()) + ")")
                .orElse(" (it declares no dataset)");
        if (policy == UndeclaredDatasetPolicy.REJECT) {
            throw new IllegalArgumentException(problem + "; the undeclared dataset policy is REJECT");
        }
        if (warned.add(key)) {
            Tracking.LOG.warn("Tracking {}: {}. Its runs are recorded, but no page will ever show it: declare it"
                    + " in the catalog, or fix the key.", key, problem);
        }
        return key;
    }

    /** The declared key closest to {@code key} by edit distance, when the catalog declares any. */
    private Optional<DatasetKey> closest(DatasetKey key) {
        DatasetKey best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (DatasetDefinition dataset : catalog.datasets()) {
            int distance = editDistance(key.value(), dataset.key().value());
            if (distance < bestDistance) {
                best = dataset.key();
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Close enough to be a slip of the keyboard: a third of the key's length at most, two edits at least. */
    private static boolean isTypo(DatasetKey key, DatasetKey declared) {
        return editDistance(key.value(), declared.value()) <= Math.max(2, key.value().length() / 3);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
