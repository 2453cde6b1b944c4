/**
 * Schedules for scheduled requirements: {@link dev.freshness.cron.CronSchedule} (a cron expression in a time
 * zone, with a grace period and {@link dev.freshness.cron.Holidays}).
 */
package dev.freshness.cron;
