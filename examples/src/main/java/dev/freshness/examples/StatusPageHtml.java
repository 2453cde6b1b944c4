package dev.freshness.examples;

import dev.freshness.core.Scope;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.FreshnessReport;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status page: the {@link StatusBoard} as one HTML document. Every piece of text, titles and errors
 * included, goes through {@link #escape(String)}: the only markup is this class's own.
 */
final class StatusPageHtml {

    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: .5em 0 1.5em; }
            th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
            thead th { background: #f4f4f4; }
            th small { font-weight: normal; color: #666; }
            td.fresh { background: #d9f2d9; } td.stale { background: #fff1c2; }
            td.expired, td.never { background: #f8d0d0; } td.none { color: #666; }
            .flag { font-weight: bold; } .abandoned { color: #8a2be2; } .failing { color: #b00020; }
            .refreshing { color: #00639c; }
            .OK { color: #1b7a1b; } .WARNING { color: #8a6d00; } .CRITICAL { color: #b00020; }
            li { margin: .3em 0; } pre { background: #f8f8f8; padding: 1em; }
            """;

    private final StringBuilder html = new StringBuilder();

    private StatusPageHtml() {
    }

    /** The page for {@code board}. */
    static String render(StatusBoard board) {
        return new StatusPageHtml().page(board);
    }

    /** {@code text} with {@code & < > " '} replaced by entities, safe in element content and quoted attributes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private String page(StatusBoard board) {
        tag("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        tag("<title>").text("Freshness status").tag("</title><style>").tag(STYLE).tag("</style></head><body>\n");
        tag("<h1>").text("Freshness status").tag("</h1><p>").text("At " + TextReport.dateAndTime(board.at())
                + ". Hover a cell for its banner sentence and last error.").tag("</p>\n");
        grid(board);
        lastErrors(board);
        banners(board);
        crossTenantChecks(board);
        neverSucceeded(board);
        tag("<h2>").text("Catalog findings").tag("</h2><ul>");
        for (CatalogFinding finding : board.findings()) {
            tag("<li>").text(finding.message()).tag("</li>");
        }
        tag("</ul>\n<h2>").text("Registry").tag("</h2><pre>").text(board.registry()).tag("</pre>\n");
        tag("</body></html>\n");
        return html.toString();
    }

    private void grid(StatusBoard board) {
        tag("<h2>").text("Datasets by tenant").tag("</h2>\n<table id=\"datasets\"><thead><tr><th>").text("Tenant").tag("</th>");
        List<StatusBoard.Cell> firstRow = board.cells().get(board.scopes().get(0));
        for (StatusBoard.Cell cell : firstRow) {
            DatasetDefinition dataset = cell.dataset();
            tag("<th title=\"").text(dataset.title()).tag("\">").text(dataset.key().value()).tag("<br><small>")
                    .text(dataset.title() + cell.rule().map(rule -> ", max age " + StatusBoard.maxAge(rule))
                            .orElse(", no page needs it"))
                    .tag("</small></th>");
        }
        tag("</tr></thead><tbody>\n");
        for (Scope scope : board.scopes()) {
            tag("<tr><th>").text(TextReport.columnName(scope)).tag("</th>");
            for (StatusBoard.Cell cell : board.cells().get(scope)) {
                String hover = hover(cell) + cell.lastError().map(error -> "\nLast error: " + error).orElse("");
                tag("<td class=\"").tag(cssClass(cell)).tag("\" title=\"").text(hover).tag("\">").text(cell.label());
                for (String flag : cell.flags()) {
                    tag(", <span class=\"flag ").tag(flag).tag("\">").text(flag).tag("</span>");
                }
                tag("</td>");
            }
            tag("</tr>\n");
        }
        tag("</tbody></table>\n");
    }

    private void lastErrors(StatusBoard board) {
        tag("<h3>").text("Latest attempts that failed").tag("</h3>");
        boolean any = false;
        for (Scope scope : board.scopes()) {
            for (StatusBoard.Cell cell : board.cells().get(scope)) {
                if (cell.lastError().isEmpty()) {
                    continue;
                }
                if (!any) {
                    tag("<table id=\"errors\"><thead><tr><th>").text("Tenant").tag("</th><th>").text("Dataset")
                            .tag("</th><th>").text("Failed at").tag("</th><th>").text("Error").tag("</th></tr></thead><tbody>");
                    any = true;
                }
                tag("<tr><td>").text(TextReport.columnName(scope)).tag("</td><td>").text(cell.dataset().title())
                        .tag("</td><td>").text(TextReport.dateAndTime(cell.status().lastFailure().orElseThrow().at()))
                        .tag("</td><td>").text(cell.lastError().orElseThrow()).tag("</td></tr>");
            }
        }
        if (any) {
            tag("</tbody></table>\n");
        } else {
            tag("<p>").text("None.").tag("</p>\n");
        }
    }

    private void banners(StatusBoard board) {
        tag("<h2>").text("Page banners, per tenant").tag("</h2>\n");
        for (StatusBoard.PageBanners page : board.tenantPages()) {
            tag("<h3>").text(page.page().title() + " (" + page.page().key() + ")").tag("</h3><ul>");
            page.reports().forEach(this::banner);
            tag("</ul>\n");
        }
    }

    private void crossTenantChecks(StatusBoard board) {
        tag("<h2>").text("Pages with no tenant selector: one check across tenants").tag("</h2>\n");
        for (StatusBoard.CrossTenantCheck check : board.crossTenantChecks()) {
            tag("<h3>").text(check.page().title() + " (" + check.page().key() + ")").tag("</h3>");
            if (check.page().requirements().isEmpty()) {
                tag("<p>").text("Needs no dataset yet, so there is nothing to check.").tag("</p>\n");
            } else if (check.staleScopes().isEmpty()) {
                tag("<p class=\"OK\">").text("Every tenant is fresh.").tag("</p>\n");
            } else {
                tag("<ul>");
                check.staleScopes().forEach(this::banner);
                tag("</ul>\n");
            }
        }
    }

    private void neverSucceeded(StatusBoard board) {
        tag("<h2>").text("Tenants that never had a success of what a page needs").tag("</h2><ul>");
        for (Map.Entry<String, List<String>> entry : board.neverSucceeded().entrySet()) {
            tag("<li>").text(entry.getKey() + ": " + (entry.getValue().isEmpty() ? "none" : String.join(", ", entry.getValue())))
                    .tag("</li>");
        }
        tag("</ul>\n");
    }

    private void banner(FreshnessReport report) {
        String severity = report.severity().name();
        tag("<li><b>").text(TextReport.columnName(report.scope())).tag("</b> <span class=\"").tag(severity).tag("\">")
                .text(severity).tag("</span> ")
                .text(report.isFresh() ? TextReport.sentences(report) : report.banner()).tag("</li>");
    }

    private static String hover(StatusBoard.Cell cell) {
        if (cell.sentence().isPresent()) {
            return cell.sentence().get();
        }
        String title = cell.dataset().title();
        return cell.status().isEmpty() ? title + ": nothing recorded for " + TextReport.columnName(cell.scope()) + "."
                : title + ": no page needs this dataset.";
    }

    private static String cssClass(StatusBoard.Cell cell) {
        return cell.ageVerdict().map(verdict -> verdict == AgeVerdict.NEVER_SUCCEEDED ? "never"
                : verdict.name().toLowerCase(Locale.ROOT)).orElse("none");
    }

    /** Appends this class's own markup, never data. */
    private StatusPageHtml tag(String markup) {
        html.append(markup);
        return this;
    }

    /** Appends data, escaped. */
    private StatusPageHtml text(String text) {
        html.append(escape(text));
        return this;
    }
}
