package dev.freshness.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenLineage JSON schema, as the spec validates an event: the event against the schema its
 * {@code schemaURL} names, and each facet against the schema its {@code _schemaURL} names. The schemas are read
 * from {@code src/test/resources/openlineage-spec} (the spec's URLs mapped there, nothing fetched), so an event or
 * facet of a spec version that is not there is a violation too: a newer client's events fail until the schemas of
 * its version are added.
 */
final class OpenLineageSchema {

    /** The schema of the run events openlineage-java 1.55.0 writes. */
    static final String RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    private static final String SPEC = "https://openlineage.io/spec/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(SPEC, "classpath:openlineage-spec/"))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** What is wrong with {@code eventJson} by the spec; empty for a valid run event. */
    List<String> violations(String eventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(eventJson);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> violations = new ArrayList<>();
        String schemaUrl = event.path("schemaURL").asText("");
        if (!schemaUrl.equals(RUN_EVENT)) {
            violations.add("schemaURL is " + schemaUrl + ", not the run event schema of the client's version " + RUN_EVENT);
        }
        check(event, RUN_EVENT, "$", violations);
        JsonNode run = event.path("run");
        facets(run.path("facets"), "$.run.facets", violations);
        facets(event.path("job").path("facets"), "$.job.facets", violations);
        for (String side : List.of("inputs", "outputs")) {
            JsonNode datasets = event.path(side);
            for (int i = 0; i < datasets.size(); i++) {
                String at = "$." + side + "[" + i + "]";
                facets(datasets.get(i).path("facets"), at + ".facets", violations);
                facets(datasets.get(i).path(side.equals("inputs") ? "inputFacets" : "outputFacets"),
                        at + (side.equals("inputs") ? ".inputFacets" : ".outputFacets"), violations);
            }
        }
        return violations;
    }

    private void facets(JsonNode facets, String at, List<String> violations) {
        for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> facet = it.next();
            String url = facet.getValue().path("_schemaURL").asText("");
            if (url.isEmpty()) {
                violations.add(at + "." + facet.getKey() + ": no _schemaURL");
            } else {
                check(facet.getValue(), url, at + "." + facet.getKey(), violations);
            }
        }
    }

    private void check(JsonNode node, String schemaUrl, String at, List<String> violations) {
        Schema schema;
        try {
            schema = schemas.computeIfAbsent(schemaUrl, url -> registry.getSchema(SchemaLocation.of(url)));
        } catch (SchemaException | UncheckedIOException | IllegalArgumentException | IllegalStateException unknown) {
            violations.add(at + ": no schema " + schemaUrl + " among the test's spec files (" + unknown + ")");
            return;
        }
        for (Error error : schema.validate(node)) {
            violations.add(at + ": " + error);
        }
    }
}
