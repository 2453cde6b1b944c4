package dev.freshness.track.internal;

import dev.freshness.core.ErrorRedactor;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the wrapper logs of an exception: its chain, types and stack, with the secrets its messages quote masked. */
class LoggedErrorsTest {

    @Test
    void anExceptionForTheLogKeepsItsChainTypesAndStackButNotItsSecrets() {
        IOException cause = new IOException("auth failed: Authorization: Bearer t0k3n");
        RuntimeException error = new RuntimeException("store down: password=hunter2", cause);
        error.addSuppressed(new IllegalStateException("secret=shh"));

        Throwable logged = LoggedErrors.forLog(error, ErrorRedactor.CREDENTIALS);

        assertThat(logged).hasMessage("java.lang.RuntimeException: store down: password=***");
        assertThat(logged.getStackTrace()).isEqualTo(error.getStackTrace());
        assertThat(logged.getCause()).hasMessage("java.io.IOException: auth failed: Authorization: Bearer ***");
        assertThat(logged.getSuppressed()).singleElement().hasToString("java.lang.IllegalStateException: secret=***");
        assertThat(LoggedErrors.forLog(error, ErrorRedactor.NONE)).isSameAs(error);
        RuntimeException harmless = new RuntimeException("store down", new IOException("connection refused"));
        assertThat(LoggedErrors.forLog(harmless, ErrorRedactor.CREDENTIALS)).isSameAs(harmless);
    }

    @Test
    void aRedactorThatThrowsLeavesOnlyTheTypesInTheLog() {
        ErrorRedactor broken = text -> {
            throw new IllegalStateException("bug");
        };

        Throwable logged = LoggedErrors.forLog(new RuntimeException("password=p"), broken);

        assertThat(logged).hasMessage("java.lang.RuntimeException");
    }
}
