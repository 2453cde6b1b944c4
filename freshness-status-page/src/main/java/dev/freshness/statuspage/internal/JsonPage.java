package dev.freshness.statuspage.internal;

import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.RunState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The status page as JSON, the same content as the HTML: the shape is documented in the README's "Status page"
 * section and pinned by the module's tests. Instants are ISO-8601 UTC strings, durations ISO-8601 durations
 * ({@code PT24H}), absent values {@code null}.
 */
public final class JsonPage {

    private final StatusView view;
    private final StringBuilder json = new StringBuilder(8_192);

    private JsonPage(StatusView view) {
        this.view = view;
    }

    /** The JSON document for {@code view}. */
    public static String render(StatusView view) {
        return new JsonPage(view).document();
    }

    private String document() {
        json.append('{');
        field("title").string(view.title()).comma();
        field("at").instant(view.at()).comma();
        field("tenant").string(view.tenant().map(Text::filterValue).orElse(null)).comma();
        field("pages").array(view.pages(), this::page).comma();
        field("datasets").array(view.datasets(), this::dataset).comma();
        field("catalog").append('{');
        field("datasets").array(view.catalog().datasets(), this::catalogDataset).comma();
        field("pages").array(view.catalog().pages(), this::catalogPage).comma();
        field("findings").array(view.catalog().findings(), this::finding);
        json.append("}}\n");
        return json.toString();
    }

    private void page(StatusView.PageSection section) {
        json.append('{');
        field("key").string(section.page().key()).comma();
        field("title").string(section.page().title()).comma();
        field("scopes").array(section.reports(), this::scope).comma();
        field("next").string(section.next() == null ? null : section.next().text());
        json.append('}');
    }

    private void scope(FreshnessReport report) {
        Scope scope = report.scope();
        json.append('{');
        field("tenant").string(scope.tenantId().orElse(null)).comma();
        field("global").bool(scope.isGlobal()).comma();
        field("severity").string(report.severity().name()).comma();
        field("readable").bool(report.isReadable()).comma();
        field("datasets").array(report.verdicts(), this::verdict);
        json.append('}');
    }

    /** For a scheduled rule only, {@code "due": "by 07:00 Europe/Berlin on weekdays"}. */
    private void due(Requirement requirement) {
        requirement.schedule().ifPresent(schedule -> field("due").string(schedule.describe(Locale.ENGLISH)).comma());
    }

    private void verdict(DatasetVerdict verdict) {
        json.append('{');
        field("dataset").string(verdict.dataset().key().value()).comma();
        field("title").string(verdict.dataset().title()).comma();
        field("verdict").string(verdict.ageVerdict().name()).comma();
        field("severity").string(verdict.severity().name()).comma();
        field("age").duration(verdict.age().orElse(null)).comma();
        field("warnAfter").duration(Text.warnAfterOrNull(verdict.requirement())).comma();
        due(verdict.requirement());
        field("errorAfter").duration(verdict.requirement().errorAfter().orElse(null)).comma();
        runState(verdict.runState());
        field("sentence").string(view.formatter().sentence(verdict)).comma();
        lastSuccess(verdict.status());
        latestFailure(verdict.status());
        json.append('}');
    }

    private void runState(RunState runState) {
        field("failing").bool(runState.isFailing()).comma();
        field("refreshing").bool(runState.isRefreshing()).comma();
        field("abandoned").bool(runState.isAbandoned()).comma();
    }

    private void lastSuccess(DatasetStatus status) {
        Optional<DatasetStatus.Success> success = status.lastSuccess();
        field("lastSuccess");
        if (success.isEmpty()) {
            json.append("null");
        } else {
            json.append('{');
            field("at").instant(success.get().at()).comma();
            field("runId").string(success.get().runId().value()).comma();
            field("records").append(Long.toString(success.get().recordsAffected()));
            json.append('}');
        }
        comma();
    }

    private void latestFailure(DatasetStatus status) {
        Optional<DatasetStatus.Failure> failure = status.lastFailure();
        field("latestFailure");
        if (failure.isEmpty()) {
            json.append("null");
            return;
        }
        json.append('{');
        field("at").instant(failure.get().at()).comma();
        field("runId").string(failure.get().runId().value()).comma();
        field("type").string(failure.get().error().type()).comma();
        field("shortType").string(Text.shortType(failure.get().error().type())).comma();
        field("message").string(failure.get().error().message());
        json.append('}');
    }

