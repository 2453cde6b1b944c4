package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.RunEvent;
import dev.freshness.jdbc.JdbcFreshnessStore;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link CrossProcessConcurrencyTest}: its threads write their {@link Workload} events to one
 * store at once, each from a go signal, then it prints {@code DONE <events written> <errors>} and exits. Every
 * exception is printed with its stack trace; the store logs at DEBUG (every retry after a deadlock shows). Its
 * connections come from a HikariCP pool of one connection per thread.
 *
 * <p>Arguments: JDBC URL, table prefix, seed, process index, threads, events per thread.
 */
public final class ConcurrentWriter {

    private ConcurrentWriter() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger("dev.freshness")).setLevel(Level.DEBUG);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String url = args[0];
        String prefix = args[1];
        long seed = Long.parseLong(args[2]);
        int process = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int perThread = Integer.parseInt(args[5]);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(threads);
        config.setMinimumIdle(0);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).withTablePrefix(prefix).build();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            List<RunEvent> events = Workload.eventsOf(seed, process, thread, perThread);
            Thread writer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (RunEvent event : events) {
                    try {
                        store.apply(event);
                        written.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        synchronized (out) {
                            out.println("ERROR writing " + event);
                            e.printStackTrace(out);
                        }
                    }
                }
            }, "writer-" + process + "-" + thread);
            writers.add(writer);
            writer.start();
        }
        out.println("READY");
        go.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        out.println("DONE " + written.get() + " " + errors.get());
        out.flush();
        pool.close();
        System.exit(errors.get() == 0 ? 0 : 1);
    }
}
