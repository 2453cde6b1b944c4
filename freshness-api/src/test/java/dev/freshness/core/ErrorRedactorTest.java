package dev.freshness.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ErrorRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            login failed: password=hunter2                        | login failed: password=***
            PASSWORD = hunter2; retry                             | PASSWORD = ***; retry
            {"user":"app","password":"hunter2"}                   | {"user":"app","password":"***"}
            config db.pwd: s3cr3t                                 | config db.pwd: ***
            client_secret=abc123&grant_type=x                     | client_secret=***&grant_type=x
            api-key: k-123                                        | api-key: ***
            Authorization: Bearer eyJhbGciOi.J9.x-y_z             | Authorization: Bearer ***
            authorization=Basic dXNlcjpwYXNz, then                | authorization=Basic ***, then
            got 401 for bearer abc.def                            | got 401 for bearer ***
            jdbc:postgresql://db/app?user=u&password=p            | jdbc:postgresql://db/app?user=u&password=***
            jdbc:postgresql://admin:topsecret@db:5432/app refused | jdbc:postgresql://admin:***@db:5432/app refused
            cannot reach user:pass@host                           | cannot reach user:***@host
            jdbc:mysql://db/app;password=p;user=u                 | jdbc:mysql://db/app;password=***;user=u
            """)
    void theDefaultMasksCredentialsAndKeepsTheRest(String text, String redacted) {
        assertThat(ErrorRedactor.CREDENTIALS.redact(text)).isEqualTo(redacted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            connection refused to db:5432
            duplicate key value violates unique constraint "orders_pkey"
            mail sent to ops@example.com at 10:30
            basic validation failed for row 7
            the password policy changed
            """)
    void theDefaultLeavesOrdinaryTextAlone(String text) {
        assertThat(ErrorRedactor.CREDENTIALS.redact(text)).isEqualTo(text);
    }

    @Test
    void noneKeepsTextAndRedactorsChain() {
        assertThat(ErrorRedactor.NONE.redact("password=p")).isEqualTo("password=p");
        ErrorRedactor iban = text -> text.replaceAll("IBAN \\w+", "IBAN ***");
        assertThat(ErrorRedactor.CREDENTIALS.andThen(iban).redact("password=p IBAN DE89370400"))
                .isEqualTo("password=*** IBAN ***");
        assertThatNullPointerException().isThrownBy(() -> ErrorRedactor.NONE.andThen(null))
                .withMessageContaining("next");
    }

    @Test
    void aJobErrorOfAnExceptionIsRedactedInItsMessageAndRootCause() {
        Exception error = new IllegalStateException("cannot sync with token=abc",
                new ConnectException("FATAL for jdbc:postgresql://u:pw@db/app"));

        JobError redacted = JobError.of(error, ErrorRedactor.CREDENTIALS);

        assertThat(redacted.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(redacted.message()).isEqualTo("cannot sync with token=***");
        assertThat(redacted.rootCause()).hasValue("java.net.ConnectException: FATAL for jdbc:postgresql://u:***@db/app");
        assertThat(JobError.of(error)).isEqualTo(JobError.of(error, ErrorRedactor.NONE));
        assertThat(JobError.of(error).message()).contains("token=abc");
        assertThatNullPointerException().isThrownBy(() -> JobError.of(error, null)).withMessageContaining("redactor");
    }

    @Test
    void aSecretIsRedactedBeforeTheMessageIsCutSoNoPartOfItIsKept() {
        String message = "x".repeat(JobError.MAX_MESSAGE_LENGTH - 20) + " password=" + "s".repeat(40);

        JobError redacted = JobError.of(new IOException(message), ErrorRedactor.CREDENTIALS);

        assertThat(redacted.message()).endsWith("password=***").doesNotContain("sss");
    }

    @Test
    void aMegabyteOfTextIsRedactedWithoutBacktrackingForever() {
        String oneWord = "m".repeat(1 << 20);
        String manyWords = "user m:".repeat(1 << 17);

        assertThat(ErrorRedactor.CREDENTIALS.redact(oneWord + " password=p")).isEqualTo(oneWord + " password=***");
        assertThat(ErrorRedactor.CREDENTIALS.redact(manyWords)).isEqualTo(manyWords);
    }
}
