/** Due instants from cron-utils, the daylight-saving rule and descriptions; not exported, free to change. */
package dev.freshness.cron.internal;
