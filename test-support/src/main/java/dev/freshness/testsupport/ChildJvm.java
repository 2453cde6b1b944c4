package dev.freshness.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class of the calling test's sources, on this JVM's class path: for the tests that
 * need a second process (two processes sharing a store, a process killed mid-run). Its standard output and error
 * are read line by line as they come, and kept. Always used in try-with-resources: {@link #close()} kills and reaps
 * it, so that no child outlives its test, whatever the test's outcome.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(SecondProcess.class, List.of("-Duser.timezone=UTC"), url)) {
 *     child.awaitLine("ready", Duration.ofSeconds(30));
 *     ...
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::readAll, "child-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code jvmOptions} (such as {@code -Duser.timezone=UTC}) and {@code args}. */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The next line the child writes, waiting at most {@code timeout}; fails when none comes or it died. */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("the child wrote nothing within " + timeout + " (alive: " + process.isAlive()
                    + "); it wrote:\n" + String.join("\n", lines));
        }
        return line;
    }

    /** Waits until the child wrote a line equal to {@code expected}. */
    public void awaitLine(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).equals(expected)) {
            // Keep reading: everything is kept in lines().
        }
    }

    /**
     * Kills the child with SIGKILL (on Linux, what {@link Process#destroyForcibly()} sends) and waits, at most 30
     * seconds, until it is gone and its output is read.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " is still alive 30 s after SIGKILL");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Waits for the child to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not finish within " + timeout + "; it wrote:\n"
                    + String.join("\n", lines));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** True while the child runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line the child wrote so far, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    private void readAll() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                lines.add(line);
                unread.add(line);
            }
        } catch (IOException ended) {
            // The child was killed mid-line: what was read is kept.
        }
    }

    /** Reaps the child: kills it if it still runs, and waits for it, whatever happened before. */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reaping the child " + process.pid(), e);
        }
    }
}
