package dev.freshness.core;



/**
 * Removes secrets from error text before it is stored or logged. A job's exception often quotes what it was
 * given: a JDBC URL with its password, an HTTP header with a token. Freshness applies the redactor where an
 * exception becomes a {@link JobError} ({@code DatasetFreshness.records().recordFailure(...)}
 * and the tracked-job wrapper) and to every exception the wrapper logs.
 *
 * <pre>{@code
 * DatasetFreshness.using(store, catalog)
 *         .withErrorRedactor(ErrorRedactor.CREDENTIALS.andThen(text -> text.replaceAll("IBAN \\w+", "IBAN ***")))
 *         .build();
 * }</pre>
 *
 * <p>A redactor must be thread-safe and should not throw: in the wrapper, a redactor that throws leaves only
 * the error's type in the stored failure.
 */
@FunctionalInterface
public interface ErrorRedactor {

    /** What replaces a secret. */
    String MASK = "***";

    /** Keeps text as it is. */
    ErrorRedactor NONE = text -> text;

    /**
     * The default: masks the value of {@code password=}, {@code pwd=}, {@code secret=}, {@code token=},
     * {@code api_key=} and the like (also with {@code :}), the credentials of an {@code Authorization: Bearer}
     * or {@code Basic} header, and the password of a URL's {@code user:password@host}. The names and users
     * stay, so the message still says what failed:
     * {@code jdbc:postgresql://db/app?user=app&password=***}.
     */
    ErrorRedactor CREDENTIALS = CredentialPatterns::mask;

    /**
     * The text with its secrets replaced.
     *
     * @param text an error type, message or cause; never null
     * @return the text to store and log; never null
     */
    String redact(String text);

    /** This redactor, then {@code next} on its result. */
    default ErrorRedactor andThen(ErrorRedactor next) {
        if (next == null) {
            throw new NullPointerException("next must not be null");
        }
        return text -> next.redact(redact(text));
    }
}
