package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JobRepositoryFactoryBean;
import org.springframework.jdbc.support.JdbcTransactionManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer a Java user would otherwise pick to record job runs: Spring Batch's JDBC {@link JobRepository}
 * recording one job execution with one step execution (created, then completed with a write count), against
 * one tracked run of ours through the wrapper (a start, then a success with a count), both on the same H2 in
 * memory through the same pool.
 *
 * <p>Spring Batch's calls are the least its own launcher makes for such a run: create the job execution, add
 * the step execution, update the step as completed, update the job as completed.
 *
 * <p>Each trial runs on an H2 in memory of its own, shut down at the end; the state is the benchmark's only one,
 * so its teardown closes the {@code DatasetFreshness}, then the pool, then the database.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpringBatchBenchmark {

    private static final String PREFIX = "bench_batch_";
    private static final String SPRING_BATCH_PREFIX = "BENCH_SPRING_BATCH_";

    private final BenchDatabase database = BenchDatabase.H2_MEMORY;
    private final Scope scope = Scope.tenant("acme");
    /** Run numbers: unique job parameters for Spring Batch, run ids for us, whatever the number of threads. */
    private final AtomicLong runs = new AtomicLong();
    private SharedTrial shared;
    private HikariDataSource pool;
    private DatasetFreshness freshness;
    private JobRepository jobRepository;

    /** Makes the trial's H2, creates both schemas on it and both repositories over the same pool. */
    @Setup
    public void setUp() throws Exception {
        TrialDatabase trialDatabase = database.open();
        shared = new SharedTrial(trialDatabase);
        try {
            pool = trialDatabase.openPool(10);
            Catalog catalog = Catalog.builder().dataset("orders", "Orders").producer("sync", "orders").build();
            freshness = shared.add(DatasetFreshness.using(database.store(pool, PREFIX), catalog)
                    .withClock(Clock.systemUTC()).build());
            createSpringBatchSchema();
            JobRepositoryFactoryBean factory = new JobRepositoryFactoryBean();
            factory.setDataSource(pool);
            factory.setTransactionManager(new JdbcTransactionManager(pool));
            factory.setTablePrefix(SPRING_BATCH_PREFIX);
            factory.afterPropertiesSet();
            jobRepository = factory.getObject();
        } catch (Exception e) {
            tearDown();
            throw e;
        }
    }

    /** Spring Batch's own H2 script, with our table prefix. */
    private void createSpringBatchSchema() throws IOException {
        String script;
        try (InputStream in = JobRepository.class.getResourceAsStream("/org/springframework/batch/core/schema-h2.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema-h2.sql not found in spring-batch-core");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        script = script.replaceAll("(?m)^--.*$", "").replace("BATCH_", SPRING_BATCH_PREFIX);
        for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
                BenchDatabase.execute(pool, statement);
            }
        }
    }

    /** Closes the {@code DatasetFreshness}, the pool and the database. */
    @TearDown
    public void tearDown() {
        if (shared != null) {
            shared.release();
            shared = null;
        }
    }

    /** Spring Batch: a job execution with one step execution, created then completed. */
    @Benchmark
    public JobExecution springBatchJobRepository() throws Exception {
        JobExecution job = jobRepository.createJobExecution("bench_job",
                new JobParametersBuilder().addLong("run", runs.incrementAndGet()).toJobParameters());
        StepExecution step = job.createStepExecution("bench_step");
        step.setStartTime(LocalDateTime.now());
        jobRepository.add(step);
        step.setWriteCount(10);
        step.setStatus(BatchStatus.COMPLETED);
        step.setExitStatus(ExitStatus.COMPLETED);
        step.setEndTime(LocalDateTime.now());
        jobRepository.update(step);
        job.setStatus(BatchStatus.COMPLETED);
        job.setExitStatus(ExitStatus.COMPLETED);
        job.setEndTime(LocalDateTime.now());
        jobRepository.update(job);
        return job;
    }

    /** Freshness: one tracked run through the wrapper, a start then a success with a count. */
    @Benchmark
    public Integer freshnessTrackedRun() {
        return freshness.track(scope, "orders").runId(RunId.of("run-" + runs.incrementAndGet())).call(run -> {
            run.recordsAffected(10);
            return 10;
        });
    }
}
