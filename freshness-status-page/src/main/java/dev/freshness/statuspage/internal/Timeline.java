package dev.freshness.statuspage.internal;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.core.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest runs of one dataset as a small inline SVG, oldest on the left. Each outcome has its own shape, not
 * only its own colour: a filled bar for a success, a cross for a failure, a dashed hollow box for an abandoned
 * run, a hollow circle for a run still going. Every mark has a tooltip, and the picture is labelled with the
 * counts in words.
 */
public final class Timeline {

    /** How one run ended, as the timeline draws it. */
    public enum Outcome {
        /** It refreshed the dataset. */
        SUCCEEDED("succeeded"),
        /** It failed. */
        FAILED("failed"),
        /** It started longer ago than the dataset's max run duration and never finished: its process died. */
        ABANDONED("abandoned"),
        /** It is still going. */
        RUNNING("running");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        /** The word for it, as the page and the JSON say it. */
        public String word() {
            return word;
        }
    }

    private static final int STEP = 10;
    private static final int HEIGHT = 16;

    private Timeline() {
    }

    /** How {@code run} of {@code dataset} ended, as seen at {@code now}. */
    public static Outcome outcome(RunRecord run, DatasetDefinition dataset, Instant now) {
        if (run.outcome() == RunRecord.Outcome.SUCCEEDED) {
            return Outcome.SUCCEEDED;
        }
        if (run.outcome() == RunRecord.Outcome.FAILED) {
            return Outcome.FAILED;
        }
        Optional<Duration> max = dataset.maxRunDuration();
        boolean abandoned = max.isPresent() && run.startedAt() != null
                && Text.since(run.startedAt(), now).compareTo(max.get()) > 0;
        return abandoned ? Outcome.ABANDONED : Outcome.RUNNING;
    }

    /** The counts of {@code runs} in words: {@code "18 succeeded, 1 failed, 1 abandoned"}; {@code "no runs"}. */
    public static String summary(List<RunRecord> runs, DatasetDefinition dataset, Instant now) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        runs.forEach(run -> counts.merge(outcome(run, dataset, now), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, count) -> parts.add(count + " " + outcome.word()));
        return parts.isEmpty() ? "no runs" : String.join(", ", parts);
    }

    /** The SVG of {@code runs}, oldest first; every text in it escaped. */
    public static String svg(List<RunRecord> runs, DatasetDefinition dataset, Instant now) {
        int width = Math.max(STEP, runs.size() * STEP);
        String label = "Last " + runs.size() + " runs of " + dataset.title() + ", oldest first: " + summary(runs, dataset, now);
        StringBuilder svg = new StringBuilder(256 + runs.size() * 160);
        svg.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(width).append(' ').append(HEIGHT)
                .append("\" aria-label=\"").append(Text.html(label)).append("\"><title>").append(Text.html(label))
                .append("</title>");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = runs.get(i);
            Outcome outcome = outcome(run, dataset, now);
            int x = i * STEP;
            svg.append("<g class=\"run ").append(outcome.word()).append("\"><title>").append(Text.html(tooltip(run, outcome)))
                    .append("</title>");
            switch (outcome) {
                case SUCCEEDED -> svg.append("<rect x=\"").append(x + 1).append("\" y=\"1\" width=\"7\" height=\"14\" fill=\"#1b7a1b\"/>");
                case FAILED -> svg.append("<path d=\"M").append(x + 1).append(" 3 l7 10 M").append(x + 8)
                        .append(" 3 l-7 10\" stroke=\"#b00020\" stroke-width=\"2.5\"/>");
                case ABANDONED -> svg.append("<rect x=\"").append(x + 1.5).append("\" y=\"3.5\" width=\"6\" height=\"9\" fill=\"none\""
                        + " stroke=\"#6a3d9a\" stroke-width=\"1.5\" stroke-dasharray=\"2 1.5\"/>");
                case RUNNING -> svg.append("<circle cx=\"").append(x + 4.5).append("\" cy=\"8\" r=\"3.5\" fill=\"none\""
                        + " stroke=\"#00639c\" stroke-width=\"1.5\"/>");
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String tooltip(RunRecord run, Outcome outcome) {
        StringBuilder text = new StringBuilder(outcome.word());
        if (run.startedAt() != null) {
            text.append(", started ").append(Text.dateTime(run.startedAt()));
        }
        if (run.finishedAt() != null) {
            text.append(", finished ").append(Text.dateTime(run.finishedAt()));
        }
        if (outcome == Outcome.SUCCEEDED) {
            text.append(", ").append(run.recordsAffected()).append(" records");
        }
        if (run.error() != null) {
            text.append(": ").append(run.error().shortForm());
        }
        return text.append(" (run ").append(run.runId().value()).append(')').toString();
    }
}
