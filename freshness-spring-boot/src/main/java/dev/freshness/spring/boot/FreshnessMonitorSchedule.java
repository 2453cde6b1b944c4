package dev.freshness.spring.boot;

import dev.freshness.monitor.FreshnessMonitor;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The auto-configured monitor's runs: {@link FreshnessMonitor#start} on a single daemon thread of its own, from the
 * context's start until it stops or closes, when the runs are cancelled and the thread shut down. A run under way
 * then is given up to {@link #STOP_TIMEOUT} to finish, while the database and the channels are still there, and is
 * interrupted after that.
 */
// Its one public accessor carries the optional module's type.
@SuppressWarnings("exports")
public final class FreshnessMonitorSchedule implements SmartLifecycle {

    /** The name of the monitor's thread. */
    public static final String THREAD_NAME = "freshness-monitor";

    /** How long stopping waits for a run under way: a webhook's own default timeout. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final FreshnessMonitor monitor;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> runs;

    FreshnessMonitorSchedule(FreshnessMonitor monitor) {
        this.monitor = monitor;
    }

    /** Starts the runs; the context does. */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        runs = monitor.start(scheduler);
    }

    /** Cancels the runs and shuts the thread down; the context does when it stops or closes. */
    @Override
    public synchronized void stop() {
        if (runs != null) {
            runs.cancel(false);
        }
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException interrupted) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the runs are scheduled. */
    @Override
    public synchronized boolean isRunning() {
        return runs != null && !runs.isDone() && !scheduler.isShutdown();
    }

    /** Whether the thread has been shut down (after {@link #stop()}). */
    public synchronized boolean isShutDown() {
        return scheduler != null && scheduler.isShutdown() && runs.isCancelled();
    }

    /** The monitor these runs run. */
    public FreshnessMonitor monitor() {
        return monitor;
    }
}
