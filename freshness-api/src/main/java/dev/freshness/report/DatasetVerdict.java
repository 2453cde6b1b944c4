package dev.freshness.report;

import dev.freshness.DatasetStatus;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.internal.Checks;
import dev.freshness.internal.DurationText;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * The verdict on one dataset for one page in one scope, at one instant, with what stands beside it and the
 * sentence a banner shows.
 *
 * <p>The verdict is about age only (see {@link Verdict} for the exact boundaries). Beside it, never hiding
 * it, stand:
 * <ul>
 *   <li>the {@linkplain #latestFailure() latest failure}, when the latest attempt failed (a failure after the
 *       latest success);</li>
 *   <li>the run {@linkplain #refreshing() refreshing now}: the longest running run in flight that has not
 *       outlived its dataset's max run duration;</li>
 *   <li>the {@linkplain #abandoned() abandoned run}: the latest run in flight for longer than its dataset's
 *       max run duration (its process died) that started after the latest finished attempt; an older one was
 *       overtaken by a later success or failure and is not worth a word.</li>
 * </ul>
 * None of these changes the severity: data refreshed an hour ago is fresh even if a retry just failed. An
 * application that wants to show such failures anyway reads {@link #latestFailure()}.
 *
 * <p>A run in flight for exactly its max run duration is still refreshing; one second more and it is
 * abandoned. Durations are said in words, cut to at most two units ({@code "3 days"}, {@code "48 hours"},
 * {@code "2 hours 30 minutes"}).
 */
public final class DatasetVerdict {

    private final DatasetDefinition dataset;
    private final Requirement requirement;
    private final DatasetStatus status;
    private final Instant at;
    private final DatasetStatus.Success lastRefresh;
    private final Verdict verdict;
    private final DatasetStatus.Failure latestFailure;
    private final DatasetStatus.Start refreshing;
    private final DatasetStatus.Start abandoned;
    private final String sentence;

    private DatasetVerdict(DatasetDefinition dataset, Requirement requirement, DatasetStatus status, Instant at,
                           DatasetStatus.Success lastRefresh) {
        this.dataset = dataset;
        this.requirement = requirement;
        this.status = status;
        this.at = at;
        this.lastRefresh = lastRefresh;
        this.verdict = verdictOf(lastRefresh, requirement, at);
        this.latestFailure = status.latestAttemptFailed() ? status.lastFailure().orElseThrow() : null;
        this.refreshing = status.runsInFlight().stream().filter(run -> !outlived(run)).findFirst().orElse(null);
        Instant latestFinish = latestFinish(status);
        this.abandoned = status.runsInFlight().stream().filter(this::outlived)
                .filter(run -> latestFinish == null || run.at().isAfter(latestFinish))
                .max(Comparator.comparing(DatasetStatus.Start::at)).orElse(null);
        this.sentence = composeSentence();
    }

    /**
     * Judges {@code status} against {@code requirement} at {@code now}. When the requirement
     * {@linkplain Requirement#ignoresEmptyRefreshes() ignores empty refreshes} and the status's last success
     * affected zero records, no earlier refresh is known here, so the verdict is {@link Verdict#NEVER_SUCCEEDED};
     * use {@link #judge(DatasetDefinition, Requirement, DatasetStatus, DatasetStatus.Success, Instant)} to pass
     * the last refresh with records, found in history.
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
                countsOnlyWithRecords ? lastRefreshWithRecords : lastSuccess);
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
    public Verdict verdict() {
        return verdict;
    }

    /** The verdict's severity. */
    public Severity severity() {
        return verdict.severity();
    }

    /**
     * The success the age is measured from: the last success or, when empty refreshes are ignored, the last
     * success that affected records. Empty when there is none ({@link Verdict#NEVER_SUCCEEDED}).
     */
    public Optional<DatasetStatus.Success> lastRefresh() {
        return Optional.ofNullable(lastRefresh);
    }

    /** The time from the last refresh to {@link #at()} (zero when the refresh is stamped later); empty when none. */
    public Optional<Duration> age() {
        return lastRefresh().map(refresh -> since(refresh.at()));
    }

    /** The latest failure, when it came after the latest success (or there was no success). */
    public Optional<DatasetStatus.Failure> latestFailure() {
        return Optional.ofNullable(latestFailure);
    }

    /** The run refreshing now: the longest running one that has not outlived its dataset's max run duration. */
    public Optional<DatasetStatus.Start> refreshing() {
        return Optional.ofNullable(refreshing);
    }

    /** The latest abandoned run that started after the latest finished attempt; see the class documentation. */
    public Optional<DatasetStatus.Start> abandoned() {
        return Optional.ofNullable(abandoned);
    }

    /**
     * One or more sentences for a banner, such as {@code "Ad classifications: last refreshed 3 days ago,
     * expected within 48 hours. The latest refresh failed 2 hours ago: TimeoutException: read timed out."}
     */
    public String sentence() {
        return sentence;
    }

    private String composeSentence() {
        StringBuilder text = new StringBuilder(dataset.title()).append(": ");
        DatasetStatus.Success lastSuccess = status.lastSuccess().orElse(null);
        boolean emptyRefreshSince = lastSuccess != null && !lastSuccess.equals(lastRefresh);
        if (lastRefresh == null) {
            text.append(emptyRefreshSince ? "never refreshed with records." : "never refreshed.");
        } else {
            text.append(emptyRefreshSince ? "last refreshed with records " : "last refreshed ")
                    .append(ago(lastRefresh.at())).append(", expected within ")
                    .append(DurationText.words(requirement.warnAfter())).append('.');
        }
        if (emptyRefreshSince) {
            text.append(" The latest refresh, ").append(ago(lastSuccess.at())).append(", affected no records.");
        }
        if (latestFailure != null) {
            String error = latestFailure.error().shortForm();
            text.append(" The latest refresh failed ").append(ago(latestFailure.at())).append(": ").append(error);
            if (!error.endsWith(".") && !error.endsWith("!") && !error.endsWith("?")) {
                text.append('.');
            }
        }
        if (refreshing != null) {
            text.append(lastSuccess == null ? " A first refresh" : " A refresh").append(" has been running for ")
                    .append(DurationText.words(since(refreshing.at()))).append('.');
        }
        if (abandoned != null) {
            text.append(" A refresh started ").append(ago(abandoned.at())).append(" was abandoned (runs take at most ")
                    .append(DurationText.words(dataset.maxRunDuration().orElseThrow())).append(").");
        }
        return text.toString();
    }

    private static Verdict verdictOf(DatasetStatus.Success lastRefresh, Requirement requirement, Instant now) {
        if (lastRefresh == null) {
            return Verdict.NEVER_SUCCEEDED;
        }
        Duration age = Duration.between(lastRefresh.at(), now);
        if (age.compareTo(requirement.warnAfter()) <= 0) {
            return Verdict.FRESH;
        }
        Duration errorAfter = requirement.errorAfter().orElse(null);
        return errorAfter == null || age.compareTo(errorAfter) <= 0 ? Verdict.STALE : Verdict.EXPIRED;
    }

    private boolean outlived(DatasetStatus.Start run) {
        return dataset.maxRunDuration().map(max -> Duration.between(run.at(), at).compareTo(max) > 0).orElse(false);
    }

    private static Instant latestFinish(DatasetStatus status) {
        Instant success = status.lastSuccess().map(DatasetStatus.Success::at).orElse(null);
        Instant failure = status.lastFailure().map(DatasetStatus.Failure::at).orElse(null);
        if (success == null || failure == null) {
            return success == null ? failure : success;
        }
        return success.isAfter(failure) ? success : failure;
    }

    private Duration since(Instant instant) {
        Duration elapsed = Duration.between(instant, at);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private String ago(Instant instant) {
        return DurationText.words(since(instant)) + " ago";
    }

    @Override
    public String toString() {
        return verdict + " " + status.scope() + "/" + dataset.key() + ": " + sentence;
    }
}
