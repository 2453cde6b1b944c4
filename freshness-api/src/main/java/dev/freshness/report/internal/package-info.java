/** How reports and cross-scope checks read the store. Not for use outside the API module: it may change in any release. */
package dev.freshness.report.internal;
