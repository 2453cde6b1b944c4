package dev.freshness.report;

import dev.freshness.core.DatasetStatus;
import dev.freshness.internal.DurationText;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The English sentences as the library wrote them before sentences came from a {@link ReportFormatter}: the
 * composition of the former {@code DatasetVerdict.sentence()} and {@code FreshnessReport.banner()}, kept as the
 * reference that the formatter's English must reproduce word for word. It reads only the verdict's data.
 */
final class OldEnglishSentences {

    private OldEnglishSentences() {
    }

    static String banner(FreshnessReport report) {
        return report.problems().stream().map(OldEnglishSentences::sentence).collect(Collectors.joining(" "));
    }

    static String sentence(DatasetVerdict verdict) {
        DatasetStatus status = verdict.status();
        Instant at = verdict.at();
        DatasetStatus.Success lastRefresh = verdict.lastRefresh().orElse(null);
        DatasetStatus.Failure latestFailure = status.latestAttemptFailed() ? status.lastFailure().orElseThrow() : null;
        Duration maxRun = verdict.dataset().maxRunDuration().orElse(null);
        DatasetStatus.Start refreshing = status.runsInFlight().stream().filter(run -> !outlived(run, maxRun, at))
                .findFirst().orElse(null);
        Instant latestFinish = latestFinish(status);
        DatasetStatus.Start abandoned = status.runsInFlight().stream().filter(run -> outlived(run, maxRun, at))
                // 0.1.0 counts a retry started in the same instant as the latest finish as abandoned too.
                .filter(run -> latestFinish == null || !run.at().isBefore(latestFinish))
                .max(Comparator.comparing(DatasetStatus.Start::at)).orElse(null);

        StringBuilder text = new StringBuilder(verdict.dataset().title()).append(": ");
        DatasetStatus.Success lastSuccess = status.lastSuccess().orElse(null);
        boolean emptyRefreshSince = lastSuccess != null && !lastSuccess.equals(lastRefresh);
        if (lastRefresh == null) {
            text.append(emptyRefreshSince ? "never refreshed with records." : "never refreshed.");
        } else {
            text.append(emptyRefreshSince ? "last refreshed with records " : "last refreshed ")
                    .append(ago(lastRefresh.at(), at)).append(", expected within ")
                    .append(DurationText.words(verdict.requirement().warnAfter())).append('.');
        }
        if (emptyRefreshSince) {
            text.append(" The latest refresh, ").append(ago(lastSuccess.at(), at)).append(", affected no records.");
        }
        if (latestFailure != null) {
            String error = latestFailure.error().shortForm();
            text.append(" The latest refresh failed ").append(ago(latestFailure.at(), at)).append(": ").append(error);
            if (!error.endsWith(".") && !error.endsWith("!") && !error.endsWith("?")) {
                text.append('.');
            }
        }
        if (refreshing != null) {
            text.append(lastSuccess == null ? " A first refresh" : " A refresh").append(" has been running for ")
                    .append(DurationText.words(since(refreshing.at(), at))).append('.');
        }
        if (abandoned != null) {
            text.append(" A refresh started ").append(ago(abandoned.at(), at)).append(" was abandoned (runs take at most ")
                    .append(DurationText.words(maxRun)).append(").");
        }
        return text.toString();
    }

    private static boolean outlived(DatasetStatus.Start run, Duration maxRun, Instant at) {
        return maxRun != null && Duration.between(run.at(), at).compareTo(maxRun) > 0;
    }

    private static Instant latestFinish(DatasetStatus status) {
        Instant success = status.lastSuccess().map(DatasetStatus.Success::at).orElse(null);
        Instant failure = status.lastFailure().map(DatasetStatus.Failure::at).orElse(null);
        if (success == null || failure == null) {
            return success == null ? failure : success;
        }
        return success.isAfter(failure) ? success : failure;
    }

    private static Duration since(Instant instant, Instant at) {
        Duration elapsed = Duration.between(instant, at);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static String ago(Instant instant, Instant at) {
        return DurationText.words(since(instant, at)) + " ago";
    }
}
