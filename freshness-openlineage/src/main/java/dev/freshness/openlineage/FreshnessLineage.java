package dev.freshness.openlineage;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.openlineage.internal.EventSender;
import dev.freshness.track.FinishedRun;
import dev.freshness.track.JobRun;
import dev.freshness.track.TrackingListener;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends tracked runs to OpenLineage: a START event when a run starts, then one COMPLETE event with every
 * (scope, dataset) the run refreshed as an output (with its {@code outputStatistics} facet: rowCount = records
 * affected), or one FAIL event with the {@code errorMessage} facet (the error as stored, already redacted by the
 * {@code DatasetFreshness} error redactor). The run id is {@link LineageRunIds#of}, the same in every process.
 * Give it to {@code DatasetFreshness.Builder.withTrackingListener}.
 *
 * <p>Each run is one START and one terminal event, as OpenLineage requires, whatever it refreshed:
 * <ul>
 *   <li>a run of a job runner ({@code DatasetFreshness.job(...)}) starts with its body
 *       ({@link #onJobRunStarted}, a START with no outputs yet) and ends once its body has returned or thrown and
 *       none of its steps still runs: its sequential steps, parallel steps and touched scopes are the outputs of
 *       its one COMPLETE, or FAIL when a step or touched scope failed or the body threw (the first error is the
 *       {@code errorMessage});</li>
 *   <li>any other tracked run starts with its first (scope, dataset) and ends when none of them is running;</li>
 *   <li>an outcome heard with no start before it, outside a job runner's run, is a START and a terminal event at
 *       the same instant.</li>
 * </ul>
 * A (scope, dataset) refreshed by several steps of one run is one output with the records of all of them. Runs
 * of separate tracked jobs that share a run id, one after the other, are each reported as a run: group them in a
 * job runner to report them as one. No RUNNING events are sent.
 *
 * <p>Sending is asynchronous and fail-open: events wait in a bounded queue
 * ({@link Builder#withQueueCapacity}) for one thread of this instance, which hands them to the client (its own
 * transport: HTTP to Marquez, console, file, Kafka, configured the client's way). An endpoint that is down or slow
 * never holds or fails a job: events beyond the queue are dropped, and drops and failed sends are counted and
 * logged at WARN at most once a minute. {@link #close()} sends what waits, within a timeout.
 */
public final class FreshnessLineage implements TrackingListener, AutoCloseable {

    /** The job and dataset namespace, unless configured otherwise. */
    public static final String DEFAULT_NAMESPACE = "freshness";
    /** How many events may wait to be sent, unless configured otherwise. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    /** The producer URI the events carry, unless configured otherwise. */
    public static final URI DEFAULT_PRODUCER = URI.create("https://github.com/freshness-dev/freshness");
    /**
     * The most runs whose outputs are collected at once (a run handle never closed would otherwise be kept
     * forever); a run ending beyond that is reported with the outputs it ends with.
     */
    public static final int MAX_OPEN_RUNS = 10_000;
    /** How long {@link #close()} waits for the events still queued. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final OpenLineage openLineage;
    private final String jobNamespace;
    private final String datasetNamespace;
    private final DatasetNaming naming;
    private final EventSender<OpenLineage.RunEvent> sender;
    private final Map<RunId, OpenRun> open = new ConcurrentHashMap<>();

    private FreshnessLineage(Builder builder) {
        this.openLineage = new OpenLineage(builder.producer);
        this.jobNamespace = builder.jobNamespace;
        this.datasetNamespace = builder.datasetNamespace;
        this.naming = builder.naming;
        OpenLineageClient client = builder.client;
        this.sender = new EventSender<>(client::emit, builder.queueCapacity, builder.clock);
    }

    /** Starts configuring what sends events through {@code client}. */
    public static Builder builder(OpenLineageClient client) {
        return new Builder(client);
    }

    @Override
    public void onJobRunStarted(JobRun jobRun) {
        OpenRun run = openRun(jobRun.runId());
        OpenLineage.RunEvent start = null;
        synchronized (run) {
            run.jobRuns++;
            run.jobName(jobRun.jobName(), null);
            if (!run.startSent) {
                run.startSent = true;
                start = event(OpenLineage.RunEvent.EventType.START, jobRun.runId(), run.jobName, jobRun.startedAt(),
                        List.of(), null);
            }
            send(start);
        }
    }

    @Override
    public void onRunStarted(RunEvent.Started event) {
        OpenRun run = openRun(event.runId());
        OpenLineage.RunEvent start = null;
        synchronized (run) {
            run.running++;
            run.jobName(event.jobName(), event.dataset().value());
            if (!run.startSent) {
                run.startSent = true;
                start = event(OpenLineage.RunEvent.EventType.START, event.runId(), run.jobName, event.at(),
                        List.of(output(event.scope(), event.dataset(), null)), null);
            }
            send(start);
        }
    }

    @Override
    public void onRunFinished(FinishedRun finished) {
        OpenRun run = open.getOrDefault(finished.runId(), new OpenRun());
        List<OpenLineage.RunEvent> events = new ArrayList<>(2);
        synchronized (run) {
            run.jobName(finished.jobName().orElse(null), finished.dataset().value());
            run.output(naming.nameOf(finished.scope(), finished.dataset()), finished.scope(), finished.dataset(),
                    finished.succeeded() ? finished.recordsAffected() : null);
            if (run.error == null) {
                run.error = finished.error().orElse(null);
            }
            run.lastAt = later(run.lastAt, finished.finishedAt());
            if (finished.startedAt().isPresent()) {
                // An outcome reported on its own (Run.succeeded) was never counted as running.
                run.running = Math.max(0, run.running - 1);
            } else if (!run.startSent) {
                // Nor was it started: it still gets the START a run must have, at the instant it is known.
                run.startSent = true;
                events.add(event(OpenLineage.RunEvent.EventType.START, finished.runId(), run.jobName,
                        finished.finishedAt(), List.of(output(finished.scope(), finished.dataset(), null)), null));
            }
            endIfOver(finished.runId(), run, events);
            events.forEach(this::send);
        }
    }

    @Override
    public void onJobRunFinished(JobRun jobRun) {
        OpenRun run = open.getOrDefault(jobRun.runId(), new OpenRun());
        List<OpenLineage.RunEvent> events = new ArrayList<>(1);
        synchronized (run) {
            run.jobRuns = Math.max(0, run.jobRuns - 1);
            run.jobName(jobRun.jobName(), null);
            if (run.error == null) {
                run.error = jobRun.error().orElse(null);
            }
            run.lastAt = later(run.lastAt, jobRun.finishedAt().orElse(jobRun.startedAt()));
            if (run.startSent) {
                endIfOver(jobRun.runId(), run, events);
            }
            events.forEach(this::send);
        }
    }

    /** Adds the run's terminal event to {@code events} once nothing of it runs any more: no step, no job body. */
    private void endIfOver(RunId runId, OpenRun run, List<OpenLineage.RunEvent> events) {
        if (run.running > 0 || run.jobRuns > 0) {
            return;
        }
        open.remove(runId, run);
        events.add(event(run.error == null ? OpenLineage.RunEvent.EventType.COMPLETE : OpenLineage.RunEvent.EventType.FAIL,
                runId, run.jobName, run.lastAt, run.outputs(), run.error));
    }

    private OpenRun openRun(RunId runId) {
        return open.size() < MAX_OPEN_RUNS ? open.computeIfAbsent(runId, id -> new OpenRun())
                : open.getOrDefault(runId, new OpenRun());
    }

    /**
     * Queues {@code event} without waiting; called holding the run's lock, so that a run's events are queued in
     * the order they were made even when its steps end on several threads.
     */
    private void send(OpenLineage.RunEvent event) {
        if (event != null) {
            sender.offer(event);
        }
    }

    private static Instant later(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    /** Events dropped because the queue was full (the endpoint is down or slow) or this instance was closed. */
    public long droppedEvents() {
        return sender.dropped();
    }

    /** Events the client failed to send. */
    public long failedEvents() {
        return sender.failed();
    }

    /** Events the client sent. */
    public long sentEvents() {
        return sender.sent();
    }

    /** Sends what is queued, waiting at most {@link #CLOSE_TIMEOUT}, and stops this instance's thread. The client is yours to close. */
    @Override
    public void close() {
        sender.close(CLOSE_TIMEOUT);
    }

    private OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, RunId runId, String jobName, Instant at,
                                       List<OpenLineage.OutputDataset> outputs, JobError error) {
        OpenLineage.RunFacetsBuilder facets = openLineage.newRunFacetsBuilder();
        if (error != null) {
            facets.errorMessage(openLineage.newErrorMessageRunFacet(error.type() + ": " + error.message(), "JAVA",
                    error.rootCause().orElse(null)));
        }
        return openLineage.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
                .run(openLineage.newRunBuilder().runId(LineageRunIds.of(runId)).facets(facets.build()).build())
                .job(openLineage.newJobBuilder().namespace(jobNamespace).name(jobName).build())
                .inputs(List.of())
                .outputs(outputs)
                .build();
    }

    private OpenLineage.OutputDataset output(Scope scope, DatasetKey dataset,
                                             Long rowCount) {
        OpenLineage.OutputDatasetBuilder builder = openLineage.newOutputDatasetBuilder()
                .namespace(datasetNamespace).name(naming.nameOf(scope, dataset));
        if (rowCount != null) {
            builder.outputFacets(openLineage.newOutputDatasetOutputFacetsBuilder()
                    .outputStatistics(openLineage.newOutputStatisticsOutputDatasetFacet(rowCount, null, null)).build());
        }
        return builder.build();
    }

    /** What a run has reported so far, until none of its (scope, dataset) pairs nor its job body is running. */
    private final class OpenRun {
        int running;
        int jobRuns;
        boolean startSent;
        String jobName;
        /** Per output name: the scope and dataset, and the records affected (null once any outcome failed). */
        final Map<String, Output> outputs = new LinkedHashMap<>();
        JobError error;
        Instant lastAt;

        void jobName(String job, String dataset) {
            if (job != null && (jobName == null || jobName.equals(dataset))) {
                jobName = job;
            } else if (jobName == null) {
                jobName = dataset;
            }
        }

        /**
         * Adds an outcome for a (scope, dataset): a dataset refreshed by several steps of the run is one output,
         * with the records of all of them, and with no statistics once one of them failed.
         */
        void output(String name, Scope scope, DatasetKey dataset, Long recordsAffected) {
            Output before = outputs.get(name);
            if (before == null) {
                outputs.put(name, new Output(scope, dataset, recordsAffected));
            } else {
                outputs.put(name, new Output(scope, dataset, before.records == null || recordsAffected == null ? null
                        : saturatedSum(before.records, recordsAffected)));
            }
        }

        List<OpenLineage.OutputDataset> outputs() {
            return outputs.values().stream().map(out -> FreshnessLineage.this.output(out.scope, out.dataset, out.records)).toList();
        }
    }

    private record Output(Scope scope, DatasetKey dataset, Long records) {
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Configures {@link FreshnessLineage}. The client is required; every other setting has a default, a public
     * constant of {@link FreshnessLineage}, and is validated when set.
     */
    public static final class Builder {
        private final OpenLineageClient client;
        private String jobNamespace = DEFAULT_NAMESPACE;
        private String datasetNamespace = DEFAULT_NAMESPACE;
        private DatasetNaming naming = DatasetNaming.TENANT_SLASH_DATASET;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private URI producer = DEFAULT_PRODUCER;
        private Clock clock = Clock.systemUTC();

        private Builder(OpenLineageClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
        }

        /** The namespace of the jobs (default {@value #DEFAULT_NAMESPACE}); the job name is the run's job, or its dataset. */
        public Builder withJobNamespace(String namespace) {
            this.jobNamespace = notBlank(namespace, "namespace");
            return this;
        }

        /** The namespace of the datasets (default {@value #DEFAULT_NAMESPACE}). */
        public Builder withDatasetNamespace(String namespace) {
            this.datasetNamespace = notBlank(namespace, "namespace");
            return this;
        }

        /** How a (scope, dataset) is named (default {@link DatasetNaming#TENANT_SLASH_DATASET}). */
        public Builder withDatasetNaming(DatasetNaming naming) {
            this.naming = Objects.requireNonNull(naming, "naming must not be null");
            return this;
        }

        /** How many events may wait to be sent, at least 1 (default {@value #DEFAULT_QUEUE_CAPACITY}). */
        public Builder withQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** The producer URI of the events (default {@link #DEFAULT_PRODUCER}). */
        public Builder withProducer(URI producer) {
            this.producer = Objects.requireNonNull(producer, "producer must not be null");
            return this;
        }

        /** The clock that spaces the warnings about lost events. */
        public Builder withClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** The listener, with its sending thread started. */
        public FreshnessLineage build() {
            return new FreshnessLineage(this);
        }

        private static String notBlank(String value, String parameter) {
            Objects.requireNonNull(value, parameter + " must not be null");
            if (value.isBlank()) {
                throw new IllegalArgumentException(parameter + " must not be blank");
            }
            return value;
        }
    }
}
