/** How the status page reads the store and writes HTML, SVG and JSON; not part of the API. */
package dev.freshness.statuspage.internal;
