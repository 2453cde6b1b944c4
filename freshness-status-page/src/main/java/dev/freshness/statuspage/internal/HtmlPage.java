package dev.freshness.statuspage.internal;

import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.Scope;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.RunState;
import dev.freshness.report.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The status page as one HTML document with no script. Every piece of data (titles, tenant ids, error messages)
 * goes through {@link Text#html}: the only markup is this class's own. Severity and verdicts are said with a
 * word and a symbol, never by colour alone; on a narrow screen each table row becomes a block of labelled lines.
 */
public final class HtmlPage {

    /** The page's only style sheet; the Content-Security-Policy allows exactly this text by its hash. */
    public static final String STYLE = """
            *{box-sizing:border-box}
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fff}
            header,main{max-width:1240px;margin:0 auto;padding:0 16px}
            h1{font-size:1.5em;margin:.6em 0 .2em}h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}
            h3{font-size:1.05em;margin:1.2em 0 .3em}
            table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
            th,td{border:1px solid #d4d4d4;padding:.35em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            thead th{background:#f3f3f3}
            .scopes th:nth-child(1){width:17%}.scopes th:nth-child(2){width:8.5em}.scopes th:nth-child(4){width:20%}
            .datasets th:nth-child(1){width:17%}.datasets th:nth-child(3),.datasets th:nth-child(4){width:15%}
            .datasets th:nth-child(5){width:220px}
            code{font-size:.92em;overflow-wrap:anywhere}
            form{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin:.6em 0}
            input{font:inherit;padding:.25em .4em;min-width:0;max-width:100%}
            button{font:inherit;padding:.25em .8em}
            .badge{display:inline-block;padding:0 .4em;border-radius:3px;font-weight:600;white-space:nowrap}
            .OK{background:#e3f4e3;color:#145214}.WARNING{background:#fff0c2;color:#6b5200}.CRITICAL{background:#fbd9d9;color:#8c0019}
            .verdicts{list-style:none;margin:0;padding:0}.verdicts li+li{margin-top:.35em}
            .flag{font-weight:600}.muted{color:#5f5f5f}
            .timeline{vertical-align:middle;max-width:100%;height:auto}
            details summary{cursor:pointer}
            .more{margin:.2em 0 1em}
            @media (max-width:700px){
            table,tbody,tr,td{display:block;width:100%}
            thead{display:none}
            tr{border:1px solid #d4d4d4;margin:0 0 .7em}
            td{border:0;border-top:1px solid #eee}
            td::before{content:attr(data-label);display:block;font-size:.8em;color:#5f5f5f}
            }
            """;

    private final StatusView view;
    private final StringBuilder html = new StringBuilder(16_384);

    private HtmlPage(StatusView view) {
        this.view = view;
    }

    /** The document for {@code view}. */
    public static String render(StatusView view) {
        return new HtmlPage(view).page();
    }

    /** The symbol and word of a severity: {@code "✓ OK"}, {@code "! WARNING"}, {@code "✕ CRITICAL"}. */
    public static String severityLabel(Severity severity) {
        return symbol(severity) + " " + severity.name();
    }

    /** The word of a verdict: {@code fresh}, {@code stale}, {@code expired}, {@code never succeeded}. */
    public static String verdictWord(AgeVerdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String symbol(Severity severity) {
        return switch (severity) {
            case OK -> "\u2713";
            case WARNING -> "!";
            case CRITICAL -> "\u2715";
        };
    }

    private String page() {
        tag("<!DOCTYPE html>\n<html lang=\"").text(view.formatter().locale().toLanguageTag().equals("und") ? "en"
                : view.formatter().locale().toLanguageTag()).tag("\"><head><meta charset=\"utf-8\">")
                .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").text(view.title())
                .tag("</title><style>").tag(STYLE).tag("</style></head><body>\n<header><h1>").text(view.title()).tag("</h1>");
        tag("<p class=\"muted\">").text("Judged at " + Text.dateTime(view.at()) + ". ").tag("<a href=\"")
                .text(jsonLink()).tag("\">").text("The same as JSON").tag("</a></p>\n");
        filter();
        tag("</header>\n<main>\n");
        pages();
        if (view.tenant().isPresent()) {
            datasets(view.tenant().get());
        }
        catalog();
        tag("</main></body></html>\n");
        return html.toString();
    }

    private void filter() {
        tag("<form method=\"get\" action=\"").text(view.basePath()).tag("\" role=\"search\"><label for=\"tenant\">")
                .text("Tenant").tag("</label><input id=\"tenant\" name=\"tenant\" size=\"24\" placeholder=\"")
                .text("tenant id, or * for global").tag("\" value=\"")
                .text(view.tenant().map(Text::filterValue).orElse("")).tag("\"><button type=\"submit\">").text("Show")
                .tag("</button>");
        if (view.tenant().isPresent()) {
            tag("<a href=\"").text(view.basePath()).tag("\">").text("All scopes").tag("</a>");
        }
        tag("</form>\n");
    }

    private void pages() {
        tag("<h2>").text(view.tenant().map(scope -> "Pages for " + Text.scopeName(scope)).orElse("Pages, worst scopes first"))
                .tag("</h2>\n");
        for (StatusView.PageSection section : view.pages()) {
            PageDefinition page = section.page();
            tag("<section class=\"page\" id=\"page-").text(page.key()).tag("\"><h3>").text(page.title()).tag(" <code>")
                    .text(page.key()).tag("</code></h3>");
            if (page.requirements().isEmpty()) {
                tag("<p class=\"muted\">").text("Needs no dataset yet, so there is nothing to check.").tag("</p></section>\n");
                continue;
            }
            tag("<p class=\"muted\">").text("Needs: " + needs(page)).tag("</p>");
            if (section.reports().isEmpty()) {
                tag("<p>").text(section.after() == null ? "No scope has any status for these datasets yet."
                        : "No more scopes.").tag("</p>");
            } else {
                scopes(section.reports());
            }
            if (section.next() != null) {
                tag("<p class=\"more\"><a href=\"").text(view.basePath() + "?page=" + Text.url(page.key()) + "&after="
                        + Text.url(section.next().text()) + "#page-" + page.key()).tag("\">").text("Next scopes")
                        .tag("</a></p>");
            }
            tag("</section>\n");
        }
    }

    private String needs(PageDefinition page) {
        List<String> needs = new ArrayList<>();
        for (Requirement requirement : page.requirements()) {
            String title = view.catalog().dataset(requirement.dataset()).map(DatasetDefinition::title)
                    .orElse(requirement.dataset().value());
            needs.add(title + " " + Text.need(requirement));
        }
        return String.join("; ", needs);
    }

    private void scopes(List<FreshnessReport> reports) {
        tag("<table class=\"scopes\"><thead><tr><th>").text("Scope").tag("</th><th>").text("Status").tag("</th><th>")
                .text("Datasets").tag("</th><th>").text("Latest failure").tag("</th></tr></thead><tbody>\n");
        for (FreshnessReport report : reports) {
            Scope scope = report.scope();
            tag("<tr class=\"scope\"><td data-label=\"Scope\"><a class=\"scope-name\" href=\"")
                    .text(view.basePath() + "?tenant=" + Text.url(Text.filterValue(scope))).tag("\">")
                    .text(Text.scopeName(scope)).tag("</a></td><td data-label=\"Status\">");
            badge(report.severity());
            tag("</td><td data-label=\"Datasets\"><ul class=\"verdicts\">");
            if (!report.isReadable()) {
                tag("<li>").text(view.formatter().banner(report)).tag("</li>");
            }
            for (DatasetVerdict verdict : report.verdicts()) {
                tag("<li>");
                verdictLabel(verdict);
                tag(" ").text(view.formatter().sentence(verdict));
                outlook(verdict);
                tag("</li>");
            }
            tag("</ul></td><td data-label=\"Latest failure\">");
            List<DatasetStatus> failures = report.verdicts().stream().map(DatasetVerdict::status)
                    .filter(status -> status.lastFailure().isPresent()).toList();
            if (failures.isEmpty()) {
                tag("<span class=\"muted\">").text("none").tag("</span>");
            }
            for (DatasetStatus status : failures) {
                String title = view.catalog().dataset(status.dataset()).map(DatasetDefinition::title)
                        .orElse(status.dataset().value());
                failure(report.verdicts().size() > 1 ? title : null, status.lastFailure().orElseThrow());
            }
            tag("</td></tr>\n");
        }
        tag("</tbody></table>");
    }

    /**
     * For a fresh verdict, when it goes stale if nothing succeeds meanwhile ("Goes stale in 3 hours."): a stale
     * verdict's banner already asks for attention, a fresh one's does not say how long it stays so.
     */
    private void outlook(DatasetVerdict verdict) {
        String outlook = verdict.severity() == Severity.OK ? view.formatter().outlook(verdict) : "";
        if (!outlook.isEmpty()) {
            tag(" <span class=\"outlook\">").text(outlook).tag("</span>");
        }
    }

    private void datasets(Scope scope) {
        tag("<h2>").text("Datasets of " + Text.scopeName(scope)).tag("</h2>\n<table class=\"datasets\"><thead><tr><th>")
                .text("Dataset").tag("</th><th>").text("Verdict").tag("</th><th>").text("Last success").tag("</th><th>")
                .text("Latest failure").tag("</th><th>").text("Recent runs").tag("</th></tr></thead><tbody>\n");
        for (StatusView.DatasetRow row : view.datasets()) {
            DatasetDefinition dataset = row.dataset();
            tag("<tr class=\"dataset\" id=\"dataset-").text(dataset.key().value()).tag("\"><td data-label=\"Dataset\">")
                    .text(dataset.title()).tag("<br><code>").text(dataset.key().value()).tag("</code></td><td data-label=\"Verdict\">");
            if (row.verdict().isPresent()) {
                verdictLabel(row.verdict().get());
                tag(" ").text(view.formatter().sentence(row.verdict().get()));
                outlook(row.verdict().get());
            } else {
                tag("<span class=\"muted\">").text(row.rule().isEmpty() ? "No page needs it." : "Nothing recorded.")
                        .tag("</span>");
                flags(row.runState());
            }
            tag("</td><td data-label=\"Last success\">");
            Optional<DatasetStatus.Success> success = row.status().lastSuccess();
            if (success.isPresent()) {
                text(Text.compact(Text.since(success.get().at(), view.at())) + " ago, " + success.get().recordsAffected()
                        + " records").tag("<br><span class=\"muted\">").text(Text.dateTime(success.get().at())).tag("</span>");
            } else {
                tag("<span class=\"muted\">").text("never").tag("</span>");
            }
            tag("</td><td data-label=\"Latest failure\">");
            if (row.status().lastFailure().isPresent()) {
                failure(null, row.status().lastFailure().get());
            } else {
                tag("<span class=\"muted\">").text("none").tag("</span>");
            }
            tag("</td><td data-label=\"Recent runs\">");
            if (row.runs().isEmpty()) {
                tag("<span class=\"muted\">").text("no runs").tag("</span>");
            } else {
                tag(Timeline.svg(row.runs(), dataset, view.at())).tag("<br><span class=\"muted runs-summary\">")
                        .text(Timeline.summary(row.runs(), dataset, view.at())).tag("</span>");
            }
            tag("</td></tr>\n");
        }
        tag("</tbody></table>\n");
    }

    private void catalog() {
        tag("<h2>").text("Catalog").tag("</h2>\n<h3>").text("Datasets").tag("</h3><table class=\"catalog-datasets\"><thead><tr><th>")
                .text("Dataset").tag("</th><th>").text("Produced by").tag("</th><th>").text("Needed by").tag("</th><th>")
                .text("Max run").tag("</th></tr></thead><tbody>\n");
        for (DatasetDefinition dataset : view.catalog().datasets()) {
            tag("<tr><td data-label=\"Dataset\">").text(dataset.title()).tag("<br><code>").text(dataset.key().value())
                    .tag("</code></td><td data-label=\"Produced by\">");
            List<String> producers = view.catalog().producersOf(dataset.key());
            if (producers.isEmpty()) {
                tag("<span class=\"muted\">").text("no producer").tag("</span>");
            }
            codes(producers);
            tag("</td><td data-label=\"Needed by\">");
            List<PageDefinition> consumers = view.catalog().consumersOf(dataset.key());
            if (consumers.isEmpty()) {
                tag("<span class=\"muted\">").text("no page").tag("</span>");
            }
            for (int i = 0; i < consumers.size(); i++) {
                PageDefinition page = consumers.get(i);
                tag(i == 0 ? "" : "<br>").tag("<code>").text(page.key()).tag("</code> ")
                        .text(Text.need(page.requirement(dataset.key()).orElseThrow()));
            }
            tag("</td><td data-label=\"Max run\">").text(dataset.maxRunDuration().map(Text::hours).orElse("-"))
                    .tag("</td></tr>\n");
        }
        tag("</tbody></table>\n<h3>").text("Pages").tag("</h3><table class=\"catalog-pages\"><thead><tr><th>").text("Page")
                .tag("</th><th>").text("Needs").tag("</th></tr></thead><tbody>\n");
        for (PageDefinition page : view.catalog().pages()) {
            tag("<tr><td data-label=\"Page\">").text(page.title()).tag("<br><code>").text(page.key())
                    .tag("</code></td><td data-label=\"Needs\">")
                    .text(page.requirements().isEmpty() ? "nothing yet" : needs(page)).tag("</td></tr>\n");
        }
        tag("</tbody></table>\n<h3>").text("Findings").tag("</h3>");
        if (view.catalog().findings().isEmpty()) {
            tag("<p class=\"muted\">").text("None.").tag("</p>\n");
        } else {
            tag("<ul class=\"findings\">");
            for (CatalogFinding finding : view.catalog().findings()) {
                tag("<li>").text(finding.message()).tag("</li>");
            }
            tag("</ul>\n");
        }
    }

    private void codes(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            tag(i == 0 ? "<code>" : ", <code>").text(names.get(i)).tag("</code>");
        }
    }

    private void badge(Severity severity) {
        tag("<span class=\"badge ").tag(severity.name()).tag("\">").text(severityLabel(severity)).tag("</span>");
    }

    private void verdictLabel(DatasetVerdict verdict) {
        String label = symbol(verdict.severity()) + " " + verdictWord(verdict.ageVerdict())
                + verdict.age().map(age -> " " + Text.compact(age)).orElse("");
        tag("<span class=\"badge verdict ").tag(verdict.severity().name()).tag("\">").text(label).tag("</span>");
        flags(verdict.runState());
    }

    private void flags(RunState runState) {
        if (runState.isFailing()) {
            tag(" <span class=\"flag\">").text("\u2715 failing").tag("</span>");
        }
        if (runState.isRefreshing()) {
            tag(" <span class=\"flag\">").text("\u21bb refreshing").tag("</span>");
        }
        if (runState.isAbandoned()) {
            tag(" <span class=\"flag\">").text("\u26a0 abandoned").tag("</span>");
        }
    }

    private void failure(String datasetTitle, DatasetStatus.Failure failure) {
        String summary = (datasetTitle == null ? "" : datasetTitle + ": ") + Text.shortType(failure.error().type()) + ", "
                + Text.compact(Text.since(failure.at(), view.at())) + " ago";
        tag("<details class=\"failure\"><summary>").text(summary).tag("</summary><p>").text(Text.dateTime(failure.at())
                + ", run " + failure.runId().value()).tag("<br><code class=\"error\">")
                .text(failure.error().type() + ": " + failure.error().message()).tag("</code></p></details>");
    }

    private String jsonLink() {
        String base = view.basePath().endsWith("/") ? view.basePath() : view.basePath() + "/";
        return base + "status.json" + view.tenant().map(scope -> "?tenant=" + Text.url(Text.filterValue(scope))).orElse("");
    }

    /** Appends this class's own markup, never data. */
    private HtmlPage tag(String markup) {
        html.append(markup);
        return this;
    }

    /** Appends data, escaped. */
    private HtmlPage text(String text) {
        html.append(Text.html(text));
        return this;
    }
}
