/** The asynchronous, bounded and fail-open sending of events; not exported, free to change. */
package dev.freshness.openlineage.internal;
