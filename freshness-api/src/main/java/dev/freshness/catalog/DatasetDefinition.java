package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset the catalog knows: its key, the title a banner names it by and, optionally, how long one run may
 * take at most. A run in flight for longer than that is <b>abandoned</b> (its process died): reports stop
 * saying it is refreshing.
 */
public final class DatasetDefinition {

    /** The longest title accepted. */
    public static final int MAX_TITLE_LENGTH = 200;

    private final DatasetKey key;
    private final String title;
    private final Duration maxRunDuration;

    private DatasetDefinition(DatasetKey key, String title, Duration maxRunDuration) {
        this.key = key;
        this.title = title;
        this.maxRunDuration = maxRunDuration;
    }

    /**
     * A dataset whose runs are never considered abandoned.
     *
     * @param key the dataset key, such as {@code ad_classifications}
     * @param title what a banner calls it, such as {@code Ad classifications}
     */
    public static DatasetDefinition of(String key, String title) {
        return new DatasetDefinition(DatasetKey.of(key), checkTitle(title), null);
    }

    /** The same dataset, whose runs in flight for longer than {@code maxRunDuration} count as abandoned. */
    public DatasetDefinition withMaxRunDuration(Duration maxRunDuration) {
        return new DatasetDefinition(key, title, Catalog.positive(maxRunDuration, "maxRunDuration"));
    }

    /** The dataset key. */
    public DatasetKey key() {
        return key;
    }

    /** What a banner calls the dataset. */
    public String title() {
        return title;
    }

    /** How long one run may take; empty when runs are never considered abandoned. */
    public Optional<Duration> maxRunDuration() {
        return Optional.ofNullable(maxRunDuration);
    }

    static String checkTitle(String title) {
        Checks.notBlank(title, "title");
        Checks.maxLength(title, MAX_TITLE_LENGTH, "title");
        if (!title.equals(title.strip()) || title.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("title " + Checks.quote(title)
                    + " must not start or end with white space nor hold control characters");
        }
        return title;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetDefinition that && key.equals(that.key) && title.equals(that.title)
                && Objects.equals(maxRunDuration, that.maxRunDuration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, title, maxRunDuration);
    }

    @Override
    public String toString() {
        return "dataset " + key + " (" + title + (maxRunDuration == null ? "" : ", max run " + maxRunDuration) + ")";
    }
}
