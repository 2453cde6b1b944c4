package dev.freshness.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema check the end-to-end tests rely on: the client's own events of the kinds this module sends pass, and
 * each way of breaking the spec is caught, so that an empty list of violations means something.
 */
class OpenLineageSchemaTest {

    private static final OpenLineageSchema SCHEMA = new OpenLineageSchema();
    private static final OpenLineage OL = new OpenLineage(URI.create("https://example.com/producer"));

    private static String failedRunWithAnOutput() {
        return OpenLineageClientUtils.toJson(OL.newRunEventBuilder()
                .eventType(OpenLineage.RunEvent.EventType.FAIL)
                .eventTime(ZonedDateTime.of(2026, 3, 9, 6, 0, 0, 0, ZoneOffset.UTC))
                .run(OL.newRunBuilder().runId(UUID.fromString("1d294cfe-2343-521e-a56e-05788bc150df"))
                        .facets(OL.newRunFacetsBuilder().errorMessage(OL.newErrorMessageRunFacet("boom", "JAVA", null))
                                .build()).build())
                .job(OL.newJobBuilder().namespace("freshness").name("meta_sync").build())
                .inputs(List.of())
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace("freshness").name("acme/ad_assets")
                        .outputFacets(OL.newOutputDatasetOutputFacetsBuilder()
                                .outputStatistics(OL.newOutputStatisticsOutputDatasetFacet(8L, null, null)).build())
                        .build()))
                .build());
    }

    @Test
    void theClientsEventsOfTheKindsThisModuleSendsAreValid() {
        String event = failedRunWithAnOutput();

        assertThat(event).contains(OpenLineageSchema.RUN_EVENT, "ErrorMessageRunFacet.json",
                "OutputStatisticsOutputDatasetFacet.json");
        assertThat(SCHEMA.violations(event)).isEmpty();
    }

    @Test
    void everyWayOfBreakingTheSpecIsCaught() {
        String valid = failedRunWithAnOutput();

        assertThat(SCHEMA.violations(valid.replace("1d294cfe-2343-521e-a56e-05788bc150df", "run-1")))
                .as("a run id that is no UUID").singleElement().asString().contains("/run/runId");
        assertThat(SCHEMA.violations(valid.replace("\"FAIL\"", "\"DONE\""))).as("an event type the spec lacks")
                .isNotEmpty();
        assertThat(SCHEMA.violations(valid.replace("\"name\":\"meta_sync\",", "").replace(",\"name\":\"meta_sync\"", "")))
                .as("a job with no name").singleElement().asString().contains("/job", "name");
        assertThat(SCHEMA.violations(valid.replace("\"rowCount\":8", "\"rowCount\":\"8\"")))
                .as("a row count that is no integer").singleElement().asString().contains("outputStatistics");
        assertThat(SCHEMA.violations(valid.replace("\"programmingLanguage\":\"JAVA\",", "")
                        .replace(",\"programmingLanguage\":\"JAVA\"", "")))
                .as("an error message facet with no language").singleElement().asString().contains("errorMessage");
        assertThat(SCHEMA.violations(valid.replaceFirst("\"eventTime\":\"[^\"]+\"", "\"eventTime\":\"Monday\"")))
                .as("an event time that is no date-time").isNotEmpty();
        assertThat(SCHEMA.violations(valid.replace("facets/1-0-1/ErrorMessageRunFacet", "facets/9-9-9/ErrorMessageRunFacet")))
                .as("a facet of a spec version the tests do not have").singleElement().asString().contains("no schema");
        assertThat(SCHEMA.violations(valid.replace("spec/2-0-2/OpenLineage.json#/$defs/RunEvent", "spec/2-0-3/OpenLineage.json#/$defs/RunEvent")))
                .as("an event of another spec version").isNotEmpty();
        assertThat(SCHEMA.violations("{")).singleElement().asString().startsWith("not JSON");
    }
}
