package dev.freshness.spring.boot;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.InvalidCatalogException;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Producer;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.Schedule;
import dev.freshness.catalog.ScheduleProvider;
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
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
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
        return fromDefinition(definition, resources);
    }

    /**
     * Checks the catalog of {@code freshness.catalog} as {@link #build} would build it, adding the first problem
     * to {@code errors} as a field error of {@code freshness} with the value as written and its origin, looked up
     * in {@code environment} (none without one). Schedules are read with the providers and holiday files of
     * {@code resources} (the default class loader's without one).
     */
    static void validate(FreshnessProperties properties, Environment environment, ResourceLoader resources,
                         Errors errors) {
        try {
            fromDefinition(properties.getCatalog(), resources == null ? new DefaultResourceLoader() : resources);
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

    private static Catalog fromDefinition(FreshnessProperties.CatalogDefinition definition, ResourceLoader resources) {
        Map<String, Schedule> schedules = new HashMap<>();
        definition.getSchedules().forEach((name, schedule) -> schedules.put(name,
                schedule(CATALOG + ".schedules" + element(name), schedule, resources)));

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
                requirements.add(requirement(needPath, entry.getKey(), entry.getValue(), schedules));
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

    private static Requirement requirement(String path, String dataset, FreshnessProperties.Need need,
                                           Map<String, Schedule> schedules) {
        FreshnessProperties.Need given = need == null ? new FreshnessProperties.Need() : need;
        checked(path, dataset, () -> DatasetKey.of(dataset));
        Requirement requirement = given.getDue() != null
                ? scheduled(path, dataset, given, schedules)
                : byAge(path, dataset, given);
        return given.isIgnoreEmptyRefreshes() ? requirement.ignoringEmptyRefreshes() : requirement;
    }

    private static Requirement byAge(String path, String dataset, FreshnessProperties.Need given) {
        if (given.getErrorAfterMissed() != null) {
            throw new InvalidConfigurationPropertyValueException(path + ".error-after-missed",
                    given.getErrorAfterMissed(), "error-after-missed needs a schedule: set due instead of warn-after");
        }
        Duration warnAfter = given.getWarnAfter();
        Requirement requirement = checked(path + ".warn-after", warnAfter,
                () -> Requirement.of(dataset, required(warnAfter)));
        if (given.getErrorAfter() != null) {
            Requirement warnOnly = requirement;
            requirement = checked(path + ".error-after", given.getErrorAfter(),
                    () -> warnOnly.errorAfter(given.getErrorAfter()));
        }
        return requirement;
    }

    /** A need with {@code due}: a schedule instead of ages, as {@code due <schedule>} of the properties format. */
    private static Requirement scheduled(String path, String dataset, FreshnessProperties.Need given,
                                         Map<String, Schedule> schedules) {
        if (given.getWarnAfter() != null || given.getErrorAfter() != null) {
            // Reported at due: the ages are the usual way, so the schedule is the addition that conflicts.
            throw new InvalidConfigurationPropertyValueException(path + ".due", given.getDue(), "the need has both due and "
                    + (given.getWarnAfter() != null ? "warn-after" : "error-after")
                    + "; a requirement is a schedule or a maximum age");
        }
        Schedule schedule = schedules.get(given.getDue());
        if (schedule == null) {
            throw new InvalidConfigurationPropertyValueException(path + ".due", given.getDue(), "names the schedule '"
                    + given.getDue() + "', which is not declared under " + CATALOG + ".schedules");
        }
        Requirement requirement = Requirement.dueBy(dataset, schedule);
        if (given.getErrorAfterMissed() != null) {
            Requirement withDefault = requirement;
            requirement = checked(path + ".error-after-missed", given.getErrorAfterMissed(),
                    () -> withDefault.errorAfterMissed(given.getErrorAfterMissed()));
        }
        return requirement;
    }

    /**
     * The schedule at {@code path}, read by the {@link ScheduleProvider} of its syntax that {@code resources}'
     * class loader finds, with the settings of the properties format's {@code schedule.<name>}.
     */
    private static Schedule schedule(String path, FreshnessProperties.Schedule schedule, ResourceLoader resources) {
        FreshnessProperties.Schedule given = schedule == null ? new FreshnessProperties.Schedule() : schedule;
        String cron = given.getCron();
        checked(path + ".cron", cron, () -> required(cron == null || cron.isBlank() ? null : cron));
        String syntax = given.getSyntax() == null ? FreshnessProperties.Schedule.DEFAULT_SYNTAX
                : given.getSyntax().strip().toLowerCase(Locale.ROOT);
        ZoneId zone = checked(path + ".zone", given.getZone(), () -> zone(given.getZone()));
        Duration grace = given.getGrace() == null ? Duration.ZERO : given.getGrace();
        if (grace.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(path + ".grace", grace,
                    "grace must not be negative, was " + grace);
        }
        Set<LocalDate> holidays = new LinkedHashSet<>();
        for (int i = 0; i < given.getHolidays().size(); i++) {
            String date = given.getHolidays().get(i);
            holidays.add(checked(path + ".holidays[" + i + "]", date, () -> date(date)));
        }
        String location = given.getHolidaysLocation();
        if (location != null && !location.isBlank()) {
            holidays.addAll(checked(path + ".holidays-location", location, () -> holidaysFile(location, resources)));
        }
        ScheduleProvider provider = provider(path, given, syntax, resources);
        return checked(path + ".cron", cron, () -> provider.schedule(syntax, cron, zone, grace, Set.copyOf(holidays)));
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(required(text));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone '" + text + "' is not a time zone, such as 'Europe/Berlin'");
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(required(text).strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("holiday '" + text + "' is not a date such as 2026-12-25");
        }
    }

    /** A holiday file, in the format of {@code freshness-cron}'s {@code Holidays}: a bad line is named with its number. */
    private static Set<LocalDate> holidaysFile(String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new IllegalArgumentException("No such resource.");
        }
        Set<LocalDate> dates = new TreeSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource.getInputStream(),
                StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String date = text.split("\\s+", 2)[0];
                try {
                    dates.add(LocalDate.parse(date));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("line " + number + ": '" + date
                            + "' is not a date such as 2026-12-25");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read it: " + e);
        }
        return dates;
    }

    /**
     * The provider of {@code syntax} among those the application's class loader finds with {@link ServiceLoader}:
     * a missing one is reported at the syntax when it was chosen, else at the expression.
     */
    private static ScheduleProvider provider(String path, FreshnessProperties.Schedule given, String syntax,
                                             ResourceLoader resources) {
        ClassLoader loader = resources.getClassLoader() != null ? resources.getClassLoader()
                : CatalogFromProperties.class.getClassLoader();
        Set<String> known = new TreeSet<>();
        for (ScheduleProvider provider : ServiceLoader.load(ScheduleProvider.class, loader)) {
            if (provider.syntaxes().contains(syntax)) {
                return provider;
            }
            known.addAll(provider.syntaxes());
        }
        String reason = "no schedule provider on the class path reads the syntax '" + syntax + "' ("
                + (known.isEmpty() ? "add the dependency dev.freshness:freshness-cron for 'unix' and 'quartz'"
                : "known: " + known) + ")";
        boolean syntaxChosen = given.getSyntax() != null
                && !given.getSyntax().equals(FreshnessProperties.Schedule.DEFAULT_SYNTAX);
        throw syntaxChosen && !known.isEmpty()
                ? new InvalidConfigurationPropertyValueException(path + ".syntax", given.getSyntax(), reason)
                : new InvalidConfigurationPropertyValueException(path + ".cron", given.getCron(), reason);
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
