package dev.freshness.examples.boot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work the jobs do, simulated: three tenants, one of which (by default globex) has a Meta API that rejects
 * its token, and one (initech) with ad classification switched off. A real application calls its own services
 * here; the jobs would look the same.
 */
@Component
public class ControlPlane {

    private final List<String> tenants;
    private final String brokenMetaApi;
    private final Map<String, String> productTenants = Map.of("p-100", "acme", "p-200", "globex");
    private final Map<String, AtomicInteger> approvalQueue = new ConcurrentHashMap<>();

    /** The tenants and the tenant whose Meta API fails, from {@code example.*}. */
    public ControlPlane(@Value("${example.tenants:acme,globex,initech}") List<String> tenants,
                        @Value("${example.broken-meta-api:globex}") String brokenMetaApi) {
        this.tenants = List.copyOf(tenants);
        this.brokenMetaApi = brokenMetaApi;
        tenants.forEach(tenant -> approvalQueue.put(tenant, new AtomicInteger(2)));
    }

    /** Every tenant id. */
    public List<String> tenants() {
        return tenants;
    }

    /** The products whose ads are created, including one of a deleted brand (no tenant). */
    public List<String> products() {
        return List.of("p-100", "p-200", "p-999");
    }

    /** Whether the tenant has ad classification switched on. */
    public boolean classifiesAds(String tenant) {
        return !tenant.equals("initech");
    }

    /** Syncs the tenant's campaigns, insights, thumbnails and assets; the insights synced. */
    public long syncMeta(String tenant) throws MetaApiException {
        if (tenant.equals(brokenMetaApi)) {
            throw new MetaApiException("Meta API rejected the access token of " + tenant + " (code 190)");
        }
        return 120;
    }

    /** The tenant of a product, empty when its brand was deleted. */
    public Optional<String> tenantOfProduct(String productId) {
        return Optional.ofNullable(productTenants.get(productId));
    }

    /** Creates the ads of a product. */
    public List<String> createAds(String productId) {
        return List.of(productId + "-ad-1", productId + "-ad-2");
    }

    /** The ads analysed by the tenant's scorecard. */
    public int buildScorecard(String tenant) {
        return 40;
    }

    /** Scrapes the tenant's templates, asynchronously; the new templates. */
    public CompletableFuture<Integer> scrapeTemplates(String tenant) {
        return CompletableFuture.completedFuture(7);
    }

    /** Approves the queued templates of every tenant. */
    public Approvals approveQueue() {
        Map<String, Integer> approved = new java.util.TreeMap<>();
        approvalQueue.forEach((tenant, queued) -> approved.put(tenant, queued.getAndSet(0)));
        return new Approvals(approved, approved.values().stream().mapToInt(Integer::intValue).sum());
    }

    /**
     * The templates one approval run approved, per tenant and in all.
     *
     * @param perTenant the count of each tenant
     * @param total     the count of every tenant together
     */
    public record Approvals(Map<String, Integer> perTenant, int total) {
    }

    /** Reanalyses the congruence of one tenant or, with none, of every tenant; the pages analysed. */
    public int reanalyseCongruence(String targetTenant) {
        return targetTenant == null ? 30 * tenants.size() : 30;
    }

    /** Classifies the tenant's ads; the ads classified. */
    public int classifyAds(String tenant) {
        return 25;
    }

    /** Downloads the tenant's videos and images; how many. */
    public int downloadAssets(String tenant) {
        return 12;
    }

    /** A failure of the Meta API, as the real client throws it. */
    public static class MetaApiException extends Exception {
        private static final long serialVersionUID = 1L;

        /** A failure saying {@code message}. */
        public MetaApiException(String message) {
            super(message);
        }
    }
}
