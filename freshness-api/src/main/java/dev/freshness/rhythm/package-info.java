/**
 * What limit to set: how often each dataset is refreshed, read from run history, with a suggested maximum age,
 * and the requirements that are tighter than the rhythm their dataset keeps. Start at
 * {@link dev.freshness.rhythm.RefreshRhythms}.
 */
package dev.freshness.rhythm;
