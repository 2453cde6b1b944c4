package dev.freshness.core;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The patterns behind {@link ErrorRedactor#CREDENTIALS}. */
final class CredentialPatterns {

    private static final String MASK = ErrorRedactor.MASK;

    // Every pattern is anchored (a literal, or the start of a word) and bounded, so that the time is linear in
    // the text: a job's exception may carry a megabyte.
    private static final List<Replacement> CREDENTIALS = List.of(
            // Authorization: Bearer abc, Authorization=Basic dXNlcjpwYXNz (the scheme stays, the credentials go)
            new Replacement("(?i)(authorization\\s*[=:]\\s*(?:[a-z]+\\s+)?)[^\\s,;\"']+", "$1" + MASK),
            // a bearer token quoted on its own
            new Replacement("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+", "$1" + MASK),
            // password=..., "pwd": ..., api-key=..., client_secret=...
            new Replacement("(?i)((?<![\\w.-])[\\w.-]{0,40}?(?:password|passwd|pwd|secret|token|api[_-]?key"
                    + "|access[_-]?key)[\"']?\\s{0,5}[=:]\\s{0,5}[\"']?)[^\\s&;,'\"}]+", "$1" + MASK),
            // scheme://user:password@host and user:password@host
            new Replacement("((?<![\\w.%+-])[\\w.%+-]{1,100}):[^\\s/@:]{1,200}@(?=[\\w\\[])", "$1:" + MASK + "@"));

    private CredentialPatterns() {
    }

    /** {@code text} with the value of every credential it quotes replaced by {@value ErrorRedactor#MASK}. */
    static String mask(String text) {
        String redacted = java.util.Objects.requireNonNull(text, "text must not be null");
        for (Replacement replacement : CREDENTIALS) {
            redacted = replacement.apply(redacted);
        }
        return redacted;
    }

    private record Replacement(Pattern pattern, String with) {
        Replacement(String regex, String with) {
            this(Pattern.compile(regex), with);
        }

        String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.find() ? matcher.replaceAll(with) : text;
        }
    }
}
