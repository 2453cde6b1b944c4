package dev.freshness.examples;

import dev.freshness.inmemory.SettableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A fake ad-tech control plane: three tenants (brands), their products and the work the jobs do, with
 * in-memory data. Nothing here knows about Freshness: these are the calls a real application's job handlers
 * make. Work takes simulated time (it moves the clock), and faults can be switched on to make a job fail.
 */
public final class ControlPlane {

    /**
     * A tenant of the control plane.
     *
     * @param id the tenant id, also the Freshness scope
     * @param name what people call it
     * @param classifiesAds whether ad classification is switched on for it
     */
    public record Tenant(String id, String name, boolean classifiesAds) {
    }

    /**
     * A product ads are created for. Its brand is found by a join; a product of a deleted brand has none.
     *
     * @param id the product id
     * @param tenantId the brand owning it, or null when the brand is gone
     */
    public record Product(String id, String tenantId) {
    }

    /**
     * A template waiting for approval, in the one queue that holds the templates of every tenant.
     *
     * @param tenantId the tenant the template belongs to
     * @param templateId the template
     */
    public record QueueItem(String tenantId, String templateId) {
    }

    /**
     * A scorecard of one tenant's ads.
     *
     * @param tenantId whose ads
     * @param adsAnalysed how many ads it covers
     */
    public record Scorecard(String tenantId, long adsAnalysed) {
    }

    private final SettableClock clock;
    private final List<Tenant> tenants = List.of(
            new Tenant("acme", "Acme Outdoor", true),
            new Tenant("globex", "Globex Beauty", true),
            new Tenant("initech", "Initech Coffee", false)); // onboarded without ad classification
    private final List<Product> products = List.of(
            new Product("p-acme-tents", "acme"),
            new Product("p-globex-serum", "globex"),
            new Product("p-initech-beans", "initech"),
            new Product("p-legacy-7", null));
    private final Map<String, String> metaApiFaults = new HashMap<>();
    private final Map<String, CompletableFuture<Integer>> scrapesRunning = new HashMap<>();
    private final List<QueueItem> approvalQueue = new ArrayList<>();
    private int nextTemplate = 1;
    private int calls;

    /** A control plane whose work moves {@code clock} forward by the time it takes. */
    public ControlPlane(SettableClock clock) {
        this.clock = clock;
    }

    /** The tenants, in a stable order. */
    public List<Tenant> tenants() {
        return tenants;
    }

    /** The ids of {@link #tenants()}. */
    public List<String> tenantIds() {
        return tenants.stream().map(Tenant::id).toList();
    }

    /** The tenant {@code tenantId}. */
    public Tenant tenant(String tenantId) {
        return tenants.stream().filter(tenant -> tenant.id().equals(tenantId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tenant " + tenantId));
    }

    /** Every product, the orphan one included. */
    public List<Product> products() {
        return products;
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    /** From now on, every Meta API call for {@code tenantId} fails with {@code message}. */
    public void breakMetaApiFor(String tenantId, String message) {
        metaApiFaults.put(tenantId, message);
    }

    // ---- meta_sync's five steps ---------------------------------------------------------------------------------

    /** Step 1: syncs the tenant's campaigns from the Meta API. */
    public void syncCampaigns(String tenantId) throws MetaApiException {
        work(Duration.ofMinutes(4));
        String fault = metaApiFaults.get(tenantId);
        if (fault != null) {
            throw new MetaApiException(fault);
        }
    }

    /** Step 2: syncs the insights of the tenant's ads; returns how many rows were written. */
    public long syncInsights(String tenantId) throws MetaApiException {
        work(Duration.ofMinutes(6));
        return 100 + amount(tenantId, 80);
    }

    /** Step 3: fetches the thumbnails of new ads. */
    public List<String> fetchThumbnails(String tenantId) {
        work(Duration.ofMinutes(3));
        List<String> thumbnails = new ArrayList<>();
        for (int i = 0; i < 3 + amount(tenantId, 9); i++) {
            thumbnails.add(tenantId + "-thumb-" + i);
        }
        return thumbnails;
    }

    /** Step 4 (and asset_download): downloads new videos of the tenant's ads; returns how many. */
    public int downloadVideos(String tenantId) {
        work(Duration.ofMinutes(5));
        return 2 + amount(tenantId, 6);
    }

    /** Step 4 (and asset_download): downloads new images of the tenant's ads; returns how many. */
    public int downloadImages(String tenantId) {
        work(Duration.ofMinutes(2));
        return 5 + amount(tenantId, 20);
    }

    /** Step 5 (and ad_classification): classifies the tenant's new ads by hook and format; returns how many. */
    public int classifyAds(String tenantId) {
        work(Duration.ofMinutes(7));
        return 10 + amount(tenantId, 40);
    }

    // ---- the other jobs' work -------------------------------------------------------------------------------

    /** The join of a product to its brand: empty for a product whose brand was deleted. */
    public Optional<String> tenantOfProduct(String productId) {
        return products.stream().filter(product -> product.id().equals(productId)).findFirst()
                .map(Product::tenantId);
    }

    /** Generates ads for a product; returns their ids. */
    public List<String> createAds(String productId) {
        work(Duration.ofMinutes(3));
        List<String> ads = new ArrayList<>();
        for (int i = 0; i < 2 + amount(productId, 4); i++) {
            ads.add(productId + "-ad-" + i);
        }
        return ads;
    }

    /** Builds the tenant's scorecard. */
    public Scorecard buildScorecard(String tenantId) {
        work(Duration.ofMinutes(2));
        return new Scorecard(tenantId, 40 + amount(tenantId, 60));
    }

    /**
     * Starts scraping new templates for the tenant, in the background; the future completes with how many
     * were found when {@link #finishScrape(String)} is called (the simulation says when).
     */
    public CompletableFuture<Integer> scrapeTemplates(String tenantId) {
        CompletableFuture<Integer> scrape = new CompletableFuture<>();
        scrapesRunning.put(tenantId, scrape);
        return scrape;
    }

    /** Completes the tenant's running scrape; the templates found join the approval queue. */
    public void finishScrape(String tenantId) {
        int found = 1 + amount(tenantId, 4);
        for (int i = 0; i < found; i++) {
            approvalQueue.add(new QueueItem(tenantId, "tpl-" + nextTemplate++));
        }
        scrapesRunning.remove(tenantId).complete(found);
    }

    /** Takes every template waiting for approval, of every tenant. */
    public List<QueueItem> takeApprovalQueue() {
        List<QueueItem> queue = List.copyOf(approvalQueue);
        approvalQueue.clear();
        return queue;
    }

    /** Approves one template. */
    public void approve(QueueItem item) {
        work(Duration.ofSeconds(30));
    }

    /** Re-runs the landing-page congruence analysis for one tenant, or for all when none is given. */
    public int reanalyseCongruence(Optional<String> targetTenant) {
        work(Duration.ofMinutes(targetTenant.isPresent() ? 8 : 25));
        return targetTenant.map(tenant -> 12 + amount(tenant, 10)).orElse(64);
    }

    // ---- simulated time and made-up amounts ----------------------------------------------------------------

    private void work(Duration duration) {
        clock.advance(duration);
    }

    /** A made-up amount below {@code bound}, different from call to call but the same on every run. */
    private int amount(String seed, int bound) {
        calls++;
        return Math.floorMod((seed.hashCode() * 31 + calls) * 2654435761L, bound);
    }
}
