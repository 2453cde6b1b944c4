package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.Schedule;
import dev.freshness.core.DatasetStatus;
import dev.freshness.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The judgement on one dataset for one page in one scope, at one instant, as data: how old the data is against
 * the page's requirement ({@link AgeVerdict}), what its runs are doing ({@link RunState}), and when it turns
 * worse if nothing succeeds meanwhile. The sentence a banner shows is a view of it, made by a
 * {@link ReportFormatter} in the reader's language.
 *
 * <p>The severity is about age only (see {@link AgeVerdict} for the exact boundaries): a failing, refreshing or
 * abandoned run stands beside it and never changes it. Data refreshed an hour ago is fresh even if a retry just
 * failed; an application that wants to show such failures anyway reads {@link #runState()}.
 *
 * <p><b>Derived datasets.</b> A dataset the catalog declares {@linkplain
 * dev.freshness.catalog.Catalog.Builder#derived derived} from others is at best as fresh as its stalest input,
 * directly or through the inputs' own inputs: its age is measured from the earliest of its own refresh and the
 * last successes of all its inputs ({@link #lastRefresh()}), so its age is the greatest of their ages, and a
 * schedule's deadlines are judged from that instant too. An input that never succeeded makes it
 * {@link AgeVerdict#NEVER_SUCCEEDED}. The input that set the age is the root cause, {@link #limitingInput()}.
 * Inputs count by their last success (an input's empty refresh counts; ignoring empty refreshes applies to the
 * page's own dataset), and their runs do not change {@link #runState()}.
 */
public final class DatasetVerdict {

    private final DatasetDefinition dataset;
    private final Requirement requirement;
    private final DatasetStatus status;
    private final Instant at;
    private final DatasetStatus.Success lastRefresh;
    /** The dataset's own refresh, before its inputs are taken into account. */
    private final DatasetStatus.Success ownRefresh;
    private final List<InputStatus> inputs;
    /** The input whose last success {@code lastRefresh} is, or which never succeeded; null when none is staler. */
    private final InputStatus limitingInput;
    private final AgeVerdict ageVerdict;
    private final RunState runState;
    /** For a schedule: the last due instant at {@code at}, or null when nothing was due yet. */
    private final Instant lastDue;
    /** For a schedule: the deadlines missed in a row, counted up to the requirement's errorAfterMissed. */
    private final int missedDeadlines;

    private DatasetVerdict(DatasetDefinition dataset, Requirement requirement, DatasetStatus status, Instant at,
                           DatasetStatus.Success ownRefresh, List<InputStatus> inputs) {
        this.dataset = dataset;
        this.requirement = requirement;
        this.status = status;
        this.at = at;
        this.ownRefresh = ownRefresh;
        this.inputs = inputs;
        this.limitingInput = ownRefresh == null ? null : limitingInput(ownRefresh, inputs);
        this.lastRefresh = limitingInput == null ? ownRefresh : limitingInput.lastSuccess().orElse(null);
        this.runState = RunState.of(status, dataset, at);
        Schedule schedule = requirement.schedule().orElse(null);
        if (schedule == null) {
            this.lastDue = null;
            this.missedDeadlines = 0;
            this.ageVerdict = ageVerdictOf(lastRefresh, requirement, at);
        } else {
            this.lastDue = schedule.latestDueAtOrBefore(minus(at, schedule.grace())).orElse(null);
            this.missedDeadlines = lastRefresh == null ? 0 : countMissed(schedule, lastDue, lastRefresh.at(),
                    requirement.errorAfterMissed());
            this.ageVerdict = lastRefresh == null ? AgeVerdict.NEVER_SUCCEEDED
                    : missedDeadlines == 0 ? AgeVerdict.FRESH
                    : missedDeadlines >= requirement.errorAfterMissed() ? AgeVerdict.EXPIRED : AgeVerdict.STALE;
        }
    }

    /**
     * Judges {@code status} against {@code requirement} at {@code now}. When the requirement
     * {@linkplain Requirement#ignoresEmptyRefreshes() ignores empty refreshes} and the status's last success
     * affected zero records, no earlier refresh is known here, so the verdict is
     * {@link AgeVerdict#NEVER_SUCCEEDED}; use {@link #judge(DatasetDefinition, Requirement, DatasetStatus,
     * DatasetStatus.Success, Instant)} to pass the last refresh with records, found in history.
     *
     * @throws IllegalArgumentException when the three do not describe the same dataset
     */
    public static DatasetVerdict judge(DatasetDefinition dataset, Requirement requirement, DatasetStatus status,
                                       Instant now) {
        return judge(dataset, requirement, status, null, now);
    }

    /**
     * Judges {@code status} against {@code requirement} at {@code now}.
     *
     * @param lastRefreshWithRecords used only when the requirement ignores empty refreshes and the status's last
     *     success affected zero records: the latest success that affected records, or null when none is known
     * @throws IllegalArgumentException when the three do not describe the same dataset
     */
    public static DatasetVerdict judge(DatasetDefinition dataset, Requirement requirement, DatasetStatus status,
                                       DatasetStatus.Success lastRefreshWithRecords, Instant now) {
        Checks.notNull(dataset, "dataset");
        Checks.notNull(requirement, "requirement");
        Checks.notNull(status, "status");
        Checks.notNull(now, "now");
        if (!dataset.key().equals(requirement.dataset()) || !dataset.key().equals(status.dataset())) {
            throw new IllegalArgumentException("dataset " + dataset.key() + ", requirement on "
                    + requirement.dataset() + " and status of " + status.dataset() + " must name the same dataset");
        }
        if (lastRefreshWithRecords != null && lastRefreshWithRecords.recordsAffected() == 0) {
            throw new IllegalArgumentException("lastRefreshWithRecords must have affected records, was " + lastRefreshWithRecords);
        }
        DatasetStatus.Success lastSuccess = status.lastSuccess().orElse(null);
        boolean countsOnlyWithRecords = requirement.ignoresEmptyRefreshes() && lastSuccess != null
                && lastSuccess.recordsAffected() == 0;
        return new DatasetVerdict(dataset, requirement, status, now,
                countsOnlyWithRecords ? lastRefreshWithRecords : lastSuccess, List.of());
    }

    /**
     * Judges a derived dataset: {@code status} and the statuses of its inputs against {@code requirement} at
     * {@code now}. The dataset is at best as fresh as its stalest input (see the {@linkplain DatasetVerdict
     * class description}).
     *
     * @param lastRefreshWithRecords as for {@link #judge(DatasetDefinition, Requirement, DatasetStatus,
     *     DatasetStatus.Success, Instant)}
     * @param inputs the statuses in the same scope of every dataset it is derived from, directly or not (as
     *     {@link dev.freshness.catalog.Catalog#upstreamOf} lists them); an input with no status is passed as
     *     {@link DatasetStatus#empty}; empty for a dataset that is not derived
     * @throws IllegalArgumentException when the statuses do not describe the dataset and scope judged
     */
    public static DatasetVerdict judge(DatasetDefinition dataset, Requirement requirement, DatasetStatus status,
                                       DatasetStatus.Success lastRefreshWithRecords, List<InputStatus> inputs,
                                       Instant now) {
        DatasetVerdict own = judge(dataset, requirement, status, lastRefreshWithRecords, now);
        List<InputStatus> copied = List.copyOf(Checks.notNull(inputs, "inputs"));
        for (InputStatus input : copied) {
            if (!input.status().scope().equals(status.scope()) || input.dataset().key().equals(dataset.key())) {
                throw new IllegalArgumentException("input " + input.status().scope() + "/" + input.dataset().key()
                        + " must be another dataset of the scope judged, " + status.scope());
            }
        }
        return copied.isEmpty() ? own : new DatasetVerdict(dataset, requirement, status, now, own.ownRefresh, copied);
    }

    /**
     * The first input that never succeeded; else the input whose last success is the earliest, when it is
     * strictly before the dataset's own refresh (on a tie the dataset itself is the cause: its age is its own).
     */
    private static InputStatus limitingInput(DatasetStatus.Success ownRefresh, List<InputStatus> inputs) {
        InputStatus stalest = null;
        Instant earliest = ownRefresh.at();
        for (InputStatus input : inputs) {
            DatasetStatus.Success success = input.lastSuccess().orElse(null);
            if (success == null) {
                return input;
            }
            if (success.at().isBefore(earliest)) {
                stalest = input;
                earliest = success.at();
            }
        }
        return stalest;
    }

    /** The dataset judged. */
    public DatasetDefinition dataset() {
        return dataset;
    }

    /** What the page needs of it. */
    public Requirement requirement() {
        return requirement;
    }

    /** The status it was judged from. */
    public DatasetStatus status() {
        return status;
    }

    /** The instant it was judged at. */
    public Instant at() {
        return at;
    }

    /** How old the data is against the requirement. */
    public AgeVerdict ageVerdict() {
        return ageVerdict;
    }

    /** The age verdict's severity. */
    public Severity severity() {
        return ageVerdict.severity();
    }

    /** What the dataset's runs are doing: failing, refreshing, abandoned. */
    public RunState runState() {
        return runState;
    }

    /**
     * The success the age is measured from: the last success or, when empty refreshes are ignored, the last
     * success that affected records; for a derived dataset whose {@linkplain #limitingInput() input is staler},
     * that input's last success. Empty when there is none ({@link AgeVerdict#NEVER_SUCCEEDED}).
     */
    public Optional<DatasetStatus.Success> lastRefresh() {
        return Optional.ofNullable(lastRefresh);
    }

    /**
     * The dataset's own refresh (the last success or, when empty refreshes are ignored, the last one with
     * records), before its inputs are taken into account; the same as {@link #lastRefresh()} unless an input is
     * staler. Empty when there is none.
     */
    public Optional<DatasetStatus.Success> ownRefresh() {
        return Optional.ofNullable(ownRefresh);
    }

    /**
     * The statuses of the datasets this one is derived from, directly or not, as judged; empty for a dataset
     * that is not derived.
     */
    public List<InputStatus> inputs() {
        return inputs;
    }

    /**
     * For a derived dataset, the root cause of its age: the input (direct or not) that never succeeded, or whose
     * last success is older than the dataset's own refresh and than every other input's; its last success is
     * then {@link #lastRefresh()}. Empty when the dataset is not derived, never refreshed itself, or is no older
     * than its own refresh.
     */
    public Optional<InputStatus> limitingInput() {
        return Optional.ofNullable(limitingInput);
    }

    /**
     * True when the last success affected no records and the requirement ignores such refreshes, so the age is
     * measured from an earlier success (or there is none).
     */
    public boolean emptyRefreshIgnored() {
        return status.lastSuccess().isPresent() && !status.lastSuccess().get().equals(ownRefresh);
    }

    /** The time from the last refresh to {@link #at()} (zero when the refresh is stamped later); empty when none. */
    public Optional<Duration> age() {
        return lastRefresh().map(refresh -> since(refresh.at()));
    }

    /**
     * The instant after which this dataset is at warning if nothing succeeds meanwhile: the last refresh plus
     * {@code warnAfter}; for a schedule, the first deadline after the last refresh (one nanosecond before it,
     * since a deadline is missed from its instant on). Empty when there was no refresh (it is critical already)
     * or the schedule has no due instant after it.
     */
    public Optional<Instant> warningAfter() {
        Schedule schedule = requirement.schedule().orElse(null);
        if (schedule == null) {
            return lastRefresh().map(refresh -> plus(refresh.at(), requirement.warnAfter()));
        }
        return lastRefresh().flatMap(refresh -> nthDueAfter(schedule, refresh.at(), 1))
                .map(due -> plus(due, schedule.grace()).minusNanos(1));
    }

    /**
     * The instant after which this dataset is critical if nothing succeeds meanwhile: the last refresh plus
     * {@code errorAfter}; for a schedule, the deadline that makes {@link Requirement#errorAfterMissed()} missed
     * (one nanosecond before it). Empty when the requirement has no {@code errorAfter} (age alone never makes it
     * critical), there was no refresh (it is critical already) or the schedule has no such deadline.
     */
    public Optional<Instant> criticalAfter() {
        Schedule schedule = requirement.schedule().orElse(null);
        if (schedule == null) {
            return lastRefresh().flatMap(refresh -> requirement.errorAfter().map(limit -> plus(refresh.at(), limit)));
        }
        return lastRefresh().flatMap(refresh -> nthDueAfter(schedule, refresh.at(), requirement.errorAfterMissed()))
                .map(due -> plus(due, schedule.grace()).minusNanos(1));
    }

    /**
     * The severity this verdict has at {@code instant} if nothing succeeds meanwhile: CRITICAL after
     * {@link #criticalAfter()}, at least WARNING after {@link #warningAfter()}, its own severity otherwise. The
     * same as judging the same status at {@code instant}, without reading anything again; an instant before
     * {@link #at()} gives this verdict's severity.
     */
    public Severity severityAt(Instant instant) {
        Checks.notNull(instant, "instant");
        Severity now = severity();
        if (!instant.isAfter(at)) {
            return now;
        }
        if (criticalAfter().filter(instant::isAfter).isPresent()) {
            return Severity.CRITICAL;
        }
        if (warningAfter().filter(instant::isAfter).isPresent()) {
            return now.worst(Severity.WARNING);
        }
        return now;
    }

    /**
     * For a scheduled requirement, the deadline judged at {@link #at()}: the last due instant (the latest at or
     * before {@code at - grace}) plus the grace. Empty for a maximum age, and when nothing was due yet.
     */
    public Optional<Instant> lastDeadline() {
        return requirement.schedule().flatMap(schedule -> Optional.ofNullable(lastDue)
                .map(due -> plus(due, schedule.grace())));
    }

    /**
     * For a scheduled requirement, how many deadlines in a row the dataset has missed since its last refresh,
     * counted up to {@link Requirement#errorAfterMissed()} (the count that makes it EXPIRED; more are not
     * looked up). 0 when it met its last deadline, for a maximum age, and when it never succeeded.
     */
    public int missedDeadlines() {
        return missedDeadlines;
    }

    /**
     * For a scheduled requirement that has missed a deadline, the first deadline it missed: the first due instant
     * after the last refresh, plus the grace. Empty otherwise.
     */
    public Optional<Instant> firstMissedDeadline() {
        if (missedDeadlines == 0) {
            return Optional.empty();
        }
        Schedule schedule = requirement.schedule().orElseThrow();
        return schedule.earliestDueAfter(lastRefresh.at()).map(due -> plus(due, schedule.grace()));
    }

    /** The sentence of a banner in English; see {@link ReportFormatter#sentence(DatasetVerdict)}. */
    public String sentence() {
        return ReportFormatter.english().sentence(this);
    }

    /** The sentence of a banner in {@code locale}; see {@link ReportFormatter#sentence(DatasetVerdict)}. */
    public String sentence(Locale locale) {
        return ReportFormatter.of(locale).sentence(this);
    }

    private static AgeVerdict ageVerdictOf(DatasetStatus.Success lastRefresh, Requirement requirement, Instant now) {
        if (lastRefresh == null) {
            return AgeVerdict.NEVER_SUCCEEDED;
        }
        Duration age = Duration.between(lastRefresh.at(), now);
        if (age.compareTo(requirement.warnAfter()) <= 0) {
            return AgeVerdict.FRESH;
        }
        Duration errorAfter = requirement.errorAfter().orElse(null);
        return errorAfter == null || age.compareTo(errorAfter) <= 0 ? AgeVerdict.STALE : AgeVerdict.EXPIRED;
    }

    /** The due instants after the last refresh and at or before {@code lastDue}, counted up to {@code limit}. */
    private static int countMissed(Schedule schedule, Instant lastDue, Instant lastRefresh, int limit) {
        int missed = 0;
        for (Instant due = lastDue; due != null && due.isAfter(lastRefresh) && missed < limit; ) {
            missed++;
            due = due.equals(Instant.MIN) ? null : schedule.latestDueAtOrBefore(due.minusNanos(1)).orElse(null);
        }
        return missed;
    }

    private static Optional<Instant> nthDueAfter(Schedule schedule, Instant instant, int n) {
        Optional<Instant> due = Optional.of(instant);
        for (int i = 0; i < n && due.isPresent(); i++) {
            due = schedule.earliestDueAfter(due.get());
        }
        return due;
    }

    private static Instant minus(Instant instant, Duration duration) {
        try {
            return instant.minus(duration);
        } catch (ArithmeticException | java.time.DateTimeException beyond) {
            return Instant.MIN;
        }
    }

    private static Instant plus(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (ArithmeticException | java.time.DateTimeException beyond) {
            return Instant.MAX;
        }
    }

    private Duration since(Instant instant) {
        Duration elapsed = Duration.between(instant, at);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    /**
     * Equal when judged from the same dataset, requirement, status, last refresh and input statuses, at the same
     * instant.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetVerdict verdict && verdict.dataset.equals(dataset)
                && verdict.requirement.equals(requirement) && verdict.status.equals(status) && verdict.at.equals(at)
                && java.util.Objects.equals(verdict.lastRefresh, lastRefresh)
                && java.util.Objects.equals(verdict.ownRefresh, ownRefresh) && verdict.inputs.equals(inputs);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dataset, requirement, status, at, lastRefresh, inputs);
    }

    @Override
    public String toString() {
        return ageVerdict + " " + status.scope() + "/" + dataset.key() + ": " + sentence();
    }
}
