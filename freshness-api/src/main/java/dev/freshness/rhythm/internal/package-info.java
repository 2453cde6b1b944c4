/** How refresh rhythms are computed from run history. Not for use outside the API module: it may change in any release. */
package dev.freshness.rhythm.internal;
