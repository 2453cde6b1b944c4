package dev.freshness.track.internal;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The queued events of a redelivery, in a file, so that a process killed during a store outage loses none: each
 * queued event is appended as one line, each event written or dropped as a line that cancels it, and the next
 * instance over the same directory replays what was never cancelled. Every line carries a CRC-32, so a line
 * that a kill cut short, or one damaged otherwise, is recognised and skipped, never fatal. The file is emptied
 * whenever the queue is, and rewritten with only the queued events when it grows long, so a delivered event is
 * not replayed forever.
 *
 * <p>Each line is written with one {@code write} call to the operating system, without {@code fsync}: it survives
 * the process being killed, not the machine losing power. A lock file keeps two instances (of this JVM or of
 * another process) off one directory.
 */
final class RedeliverySpool implements AutoCloseable {

    static final String FILE_NAME = "freshness-redelivery.spool";
    static final String LOCK_NAME = "freshness-redelivery.lock";

    /** One queued event and its sequence number in the file. */
    record Entry(long sequence, RunEvent event) {
    }

    /** What the previous instance left: the events to replay, and the lines that could not be read. */
    record Replay(List<Entry> entries, int corrupted, boolean partialLast) {
    }

    private final Path directory;
    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel channel;
    private long linesWritten;

    private RedeliverySpool(Path directory, FileChannel lockChannel, FileLock lock) throws IOException {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the spool of {@code directory}, creating it when missing, and takes its lock.
     *
     * @throws IllegalArgumentException when the directory cannot be used, or another instance holds it
     */
    static RedeliverySpool open(Path directory) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalArgumentException("redeliverySpool " + directory + " is in use by another"
                        + " DatasetFreshness instance (of this or another process); give each instance a directory"
                        + " of its own");
            }
            return new RedeliverySpool(directory, lockChannel, lock);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new IllegalArgumentException("redeliverySpool " + directory + " cannot be used: " + e, e);
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * Reads what the previous instance left, then rewrites the file with exactly those events, so that the
     * lines skipped are gone and the file is ready to be appended to.
     */
    Replay replay() throws IOException {
        Map<Long, RunEvent> pending = new LinkedHashMap<>();
        int corrupted = 0;
        boolean partialLast = false;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int start = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                if (end == bytes.length) {
                    partialLast = true;
                    break;
                }
                String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                start = end + 1;
                if (!readLine(line, pending)) {
                    corrupted++;
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        pending.forEach((sequence, event) -> entries.add(new Entry(sequence, event)));
        rewrite(entries);
        return new Replay(entries, corrupted, partialLast);
    }

    /** Appends a queued event. */
    synchronized void append(Entry entry) throws IOException {
        write(encode(entry));
    }

    /** Cancels a queued event that was written or dropped. */
    synchronized void cancel(long sequence) throws IOException {
        write(withChecksum("D\t" + sequence));
    }

    /** Replaces the file's content with {@code entries} (none: an empty file), through a new file moved over it. */
    synchronized void rewrite(List<Entry> entries) throws IOException {
        closeQuietly(channel);
        channel = null;
        Path next = directory.resolve(FILE_NAME + ".next");
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            text.append(encode(entry));
        }
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesWritten = entries.size();
    }

    /** How many lines the file holds since it was last rewritten. */
    synchronized long linesWritten() {
        return linesWritten;
    }

    @Override
    public synchronized void close() {
        closeQuietly(channel);
        channel = null;
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(lockChannel);
    }

    private void write(String line) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        linesWritten++;
    }

    // ---- the line format: tab-separated fields, percent-escaped, a CRC-32 of the rest last ------------------

    static String encode(Entry entry) {
        RunEvent event = entry.event();
        StringBuilder line = new StringBuilder("A\t").append(entry.sequence()).append('\t');
        String kind = event instanceof RunEvent.Started ? "S" : event instanceof RunEvent.Succeeded ? "K" : "F";
        line.append(kind).append('\t').append(field(event.scope().key())).append('\t')
                .append(field(event.dataset().value())).append('\t').append(field(event.runId().value()))
                .append('\t').append(field(event.at().toString()));
        if (event instanceof RunEvent.Started started) {
            line.append('\t').append(field(started.jobName()));
        } else if (event instanceof RunEvent.Succeeded succeeded) {
            line.append('\t').append(succeeded.recordsAffected());
        } else if (event instanceof RunEvent.Failed failed) {
            line.append('\t').append(field(failed.error().type())).append('\t').append(field(failed.error().message()))
                    .append('\t').append(field(failed.error().rootCause().orElse(null)));
        }
        return withChecksum(line.toString());
    }

    private static String withChecksum(String content) {
        return content + '\t' + checksum(content) + '\n';
    }

    private static String checksum(String content) {
        CRC32 crc = new CRC32();
        crc.update(content.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /** Applies one line to {@code pending}; false when it cannot be read (damaged, or of no known shape). */
    private static boolean readLine(String line, Map<Long, RunEvent> pending) {
        int lastTab = line.lastIndexOf('\t');
        if (lastTab < 0 || !checksum(line.substring(0, lastTab)).equals(line.substring(lastTab + 1))) {
            return false;
        }
        String[] fields = line.substring(0, lastTab).split("\t", -1);
        try {
            long sequence = Long.parseLong(fields[1]);
            if (fields[0].equals("D") && fields.length == 2) {
                pending.remove(sequence);
                return true;
            }
            if (!fields[0].equals("A")) {
                return false;
            }
            pending.put(sequence, decode(fields));
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static RunEvent decode(String[] fields) {
        Scope scope = Scope.fromKey(text(fields[3]));
        DatasetKey dataset = DatasetKey.of(text(fields[4]));
        RunId runId = RunId.of(text(fields[5]));
        Instant at = Instant.parse(text(fields[6]));
        return switch (fields[2]) {
            case "S" -> new RunEvent.Started(scope, dataset, runId, at, text(fields[7]));
            case "K" -> new RunEvent.Succeeded(scope, dataset, runId, at, Long.parseLong(fields[7]));
            case "F" -> new RunEvent.Failed(scope, dataset, runId, at,
                    JobError.of(text(fields[7]), text(fields[8]), text(fields[9])));
            default -> throw new IllegalArgumentException("no event kind " + fields[2]);
        };
    }

    /** A field: {@code -} for null, otherwise {@code =} and the text with {@code % TAB LF CR} escaped. */
    private static String field(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder escaped = new StringBuilder(value.length() + 1).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '%' -> escaped.append("%25");
                case '\t' -> escaped.append("%09");
                case '\n' -> escaped.append("%0A");
                case '\r' -> escaped.append("%0D");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String text(String field) {
        if (field.equals("-")) {
            return null;
        }
        if (!field.startsWith("=")) {
            throw new IllegalArgumentException("not a field: " + field);
        }
        StringBuilder value = new StringBuilder(field.length());
        for (int i = 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%') {
                value.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Nothing is left to do with it.
            }
        }
    }
}
