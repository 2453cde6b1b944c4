/** How the tracked-job wrapper works inside. Not for use outside the API module: it may change in any release. */
package dev.freshness.track.internal;