    private void dataset(StatusView.DatasetRow row) {
        json.append('{');
        field("dataset").string(row.dataset().key().value()).comma();
        field("title").string(row.dataset().title()).comma();
        field("verdict").string(row.verdict().map(verdict -> verdict.ageVerdict().name()).orElse(null)).comma();
        field("severity").string(row.verdict().map(verdict -> verdict.severity().name()).orElse(null)).comma();
        field("warnAfter").duration(row.rule().map(Text::warnAfterOrNull).orElse(null)).comma();
        row.rule().ifPresent(this::due);
        field("errorAfter").duration(row.rule().flatMap(Requirement::errorAfter).orElse(null)).comma();
        runState(row.runState());
        field("sentence").string(row.verdict().map(view.formatter()::sentence).orElse(null)).comma();
        lastSuccess(row.status());
        latestFailure(row.status());
        comma();
        field("runs").array(row.runs(), run -> run(run, row.dataset()));
        json.append('}');
    }

    private void run(RunRecord run, DatasetDefinition dataset) {
        json.append('{');
        field("runId").string(run.runId().value()).comma();
        field("outcome").string(Timeline.outcome(run, dataset, view.at()).name()).comma();
        field("startedAt").instant(run.startedAt()).comma();
        field("finishedAt").instant(run.finishedAt()).comma();
        field("records").append(Long.toString(run.recordsAffected())).comma();
        field("errorType").string(run.error() == null ? null : run.error().type());
        json.append('}');
    }

    private void catalogDataset(DatasetDefinition dataset) {
        json.append('{');
        field("key").string(dataset.key().value()).comma();
        field("title").string(dataset.title()).comma();
        field("maxRunDuration").duration(dataset.maxRunDuration().orElse(null)).comma();
        field("producers").array(view.catalog().producersOf(dataset.key()), name -> string(name)).comma();
        field("consumers").array(view.catalog().consumersOf(dataset.key()), page -> {
            Requirement requirement = page.requirement(dataset.key()).orElseThrow();
            json.append('{');
            field("page").string(page.key()).comma();
            field("warnAfter").duration(Text.warnAfterOrNull(requirement)).comma();
            due(requirement);
            field("errorAfter").duration(requirement.errorAfter().orElse(null));
            json.append('}');
        });
        json.append('}');
    }

    private void catalogPage(PageDefinition page) {
        json.append('{');
        field("key").string(page.key()).comma();
        field("title").string(page.title()).comma();
        field("requirements").array(page.requirements(), requirement -> {
            json.append('{');
            field("dataset").string(requirement.dataset().value()).comma();
            field("warnAfter").duration(Text.warnAfterOrNull(requirement)).comma();
            due(requirement);
            field("errorAfter").duration(requirement.errorAfter().orElse(null)).comma();
            field("ignoresEmptyRefreshes").bool(requirement.ignoresEmptyRefreshes());
            json.append('}');
        });
        json.append('}');
    }

    private void finding(CatalogFinding finding) {
        json.append('{');
        field("kind").string(finding.kind().name()).comma();
        field("subject").string(finding.subject()).comma();
        field("message").string(finding.message());
        json.append('}');
    }

    private <T> JsonPage array(List<T> items, Consumer<T> writer) {
        json.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            writer.accept(items.get(i));
        }
        json.append(']');
        return this;
    }

    private JsonPage field(String name) {
        json.append(Text.json(name)).append(':');
        return this;
    }

    private JsonPage string(String value) {
        json.append(value == null ? "null" : Text.json(value));
        return this;
    }

    private JsonPage instant(Instant value) {
        return string(value == null ? null : value.toString());
    }

    private JsonPage duration(Duration value) {
        return string(value == null ? null : value.toString());
    }

    private JsonPage bool(boolean value) {
        json.append(value);
        return this;
    }

    private JsonPage append(CharSequence raw) {
        json.append(raw);
        return this;
    }

    private JsonPage append(char raw) {
        json.append(raw);
        return this;
    }

    private void comma() {
        json.append(',');
    }
}
