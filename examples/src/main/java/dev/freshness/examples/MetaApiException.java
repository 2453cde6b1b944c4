package dev.freshness.examples;

/** The Meta Marketing API refused a call. Checked, as a real API client's exception would be. */
public final class MetaApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An API error saying {@code message}. */
    public MetaApiException(String message) {
        super(message);
    }
}
