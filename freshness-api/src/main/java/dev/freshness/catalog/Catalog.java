package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;
import dev.freshness.internal.DurationText;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which datasets exist, which jobs produce them and which pages need them, no older than what: the rules that
 * reports are judged by. Immutable and thread-safe; everything is listed in the order it was declared.
 *
 * <pre>{@code
 * Catalog catalog = Catalog.builder()
 *         .dataset("ad_classifications", "Ad classifications", Duration.ofHours(2))
 *         .producer("ad_classification", "ad_classifications")
 *         .page("hook_analysis", "Hook analysis",
 *                 Requirement.of("ad_classifications", Duration.ofHours(48)).errorAfter(Duration.ofDays(7)))
 *         .build();
 * }</pre>
 *
 * <p>A catalog that is wrong does not build: an unknown dataset in a rule or a producer, a key declared twice,
 * an {@code errorAfter} shorter than its {@code warnAfter}, a zero or negative duration all throw an
 * {@link InvalidCatalogException} naming the item. What is allowed but probably not meant (a dataset nobody
 * produces, one nobody needs) is listed by {@link #findings()}. The same rules can live in configuration: see
 * {@link #fromProperties(Reader, String)} for the format.
 */
public final class Catalog {

    private final Map<DatasetKey, DatasetDefinition> datasets;
    private final Map<String, Producer> producers;
    private final Map<String, PageDefinition> pages;
    /** The direct inputs of each derived dataset, in the order declared. */
    private final Map<DatasetKey, List<DatasetKey>> inputs;
    /** Every input of each derived dataset, direct or not: read for every status of a cross-scope walk. */
    private final Map<DatasetKey, List<DatasetKey>> upstream;
    private final List<CatalogFinding> findings;

    private Catalog(Builder builder) {
        this.datasets = Collections.unmodifiableMap(new LinkedHashMap<>(builder.datasets));
        this.producers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.producers));
        this.pages = Collections.unmodifiableMap(new LinkedHashMap<>(builder.pages));
        Map<DatasetKey, List<DatasetKey>> inputsCopy = new LinkedHashMap<>();
        builder.inputs.forEach((dataset, from) -> inputsCopy.put(dataset, List.copyOf(from)));
        this.inputs = Collections.unmodifiableMap(inputsCopy);
        Map<DatasetKey, List<DatasetKey>> upstreamOfEach = new LinkedHashMap<>();
        inputs.keySet().forEach(dataset -> upstreamOfEach.put(dataset, collectUpstream(dataset)));
        this.upstream = Collections.unmodifiableMap(upstreamOfEach);
        this.findings = List.copyOf(collectFindings());
    }

    /** Starts an empty catalog. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a catalog from properties-style text. One entry per line, {@code key = value} (or
     * {@code key: value}); blank lines and lines starting with {@code #} or {@code !} are ignored; there are no
     * line continuations. Durations are a whole number and a unit: {@code s}, {@code m}, {@code h}, {@code d},
     * {@code w} ({@code 90m}, {@code 48h}, {@code 7d}).
     *
     * <pre>
     * # dataset.&lt;key&gt; = &lt;title&gt;, and optionally how long one run may take
     * dataset.ad_classifications = Ad classifications
     * dataset.ad_classifications.max-run = 2h
     *
     * # dataset.&lt;key&gt;.derived-from = the datasets it is built from, separated by commas
     * dataset.scorecard = Scorecard
     * dataset.scorecard.derived-from = meta_ads_performance, ad_classifications
     *
     * # job.&lt;name&gt; = the datasets it produces, separated by commas
     * job.meta_sync = meta_ads_performance, ad_classifications
     *
     * # page.&lt;key&gt; = &lt;title&gt;, then one line per dataset it needs:
     * # page.&lt;key&gt;.needs.&lt;dataset&gt; = warn &lt;duration&gt;[, error &lt;duration&gt;][, ignore-empty]
     * page.hook_analysis = Hook analysis
     * page.hook_analysis.needs.ad_classifications = warn 48h, error 7d
     * </pre>
     *
     * <p>A page may instead need a dataset by the deadlines of a schedule ({@link Requirement#dueBy}); schedules
     * are named, and read by a {@link ScheduleProvider} on the class path ({@code freshness-cron} reads the
     * syntaxes {@code unix} and {@code quartz}):
     *
     * <pre>
     * # schedule.&lt;name&gt; = &lt;syntax&gt; &lt;expression&gt;; optionally its zone (UTC when absent), grace (zero) and
     * # holidays (dates on which nothing is due, separated by commas)
     * schedule.weekday_mornings = unix 0 6 * * MON-FRI
     * schedule.weekday_mornings.zone = Europe/Berlin
     * schedule.weekday_mornings.grace = 1h
     * schedule.weekday_mornings.holidays = 2026-12-24, 2026-12-25
     *
     * # page.&lt;key&gt;.needs.&lt;dataset&gt; = due &lt;schedule&gt;[, error &lt;n&gt; missed][, ignore-empty]
     * page.ad_performance.needs.meta_ads_performance = due weekday_mornings, error 2 missed
     * </pre>
     *
     * <p>{@code ignore-empty} means a success that affected zero records does not count as a refresh. Because
     * dataset and page keys may hold dots, a key is split at its last {@code .max-run} or {@code .derived-from} and
     * at its first {@code .needs.}. Entries may come in any order, but a {@code max-run}, {@code derived-from} or
     * {@code needs} line needs the line that declares its dataset or page, which catches a misspelt key; an input
     * that is not declared and a cycle of derived datasets are reported at the {@code derived-from} line.
     *
     * @param source the resource's name, used in error messages (such as {@code freshness.properties})
     * @throws InvalidCatalogException naming the item and the line when a line is malformed or the catalog is
     *     invalid
     * @throws UncheckedIOException when the reader fails
     */
    public static Catalog fromProperties(Reader reader, String source) {
        Checks.notNull(reader, "reader");
        Checks.notBlank(source, "source");
        return new CatalogProperties(source).read(reader);
    }

    /**
     * Reads a catalog in the {@linkplain #fromProperties(Reader, String) properties format} from a class-path
     * resource, in UTF-8.
     *
     * @param resource the resource name, as for {@link ClassLoader#getResourceAsStream(String)}
     * @throws IllegalArgumentException when there is no such resource
     */
    public static Catalog fromResource(String resource) {
        Checks.notBlank(resource, "resource");
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Catalog.class.getClassLoader());
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("resource " + Checks.quote(resource) + " was not found on the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return fromProperties(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** Every dataset, in the order declared. */
    public List<DatasetDefinition> datasets() {
        return List.copyOf(datasets.values());
    }

    /** The dataset {@code key}, when declared. */
    public Optional<DatasetDefinition> dataset(DatasetKey key) {
        return Optional.ofNullable(datasets.get(Checks.notNull(key, "key")));
    }

    /** Every producer, in the order declared. */
    public List<Producer> producers() {
        return List.copyOf(producers.values());
    }

    /** Every page, in the order declared. */
    public List<PageDefinition> pages() {
        return List.copyOf(pages.values());
    }

    /** The page {@code pageKey}, when declared. */
    public Optional<PageDefinition> page(String pageKey) {
        return Optional.ofNullable(pages.get(Checks.notNull(pageKey, "pageKey")));
    }

    /**
     * The page {@code pageKey}.
     *
     * @throws IllegalArgumentException naming the known pages when there is no such page
     */
    public PageDefinition requirePage(String pageKey) {
        return page(pageKey).orElseThrow(() -> new IllegalArgumentException("pageKey " + Checks.quote(pageKey)
                + " is not a page of the catalog; its pages are " + pages.keySet()));
    }

    /** The names of the jobs that produce {@code dataset}, in the order declared. */
    public List<String> producersOf(DatasetKey dataset) {
        Checks.notNull(dataset, "dataset");
        return producers.values().stream().filter(producer -> producer.datasets().contains(dataset))
                .map(Producer::jobName).toList();
    }

    /**
     * The datasets {@code dataset} is directly {@linkplain Builder#derived(String, String...) derived from}, in the
     * order declared; empty when it is not derived.
     */
    public List<DatasetKey> inputsOf(DatasetKey dataset) {
        Checks.notNull(dataset, "dataset");
        return inputs.getOrDefault(dataset, List.of());
    }

    /**
     * Every dataset {@code dataset} is derived from, directly or through other derived datasets: its inputs, then
     * their inputs, depth first in the order declared, each once; empty when it is not derived. A report of a
     * page needing {@code dataset} reads these with it.
     */
    public List<DatasetKey> upstreamOf(DatasetKey dataset) {
        Checks.notNull(dataset, "dataset");
        return upstream.getOrDefault(dataset, List.of());
    }

    private List<DatasetKey> collectUpstream(DatasetKey dataset) {
        Set<DatasetKey> found = new LinkedHashSet<>();
        collectUpstream(dataset, found);
        found.remove(dataset);
        return List.copyOf(found);
    }

    private void collectUpstream(DatasetKey dataset, Set<DatasetKey> into) {
        for (DatasetKey input : inputs.getOrDefault(dataset, List.of())) {
            if (into.add(input)) {
                collectUpstream(input, into);
            }
        }
    }

    /** The pages that need {@code dataset}, in the order declared. */
    public List<PageDefinition> consumersOf(DatasetKey dataset) {
        Checks.notNull(dataset, "dataset");
        return pages.values().stream().filter(page -> page.requirement(dataset).isPresent()).toList();
    }

    /**
     * What is allowed but probably not meant: datasets nobody produces, datasets nobody needs (neither a page
     * nor, as an input, a derived dataset a page needs), pages that need nothing and jobs that produce nothing, in
     * that order, each in declaration order.
     */
    public List<CatalogFinding> findings() {
        return findings;
    }

    /**
     * The registry as a Markdown table, one row per dataset in the order declared: the dataset key, the jobs
     * that produce it, the pages that need it, and its max age, which is the shortest {@code warnAfter} of
     * those pages, in words (the age the dataset must keep to satisfy every page); for a dataset that only
     * scheduled requirements need, the first page's schedule ({@code due by 07:00 Europe/Berlin on weekdays}).
     * When the catalog declares {@linkplain Builder#derived derived datasets}, a column after "Produced by" lists
     * the datasets each is derived from. An empty cell says {@code none}. Lines end with {@code \n}.
     *
     * <pre>
     * | Dataset | Produced by | Consumed by | Max age |
     * |---|---|---|---|
     * | `ad_classifications` | `meta_sync`, `ad_classification` | `hook_analysis` | 48 hours |
     * </pre>
     */
    public String toMarkdownTable() {
        boolean lineage = !inputs.isEmpty();
        StringBuilder table = new StringBuilder(lineage
                ? "| Dataset | Produced by | Derived from | Consumed by | Max age |\n|---|---|---|---|---|\n"
                : "| Dataset | Produced by | Consumed by | Max age |\n|---|---|---|---|\n");
        for (DatasetDefinition dataset : datasets.values()) {
            List<PageDefinition> consumers = consumersOf(dataset.key());
            List<Requirement> rules = consumers.stream().map(page -> page.requirement(dataset.key()).orElseThrow()).toList();
            // The tightest age, then every distinct schedule: a page's deadline is no less binding than another's age.
            List<String> limits = new ArrayList<>();
            rules.stream().filter(rule -> !rule.isScheduled()).map(Requirement::warnAfter)
                    .min(Duration::compareTo).map(DurationText::words).ifPresent(limits::add);
            rules.stream().flatMap(rule -> rule.schedule().stream())
                    .map(schedule -> "due " + schedule.describe(Locale.ENGLISH)).distinct().forEach(limits::add);
            String maxAge = limits.isEmpty() ? "none" : String.join("; ", limits);
            table.append("| ").append(code(List.of(dataset.key().value())))
                    .append(" | ").append(code(producersOf(dataset.key())));
            if (lineage) {
                table.append(" | ").append(code(inputsOf(dataset.key()).stream().map(DatasetKey::value).toList()));
            }
            table.append(" | ").append(code(consumers.stream().map(PageDefinition::key).toList()))
                    .append(" | ").append(maxAge).append(" |\n");
        }
        return table.toString();
    }

    private static String code(List<String> names) {
        return names.isEmpty() ? "none" : names.stream().map(name -> "`" + name + "`").collect(Collectors.joining(", "));
    }

    private List<CatalogFinding> collectFindings() {
        List<CatalogFinding> found = new ArrayList<>();
        for (DatasetDefinition dataset : datasets.values()) {
            if (producersOf(dataset.key()).isEmpty()) {
                List<String> needing = consumersOf(dataset.key()).stream().map(PageDefinition::key).toList();
                found.add(new CatalogFinding(CatalogFinding.Kind.DATASET_NOT_PRODUCED, dataset.key().value(),
                        "dataset '" + dataset.key() + "' has no producer" + (needing.isEmpty() ? ""
                                : ": " + String.join(", ", needing) + " will never see it fresh")));
            }
        }
        // An input of a dataset some page needs is watched through it: its staleness shows in that page's verdict.
        Set<DatasetKey> watchedAsInputs = new HashSet<>();
        for (PageDefinition page : pages.values()) {
            page.datasets().forEach(needed -> watchedAsInputs.addAll(upstreamOf(needed)));
        }
        for (DatasetDefinition dataset : datasets.values()) {
            if (consumersOf(dataset.key()).isEmpty() && !watchedAsInputs.contains(dataset.key())) {
                found.add(new CatalogFinding(CatalogFinding.Kind.DATASET_NOT_CONSUMED, dataset.key().value(),
                        "dataset '" + dataset.key() + "' is needed by no page: nobody is warned when it goes stale"));
            }
        }
        for (PageDefinition page : pages.values()) {
            if (page.requirements().isEmpty()) {
                found.add(new CatalogFinding(CatalogFinding.Kind.PAGE_NEEDS_NOTHING, page.key(),
                        "page '" + page.key() + "' needs no dataset"));
            }
        }
        for (Producer producer : producers.values()) {
            if (producer.datasets().isEmpty()) {
                found.add(new CatalogFinding(CatalogFinding.Kind.JOB_PRODUCES_NOTHING, producer.jobName(),
                        "job '" + producer.jobName() + "' produces no dataset"));
            }
        }
        return found;
    }

    static Duration positive(Duration duration, String parameter) {
        Checks.notNull(duration, parameter);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + duration);
        }
        return duration;
    }

    static String datasetItem(String key) {
        return "dataset '" + key + "'";
    }

    static String jobItem(String jobName) {
        return "job '" + jobName + "'";
    }

    static String pageItem(String pageKey) {
        return "page '" + pageKey + "'";
    }

    static String derivedItem(String key) {
        return "derived dataset '" + key + "'";
    }

    static String requirementItem(String pageKey, String dataset) {
        return "page '" + pageKey + "' needs '" + dataset + "'";
    }

    @Override
    public String toString() {
        return "Catalog{datasets=" + datasets.keySet() + (inputs.isEmpty() ? "" : ", derived=" + inputs)
                + ", jobs=" + producers.keySet() + ", pages=" + pages.keySet() + '}';
    }

    /**
     * Declares datasets, producers and pages, in any order: references are checked by {@link #build()}. A key
     * declared twice is rejected at once.
     */
    public static final class Builder {

        private final Map<DatasetKey, DatasetDefinition> datasets = new LinkedHashMap<>();
        private final Map<String, Producer> producers = new LinkedHashMap<>();
        private final Map<String, PageDefinition> pages = new LinkedHashMap<>();
        private final Map<DatasetKey, List<DatasetKey>> inputs = new LinkedHashMap<>();

        private Builder() {
        }

        /** Declares a dataset whose runs are never considered abandoned. */
        public Builder dataset(String key, String title) {
            return dataset(DatasetDefinition.of(key, title));
        }

        /** Declares a dataset whose runs in flight for longer than {@code maxRunDuration} count as abandoned. */
        public Builder dataset(String key, String title, Duration maxRunDuration) {
            return dataset(DatasetDefinition.of(key, title).withMaxRunDuration(maxRunDuration));
        }

        /** Declares a dataset. */
        public Builder dataset(DatasetDefinition dataset) {
            Checks.notNull(dataset, "dataset");
            if (datasets.putIfAbsent(dataset.key(), dataset) != null) {
                throw new InvalidCatalogException(datasetItem(dataset.key().value()), "is declared twice");
            }
            return this;
        }

        /**
         * Declares that {@code dataset} is derived from {@code inputs} (each a declared dataset): it is then at best
         * as fresh as its stalest input, directly or through the inputs' own inputs (see
         * {@link dev.freshness.report.DatasetVerdict#limitingInput()}). A dataset is declared derived once; cycles
         * are rejected by {@link #build()}.
         *
         * <pre>{@code
         * .dataset("scorecard", "Scorecard")
         * .derived("scorecard", "meta_ads_performance", "ad_classifications")
         * }</pre>
         */
        public Builder derived(String dataset, String... inputs) {
            DatasetKey key = DatasetKey.of(dataset);
            Checks.notNull(inputs, "inputs");
            List<DatasetKey> from = Arrays.stream(inputs).map(DatasetKey::of).toList();
            if (from.isEmpty()) {
                throw new InvalidCatalogException(derivedItem(dataset), "names no input");
            }
            if (from.stream().distinct().count() != from.size()) {
                throw new InvalidCatalogException(derivedItem(dataset), "names one input twice: " + from);
            }
            if (this.inputs.putIfAbsent(key, from) != null) {
                throw new InvalidCatalogException(derivedItem(dataset), "is declared twice");
            }
            return this;
        }

        /** Declares that job {@code jobName} produces {@code datasets}. */
        public Builder producer(String jobName, String... datasets) {
            Checks.notNull(datasets, "datasets");
            return producer(new Producer(jobName, Arrays.stream(datasets).map(DatasetKey::of).toList()));
        }

        /** Declares a producer. */
        public Builder producer(Producer producer) {
            Checks.notNull(producer, "producer");
            if (producers.putIfAbsent(producer.jobName(), producer) != null) {
                throw new InvalidCatalogException(jobItem(producer.jobName()), "is declared twice");
            }
            return this;
        }

        /** Declares page {@code key} titled {@code title}, needing each of {@code requirements}. */
        public Builder page(String key, String title, Requirement... requirements) {
            Checks.notNull(requirements, "requirements");
            return page(new PageDefinition(key, title, Arrays.asList(requirements)));
        }

        /** Declares a page. */
        public Builder page(PageDefinition page) {
            Checks.notNull(page, "page");
            if (pages.putIfAbsent(page.key(), page) != null) {
                throw new InvalidCatalogException(pageItem(page.key()), "is declared twice");
            }
            return this;
        }

        /**
         * Checks that every producer, requirement and derived dataset names declared datasets, and that no dataset is
         * derived from itself, directly or through others, and builds the catalog.
         *
         * @throws InvalidCatalogException naming the first producer, requirement or derived dataset of an unknown
         *     dataset, or the first cycle of derived datasets found ({@code scorecard -> hook_analysis -> scorecard})
         */
        public Catalog build() {
            for (Map.Entry<DatasetKey, List<DatasetKey>> derived : inputs.entrySet()) {
                if (!datasets.containsKey(derived.getKey())) {
                    throw new InvalidCatalogException(derivedItem(derived.getKey().value()), "is not a declared dataset");
                }
                for (DatasetKey input : derived.getValue()) {
                    if (!datasets.containsKey(input)) {
                        throw new InvalidCatalogException(derivedItem(derived.getKey().value()),
                                "is derived from '" + input + "', which is not a declared dataset");
                    }
                }
            }
            rejectCycles();
            for (Producer producer : producers.values()) {
                for (DatasetKey dataset : producer.datasets()) {
                    if (!datasets.containsKey(dataset)) {
                        throw new InvalidCatalogException(jobItem(producer.jobName()),
                                "produces '" + dataset + "', which is not a declared dataset");
                    }
                }
            }
            for (PageDefinition page : pages.values()) {
                for (Requirement requirement : page.requirements()) {
                    if (!datasets.containsKey(requirement.dataset())) {
                        throw new InvalidCatalogException(requirementItem(page.key(), requirement.dataset().value()),
                                "names a dataset that is not declared");
                    }
                }
            }
            return new Catalog(this);
        }

        /** Walks the inputs depth first from each derived dataset in declaration order; a path back is a cycle. */
        private void rejectCycles() {
            Set<DatasetKey> done = new HashSet<>();
            for (DatasetKey start : inputs.keySet()) {
                findCycle(start, new ArrayList<>(), done);
            }
        }

        private void findCycle(DatasetKey dataset, List<DatasetKey> path, Set<DatasetKey> done) {
            int seen = path.indexOf(dataset);
            if (seen >= 0) {
                List<DatasetKey> cycle = new ArrayList<>(path.subList(seen, path.size()));
                cycle.add(dataset);
                String names = cycle.stream().map(DatasetKey::value).collect(Collectors.joining(" -> "));
                throw new InvalidCatalogException(derivedItem(cycle.get(0).value()), cycle.size() == 2
                        ? "is derived from itself: " + names : "is derived from itself through a cycle: " + names);
            }
            if (done.contains(dataset)) {
                return;
            }
            path.add(dataset);
            for (DatasetKey input : inputs.getOrDefault(dataset, List.of())) {
                findCycle(input, path, done);
            }
            path.remove(path.size() - 1);
            done.add(dataset);
        }
    }
}
