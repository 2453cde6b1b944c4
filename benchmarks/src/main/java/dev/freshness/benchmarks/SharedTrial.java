package dev.freshness.benchmarks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the JMH states of one trial share (the trial's database and its pools, a {@code DatasetFreshness}), closed
 * by the <em>last</em> state that lets go of it, never by one while another still uses it.
 *
 * <p>Why: JMH tears a {@code Scope.Benchmark} state down from whichever benchmark thread gets there first (a
 * compare-and-set in the generated {@code *_jmhTest} code), not after every thread has torn down its own
 * {@code Scope.Thread} states. A benchmark-level teardown that closed the pool there aborted the connections the
 * other threads' states still held, and those failed in their own teardown (issue 21). So the benchmark state
 * creates this with one holder (itself), each thread state that uses it {@link #retain()}s it in its setup and
 * {@link #release()}s it in its teardown, and whichever release comes last closes the resources.
 */
public final class SharedTrial {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private int holders = 1;

    /** Shared resources held by the state that creates them, starting with {@code first}. */
    public SharedTrial(AutoCloseable first) {
        resources.push(first);
    }

    /** Adds {@code resource}, to be closed before everything added earlier (it may depend on them). */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        checkOpen();
        resources.push(resource);
        return resource;
    }

    /** One more state uses the resources until it calls {@link #release()}. */
    public synchronized void retain() {
        checkOpen();
        holders++;
    }

    /**
     * This state is done with the resources; the last one to say so closes them, the latest added first. Every
     * resource is closed even when one fails; the first failure is thrown, with the others suppressed.
     */
    public void release() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (holders <= 0) {
                throw new IllegalStateException("released more often than retained");
            }
            if (--holders > 0) {
                return;
            }
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        RuntimeException failure = null;
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot close " + resource, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** How many states still hold the resources. */
    public synchronized int holders() {
        return holders;
    }

    private void checkOpen() {
        if (holders <= 0) {
            throw new IllegalStateException("the trial's shared resources are already closed");
        }
    }
}
