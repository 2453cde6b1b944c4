package dev.freshness.micrometer.internal;

import dev.freshness.core.Scope;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The value of the tenant tag: the tenant id of the first {@code limit} tenants seen, then one shared value for
 * all others, so that 100,000 tenants make at most {@code limit + 2} series per meter.
 */
public final class TenantTags {

    /** The tag value of the global scope; a tenant id cannot be {@code global} in any letter case. */
    public static final String GLOBAL = "global";
    /** The tag value of the tenants beyond the cap; a tenant id cannot start with {@code *}. */
    public static final String OTHER = "*other";

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /** Keeps the ids of at most {@code limit} tenants. */
    public TenantTags(int limit) {
        this.limit = limit;
    }

    /** The tag value for {@code scope}. */
    public String valueOf(Scope scope) {
        if (scope.isGlobal()) {
            return GLOBAL;
        }
        String tenant = scope.key();
        if (admitted.contains(tenant)) {
            return tenant;
        }
        synchronized (this) {
            if (admitted.size() < limit) {
                admitted.add(tenant);
                return tenant;
            }
        }
        return admitted.contains(tenant) ? tenant : OTHER;
    }
}
