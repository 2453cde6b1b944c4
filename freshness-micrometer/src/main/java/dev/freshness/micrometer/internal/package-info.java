/** The gauges' cached reads of the store and the tenant tag's cap; not exported, free to change. */
package dev.freshness.micrometer.internal;
