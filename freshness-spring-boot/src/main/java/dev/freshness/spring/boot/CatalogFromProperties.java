package dev.freshness.spring.boot;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Producer;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the {@link Catalog} of {@code freshness.catalog} (or {@code freshness.catalog-location}) with the
 * API's own builder, so that the properties obey exactly the rules of a catalog built in code, and turns each
 * problem into an {@link InvalidConfigurationPropertyValueException} naming the property at fault, which Spring
 * Boot reports at start-up with where the property came from.
 */
final class CatalogFromProperties {

    private static final String CATALOG = FreshnessProperties.PREFIX + ".catalog";
    private static final String LOCATION = FreshnessProperties.PREFIX + ".catalog-location";

    private CatalogFromProperties() {
    }

    static Catalog build(FreshnessProperties properties, ResourceLoader resources) {
        FreshnessProperties.CatalogDefinition definition = properties.getCatalog();
        String location = properties.getCatalogLocation();
        if (location != null && !location.isBlank()) {
            if (!definition.isEmpty()) {
                throw new InvalidConfigurationPropertyValueException(LOCATION, location,
                        "Set either " + LOCATION + " or " + CATALOG + ", not both.");
            }
            return fromResource(location, resources);
        }
        return fromDefinition(definition);
    }

    private static Catalog fromResource(String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new InvalidConfigurationPropertyValueException(LOCATION, location, "No such resource.");
        }
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return Catalog.fromProperties(reader, location);
        } catch (IOException e) {
            throw new InvalidConfigurationPropertyValueException(LOCATION, location, "Cannot read it: " + e);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(LOCATION, location, e.getMessage());
        }
    }

    private static Catalog fromDefinition(FreshnessProperties.CatalogDefinition definition) {
        List<DatasetDefinition> datasets = new ArrayList<>();
        definition.getDatasets().forEach((key, dataset) -> {
            String path = CATALOG + ".datasets" + element(key);
            checked(path, key, () -> DatasetKey.of(key));
            FreshnessProperties.Dataset given = dataset == null ? new FreshnessProperties.Dataset() : dataset;
            DatasetDefinition declared = checked(path + ".title", given.getTitle(),
                    () -> DatasetDefinition.of(key, required(given.getTitle())));
            if (given.getMaxRunDuration() != null) {
                declared = checked(path + ".max-run-duration", given.getMaxRunDuration(),
                        () -> DatasetDefinition.of(key, given.getTitle()).withMaxRunDuration(given.getMaxRunDuration()));
            }
            datasets.add(declared);
        });

        List<Producer> producers = new ArrayList<>();
        List<String> producerPaths = new ArrayList<>();
        definition.getProducers().forEach((job, keys) -> {
            String path = CATALOG + ".producers" + element(job);
            List<DatasetKey> produced = new ArrayList<>();
            List<String> given = keys == null ? List.of() : keys;
            for (int i = 0; i < given.size(); i++) {
                String key = given.get(i);
                produced.add(checked(path + "[" + i + "]", key, () -> DatasetKey.of(key)));
            }
            producers.add(checked(path, job, () -> new Producer(job, produced)));
            producerPaths.add(path);
        });

        List<PageDefinition> pages = new ArrayList<>();
        List<List<String>> needPaths = new ArrayList<>();
        definition.getPages().forEach((key, page) -> {
            String path = CATALOG + ".pages" + element(key);
            FreshnessProperties.Page given = page == null ? new FreshnessProperties.Page() : page;
            List<Requirement> requirements = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (Map.Entry<String, FreshnessProperties.Need> entry : given.getNeeds().entrySet()) {
                String needPath = path + ".needs" + element(entry.getKey());
                requirements.add(requirement(needPath, entry.getKey(), entry.getValue()));
                paths.add(needPath);
            }
            pages.add(checked(path + ".title", given.getTitle(),
                    () -> new PageDefinition(key, required(given.getTitle()), requirements)));
            needPaths.add(paths);
        });

        // The builder names the first item at fault but not where it was set: each reference is checked on its
        // own, against the declared datasets, so that the error names the property.
        Catalog.Builder catalog = withDatasets(datasets);
        for (int i = 0; i < producers.size(); i++) {
            Producer producer = producers.get(i);
            checked(producerPaths.get(i), producer.datasets(),
                    () -> withDatasets(datasets).producer(producer).build());
        }
        for (int i = 0; i < pages.size(); i++) {
            PageDefinition page = pages.get(i);
            for (int j = 0; j < page.requirements().size(); j++) {
                Requirement requirement = page.requirements().get(j);
                checked(needPaths.get(i).get(j), requirement.dataset(), () -> withDatasets(datasets)
                        .page(new PageDefinition(page.key(), page.title(), List.of(requirement))).build());
            }
        }
        producers.forEach(catalog::producer);
        pages.forEach(catalog::page);
        return checked(CATALOG, "", catalog::build);
    }

    private static Catalog.Builder withDatasets(List<DatasetDefinition> datasets) {
        Catalog.Builder builder = Catalog.builder();
        datasets.forEach(builder::dataset);
        return builder;
    }

    private static Requirement requirement(String path, String dataset, FreshnessProperties.Need need) {
        FreshnessProperties.Need given = need == null ? new FreshnessProperties.Need() : need;
        checked(path, dataset, () -> DatasetKey.of(dataset));
        Duration warnAfter = given.getWarnAfter();
        Requirement requirement = checked(path + ".warn-after", warnAfter,
                () -> Requirement.of(dataset, required(warnAfter)));
        if (given.getErrorAfter() != null) {
            Requirement warnOnly = requirement;
            requirement = checked(path + ".error-after", given.getErrorAfter(),
                    () -> warnOnly.errorAfter(given.getErrorAfter()));
        }
        return given.isIgnoreEmptyRefreshes() ? requirement.ignoringEmptyRefreshes() : requirement;
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw new IllegalArgumentException("it is required");
        }
        return value;
    }

    private static <T> T checked(String property, Object value, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }

    /** A map key as Spring Boot writes it in a property name: in brackets, which keeps dots and capitals. */
    private static String element(String key) {
        return "[" + key + "]";
    }
}
