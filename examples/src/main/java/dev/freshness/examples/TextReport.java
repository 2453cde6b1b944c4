package dev.freshness.examples;

import dev.freshness.core.Scope;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.ReportFormatter;
import dev.freshness.report.Severity;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link StatusBoard} for a terminal: aligned columns, sentences wrapped, and colour only when asked
 * for (see {@link Ansi#forThisTerminal()}).
 */
public final class TextReport {

    /** The width sentences are wrapped to. */
    static final int WIDTH = 110;

    private static final DateTimeFormatter DATE_AND_TIME = DateTimeFormatter
            .ofPattern("EEE d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final Ansi ansi;

    /** A report written to {@code out}, coloured by {@code ansi}. */
    public TextReport(PrintStream out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** "Mon 9 Mar 2026 09:00 UTC". */
    public static String dateAndTime(Instant at) {
        return DATE_AND_TIME.format(at);
    }

    /** A section heading. */
    public void heading(String title) {
        out.println();
        out.println(ansi.bold(title));
    }

    /** One line of text, as it is. */
    public void line(String text) {
        out.println(text);
    }

    /** The week's notes, one per line, with the day and time. */
    public void notes(List<SimulatedWeek.Note> notes) {
        heading("What happened this week");
        for (SimulatedWeek.Note note : notes) {
            wrapped("  " + ansi.dim(SimulatedWeek.dayAndTime(note.at())) + "  ", 13, note.describe());
        }
    }

    /** Everything on the board, section after section. */
    public void board(StatusBoard board) {
        datasets(board);
        banners(board);
        crossTenantChecks(board);
        neverSucceeded(board);
        heading("Catalog findings (catalog.findings())");
        for (CatalogFinding finding : board.findings()) {
            wrapped("  - ", 4, finding.message());
        }
        heading("Registry (catalog.toMarkdownTable())");
        out.print(board.registry());
    }

    private void datasets(StatusBoard board) {
        heading("Datasets by tenant, at " + dateAndTime(board.at()));
        List<String> header = new ArrayList<>(List.of("Dataset", "Max age"));
        board.scopes().forEach(scope -> header.add(columnName(scope)));
        List<List<StatusBoard.Cell>> columns = board.scopes().stream().map(scope -> board.cells().get(scope)).toList();

        int datasetWidth = header.get(0).length();
        for (var dataset : board.datasets()) {
            datasetWidth = Math.max(datasetWidth, dataset.key().value().length());
        }
        int maxAgeWidth = header.get(1).length();
        for (StatusBoard.Cell cell : columns.get(0)) {
            maxAgeWidth = Math.max(maxAgeWidth, maxAge(cell).length());
        }
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            int width = header.get(c + 2).length();
            for (StatusBoard.Cell cell : columns.get(c)) {
                width = Math.max(width, cell.summary().length());
            }
            widths.add(width);
        }
        StringBuilder top = new StringBuilder("  ").append(pad(header.get(0), datasetWidth)).append("  ")
                .append(pad(header.get(1), maxAgeWidth));
        for (int c = 0; c < columns.size(); c++) {
            top.append("  ").append(pad(header.get(c + 2), widths.get(c)));
        }
        out.println(ansi.bold(top.toString().stripTrailing()));
        for (int row = 0; row < board.datasets().size(); row++) {
            StatusBoard.Cell first = columns.get(0).get(row);
            StringBuilder line = new StringBuilder("  ").append(pad(first.dataset().key().value(), datasetWidth))
                    .append("  ").append(pad(maxAge(first), maxAgeWidth));
            for (int c = 0; c < columns.size(); c++) {
                StatusBoard.Cell cell = columns.get(c).get(row);
                line.append("  ").append(colour(cell)).append(" ".repeat(widths.get(c) - cell.summary().length()));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private void banners(StatusBoard board) {
        heading("Page banners, per tenant (freshness.report(tenant, page)), with what comes next (formatter.outlook(report))");
        for (StatusBoard.PageBanners page : board.tenantPages()) {
            out.println("  " + pageName(page.page()));
            int tenantWidth = page.reports().stream().mapToInt(report -> columnName(report.scope()).length()).max().orElse(0);
            for (FreshnessReport report : page.reports()) {
                banner("    " + pad(columnName(report.scope()), tenantWidth) + "  ", report);
            }
        }
    }

    private void crossTenantChecks(StatusBoard board) {
        heading("Pages with no tenant selector: one check across tenants (freshness.staleScopes(page))");
        for (StatusBoard.CrossTenantCheck check : board.crossTenantChecks()) {
            String name = pageName(check.page());
            if (check.page().requirements().isEmpty()) {
                out.println("  " + name + ": needs no dataset yet, so there is nothing to check (see the findings)");
                continue;
            }
            List<FreshnessReport> stale = check.staleScopes();
            out.println("  " + name + ": " + (stale.isEmpty() ? ansi.green("every tenant is fresh")
                    : stale.size() + (stale.size() == 1 ? " tenant" : " tenants") + " at warning or worse")
                    + ansi.dim(" (isAnyScopeStale: " + check.anyScopeStale() + ")"));
            int tenantWidth = stale.stream().mapToInt(report -> columnName(report.scope()).length()).max().orElse(0);
            for (FreshnessReport report : stale) {
                banner("    " + pad(columnName(report.scope()), tenantWidth) + "  ", report);
            }
        }
    }

    private void neverSucceeded(StatusBoard board) {
        heading("Tenants that never had a success of what a page needs (freshness.tenantsNeverSucceeded(page, tenants))");
        int pageWidth = board.neverSucceeded().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, List<String>> entry : board.neverSucceeded().entrySet()) {
            String tenants = entry.getValue().isEmpty() ? ansi.green("none") : ansi.red(String.join(", ", entry.getValue()));
            out.println("  " + pad(entry.getKey(), pageWidth) + "  " + tenants);
        }
    }

    private void banner(String prefix, FreshnessReport report) {
        Severity severity = report.severity();
        String label = pad(severity.name(), 8);
        String coloured = switch (severity) {
            case OK -> ansi.green(label);
            case WARNING -> ansi.yellow(label);
            case CRITICAL -> ansi.red(label);
        };
        String text = report.isFresh() ? ansi.dim(sentences(report)) : report.banner();
        // What comes next if nothing succeeds: "Ad assets goes stale in 21 hours 30 minutes."
        String outlook = ReportFormatter.english().outlook(report);
        wrapped(prefix + coloured + "  ", prefix.length() + 10, outlook.isEmpty() ? text : text + " " + outlook);
    }

    /** Prints {@code text} after {@code prefix}, wrapped at {@link #WIDTH}, continuation lines indented by {@code indent}. */
    private void wrapped(String prefix, int indent, String text) {
        int room = Math.max(40, WIDTH - indent);
        StringBuilder line = new StringBuilder();
        boolean first = true;
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                out.println((first ? prefix : " ".repeat(indent)) + line);
                first = false;
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        out.println((first ? prefix : " ".repeat(indent)) + line);
    }

    private String colour(StatusBoard.Cell cell) {
        String label = cell.label();
        String coloured = cell.ageVerdict().map(verdict -> colour(verdict, label)).orElse(ansi.dim(label));
        StringBuilder text = new StringBuilder(coloured);
        for (String flag : cell.flags()) {
            text.append(", ").append(switch (flag) {
                case "failing" -> ansi.red(flag);
                case "refreshing" -> ansi.cyan(flag);
                default -> ansi.magenta(flag);
            });
        }
        return text.toString();
    }

    private String colour(AgeVerdict verdict, String text) {
        return switch (verdict) {
            case FRESH -> ansi.green(text);
            case STALE -> ansi.yellow(text);
            case EXPIRED, NEVER_SUCCEEDED -> ansi.red(text);
        };
    }

    private static String maxAge(StatusBoard.Cell cell) {
        return cell.rule().map(StatusBoard::maxAge).orElse("-");
    }

    /** The sentence of every verdict of the report, fresh ones included, in the page's order. */
    static String sentences(FreshnessReport report) {
        return String.join(" ", report.verdicts().stream().map(DatasetVerdict::sentence).toList());
    }

    static String columnName(Scope scope) {
        return scope.isGlobal() ? "(global)" : scope.tenantId().orElseThrow();
    }

    private static String pageName(PageDefinition page) {
        return page.title() + " (" + page.key() + ")";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /**
     * ANSI colours, on only when the output is a terminal and {@code NO_COLOR} is not set
     * (<a href="https://no-color.org">no-color.org</a>).
     */
    public static final class Ansi {

        /** No colour at all. */
        public static final Ansi NONE = new Ansi(false);

        private final boolean enabled;

        private Ansi(boolean enabled) {
            this.enabled = enabled;
        }

        /** Colours when {@link System#console()} is there and {@code NO_COLOR} is unset or empty. */
        public static Ansi forThisTerminal() {
            String noColor = System.getenv("NO_COLOR");
            return new Ansi(System.console() != null && (noColor == null || noColor.isEmpty()));
        }

        /** True when colours are written. */
        public boolean enabled() {
            return enabled;
        }

        String bold(String text) {
            return wrap("1", text);
        }

        String dim(String text) {
            return wrap("2", text);
        }

        String red(String text) {
            return wrap("31", text);
        }

        String green(String text) {
            return wrap("32", text);
        }

        String yellow(String text) {
            return wrap("33", text);
        }

        String magenta(String text) {
            return wrap("35", text);
        }

        String cyan(String text) {
            return wrap("36", text);
        }

        private String wrap(String code, String text) {
            return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
        }
    }
}
