package dev.freshness.spring.boot;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.InvalidCatalogException;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Producer;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the {@link Catalog} of {@code freshness.catalog} (or {@code freshness.catalog-location}) with the
 * API's own builder, so that the properties obey exactly the rules of a catalog built in code, and turns each
 * problem into an {@link InvalidConfigurationPropertyValueException} naming the property at fault.
 *
 * <p>The catalog of {@code freshness.catalog} is also checked while the properties are bound
 * ({@link #validate}), where the problem becomes a field error carrying the origin of the property (file, line
 * and column of {@code application.yml}): Spring Boot's failure report prints it, which it cannot do for an
 * exception naming a property by its canonical name.
 */
final class CatalogFromProperties {

    private static final String CATALOG = FreshnessProperties.PREFIX + ".catalog";
    private static final String LOCATION = FreshnessProperties.PREFIX + ".catalog-location";
    /** The number of elements of {@code freshness.catalog}, above which no origin is looked for. */
    private static final int CATALOG_DEPTH = 2;
    /** A property name of {@link FreshnessProperties} in its canonical form, as opposed to a map key. */
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9-]*");

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

    /**
     * Checks the catalog of {@code freshness.catalog} as {@link #build} would build it, adding the first problem
     * to {@code errors} as a field error of {@code freshness} with the value as written and its origin, looked up
     * in {@code environment} (none without one).
     */
    static void validate(FreshnessProperties properties, Environment environment, Errors errors) {
        try {
            fromDefinition(properties.getCatalog());
        } catch (InvalidConfigurationPropertyValueException e) {
            ConfigurationPropertyName name = ConfigurationPropertyName.of(e.getName());
            ConfigurationProperty exact = find(environment, name, false);
            ConfigurationProperty located = exact != null ? exact : locate(environment, name);
            Object value = exact != null ? exact.getValue() : e.getValue();
            String field = e.getName().substring(FreshnessProperties.PREFIX.length() + 1);
            CatalogFieldError error = new CatalogFieldError(field, value,
                    located == null ? null : located.getOrigin(), e.getReason());
            if (errors instanceof BindingResult result) {
                result.addError(error);
            } else {
                errors.reject("freshness.catalog.invalid", error.toString());
            }
        }
    }

    /**
     * Where an item that is no property was set: an entry (a dataset, a page's need) by its first property, a
     * missing property (a title, a warning age) by the first property of the entry it is missing from.
     */
    private static ConfigurationProperty locate(Environment environment, ConfigurationPropertyName name) {
        for (ConfigurationPropertyName item = name; item.getNumberOfElements() > CATALOG_DEPTH; item = item.getParent()) {
            ConfigurationProperty first = find(environment, item, true);
            if (first != null) {
                return first;
            }
        }
        return null;
    }

    /**
     * The property {@code name} as set (or, with {@code orDescendant}, the first property under it), or null.
     * Boot's own name equality does not take the bracketed map key {@code pages[hook_analysis]} for the
     * {@code pages.hook_analysis} of a YAML file, so the names are compared element by element: a map key as
     * written, a property name in Boot's relaxed form.
     */
    private static ConfigurationProperty find(Environment environment, ConfigurationPropertyName name,
                                              boolean orDescendant) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return null;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            ConfigurationProperty property = orDescendant ? null : source.getConfigurationProperty(name);
            if (property == null && source instanceof IterableConfigurationPropertySource iterable) {
                property = iterable.stream()
                        .filter(candidate -> orDescendant
                                ? candidate.getNumberOfElements() > name.getNumberOfElements()
                                : candidate.getNumberOfElements() == name.getNumberOfElements())
                        .filter(candidate -> startsWith(candidate, name))
                        .findFirst().map(iterable::getConfigurationProperty).orElse(null);
            }
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    private static boolean startsWith(ConfigurationPropertyName candidate, ConfigurationPropertyName name) {
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            String wanted = name.getElement(i, Form.ORIGINAL);
            boolean same = wanted.equals(candidate.getElement(i, Form.ORIGINAL))
                    || PROPERTY_NAME.matcher(wanted).matches()
                    && name.getElement(i, Form.UNIFORM).equals(candidate.getElement(i, Form.UNIFORM));
            if (!same) {
                return false;
            }
        }
        return true;
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

        List<Derived> derived = new ArrayList<>();
        definition.getDatasets().forEach((key, dataset) -> {
            List<String> inputs = dataset == null || dataset.getDerivedFrom() == null ? List.of() : dataset.getDerivedFrom();
            if (!inputs.isEmpty()) {
                String path = CATALOG + ".datasets" + element(key) + ".derived-from";
                for (int i = 0; i < inputs.size(); i++) {
                    String input = inputs.get(i);
                    checked(path + "[" + i + "]", input, () -> DatasetKey.of(input));
                }
                derived.add(new Derived(key, List.copyOf(inputs), path));
            }
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
            for (int j = 0; j < producer.datasets().size(); j++) {
                DatasetKey produced = producer.datasets().get(j);
                checked(producerPaths.get(i) + "[" + j + "]", produced.value(), () -> withDatasets(datasets)
                        .producer(new Producer(producer.jobName(), List.of(produced))).build());
            }
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
        for (Derived item : derived) {
            for (int j = 0; j < item.inputs().size(); j++) {
                String input = item.inputs().get(j);
                checked(item.path() + "[" + j + "]", input, () -> withDatasets(datasets).derived(item.key(), input).build());
            }
            checked(item.path(), item.inputs(), () -> withDatasets(datasets).derived(item.key(), item.inputs()
                    .toArray(String[]::new)).build());
        }
        // A cycle passes through several datasets: it is reported at the inputs of the one the message names first.
        Catalog.Builder lineage = withDatasets(datasets);
        derived.forEach(item -> lineage.derived(item.key(), item.inputs().toArray(String[]::new)));
        try {
            lineage.build();
        } catch (InvalidCatalogException e) {
            Derived first = derived.stream().filter(item -> e.item().equals("derived dataset '" + item.key() + "'"))
                    .findFirst().orElseThrow(() -> e);
            throw new InvalidConfigurationPropertyValueException(first.path(), first.inputs(), e.getMessage());
        }
        derived.forEach(item -> catalog.derived(item.key(), item.inputs().toArray(String[]::new)));
        producers.forEach(catalog::producer);
        pages.forEach(catalog::page);
        return checked(CATALOG, "", catalog::build);
    }

    /** A dataset of {@code freshness.catalog} derived from others, and the property that says so. */
    private record Derived(String key, List<String> inputs, String path) {
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

    /**
     * A mistake of {@code freshness.catalog}: Spring Boot's failure report prints the property, the value, the
     * origin (file:line:column) and the reason of such an error.
     */
    static final class CatalogFieldError extends FieldError implements OriginProvider {

        private static final long serialVersionUID = 1L;

        private final transient Origin origin;

        CatalogFieldError(String field, Object value, Origin origin, String reason) {
            super(FreshnessProperties.PREFIX, field, value, false, new String[] {"freshness.catalog.invalid"},
                    null, reason);
            this.origin = origin;
        }

        @Override
        public Origin getOrigin() {
            return origin;
        }

        @Override
        public String toString() {
            return "Property " + getObjectName() + "." + getField() + " with value '" + getRejectedValue()
                    + "' is invalid: " + getDefaultMessage() + (origin == null ? "" : " (origin: " + origin + ")");
        }
    }
}
