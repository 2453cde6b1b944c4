/** Implementation details of the API module. Not for use outside it: these may change in any release. */
package dev.freshness.internal;
