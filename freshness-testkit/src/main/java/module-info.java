/**
 * The contract suite every {@link dev.freshness.spi.FreshnessStore} must pass: extend
 * {@link dev.freshness.testkit.FreshnessStoreContract} in your store's tests. And
 * {@link dev.freshness.testkit.CountingStore}, which counts the calls made to any store and can make them fail.
 */
module dev.freshness.testkit {
    requires transitive dev.freshness.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.assertj.core;

    exports dev.freshness.testkit;
    opens dev.freshness.testkit to org.junit.platform.commons;
}
