package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.track.TrackingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.AdditionalAnswers;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

/**
 * Item 7, secrets: a failure whose text carries a password, a bearer token or a JDBC URL with credentials is
 * stored and logged with the secret masked by default, by the explicit call and by the wrapper, on the in-memory
 * and the JDBC store; a user's redactor replaces the default, and {@link ErrorRedactor#NONE} keeps text as is.
 */
class SecretsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant NOW = Instant.parse("2026-03-02T06:00:00Z");
    /** Each secret, and how the default leaves the text around it. */
    static final List<String[]> SECRETS = List.of(
            new String[] {"login failed: password=hunter2", "login failed: password=***"},
            new String[] {"HTTP 401 for Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "HTTP 401 for Authorization: Bearer ***"},
            new String[] {"cannot open jdbc:postgresql://db/app?user=u&password=p", "cannot open jdbc:postgresql://db/app?user=u&password=***"},
            new String[] {"cannot open jdbc:postgresql://app:s3cr3t@db:5432/app", "cannot open jdbc:postgresql://app:***@db:5432/app"},
            new String[] {"mongo says no to user:pass@host", "mongo says no to user:***@host"});
    private static final List<String> SECRET_VALUES = List.of("hunter2", "eyJhbGciOiJIUzI1NiJ9", "password=p", "s3cr3t", "pass@");

    static Stream<Arguments> stores() {
        Supplier<FreshnessStore> inMemory = InMemoryFreshnessStore::new;
        Supplier<FreshnessStore> h2 = () -> Databases.H2.emptyStore("secrets");
        return Stream.of(Arguments.of("in memory", inMemory), Arguments.of("H2", h2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void failuresAreStoredRedactedByTheExplicitCallAndByTheWrapper(String name, Supplier<FreshnessStore> stores) {
        DatasetFreshness freshness = DatasetFreshness.using(stores.get()).withClock(SettableClock.at(NOW)).build();
        List<RunEvent.Failed> heard = new ArrayList<>();
        DatasetFreshness listened = DatasetFreshness.using(freshness.store()).withClock(freshness.clock())
                .withTrackingListener(new TrackingListener() {
                    @Override
                    public void onRunFailed(RunEvent.Failed event) {
                        heard.add(event);
                    }
                }).build();

        for (int i = 0; i < SECRETS.size(); i++) {
            String text = SECRETS.get(i)[0];
            String redacted = SECRETS.get(i)[1];
            freshness.recordFailure(ACME, "explicit_" + i, RunId.of("e" + i),
                    new IllegalStateException(text, new SQLException("cause: " + text)));
            SQLException own = new SQLException(text);
            String wrapped = "wrapped_" + i;
            assertThatThrownBy(() -> listened.track(ACME, wrapped).call(() -> {
                throw own;
            })).as("the job's own exception, untouched").isSameAs(own).hasMessage(text);

            for (String dataset : List.of("explicit_" + i, "wrapped_" + i)) {
                JobError stored = freshness.status(ACME, dataset).lastFailure().orElseThrow().error();
                assertThat(stored.message()).isEqualTo(redacted);
                assertThat(stored.toString()).doesNotContain(SECRET_VALUES.get(i));
            }
            assertThat(freshness.status(ACME, "explicit_" + i).lastFailure().orElseThrow().error().rootCause())
                    .hasValue("java.sql.SQLException: cause: " + redacted);
        }
        assertThat(heard).hasSize(SECRETS.size()).allSatisfy(event ->
                assertThat(event.error().message()).contains("***"));
        System.out.printf("[figure] secrets on %s: %d texts, stored redacted by recordFailure and by the wrapper%n",
                name, SECRETS.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void storeErrorsCarryingSecretsAreLoggedRedacted(String name, Supplier<FreshnessStore> stores) {
        FreshnessStore leaky = mock(FreshnessStore.class, AdditionalAnswers.delegatesTo(stores.get()));
        doThrow(new IllegalStateException("cannot connect to jdbc:postgresql://app:s3cr3t@db/app",
                new SQLException("FATAL: password=hunter2 rejected; Authorization: Bearer eyJhbGciOiJIUzI1NiJ9")))
                .when(leaky).apply(any());
        DatasetFreshness freshness = DatasetFreshness.using(leaky).withClock(SettableClock.at(NOW)).build();

        List<String> warnings;
        try (LogLines log = LogLines.ofFreshness()) {
            assertThat(freshness.track(ACME, "orders").call(() -> 42)).isEqualTo(42);
            warnings = log.printed(Level.WARN);
        }

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("Could not record", "jdbc:postgresql://app:***@db/app", "password=***",
                "Bearer ***", IllegalStateException.class.getName(), SQLException.class.getName());
        for (String secret : SECRET_VALUES) {
            assertThat(warnings.get(0)).doesNotContain(secret);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theRedactionIsTheUsersToReplace(String name, Supplier<FreshnessStore> stores) {
        FreshnessStore store = stores.get();
        ErrorRedactor iban = text -> text.replaceAll("IBAN [A-Z0-9]+", "IBAN ***");
        DatasetFreshness own = DatasetFreshness.using(store).withErrorRedactor(iban).build();
        DatasetFreshness both = DatasetFreshness.using(store).withErrorRedactor(ErrorRedactor.CREDENTIALS.andThen(iban)).build();
        DatasetFreshness none = DatasetFreshness.using(store).withErrorRedactor(ErrorRedactor.NONE).build();
        String text = "refund to IBAN DE89370400440532013000 failed: password=hunter2";

        own.recordFailure(ACME, "own", RunId.of("o"), new IllegalStateException(text));
        assertThatThrownBy(() -> both.track(ACME, "both").run(() -> {
            throw new IllegalStateException(text);
        })).hasMessage(text);
        none.recordFailure(ACME, "none", RunId.of("n"), new IllegalStateException(text));

        assertThat(message(own, "own")).isEqualTo("refund to IBAN *** failed: password=hunter2");
        assertThat(message(both, "both")).isEqualTo("refund to IBAN *** failed: password=***");
        assertThat(message(none, "none")).isEqualTo(text);
    }

    private static String message(DatasetFreshness freshness, String dataset) {
        return freshness.status(ACME, dataset).lastFailure().orElseThrow().error().message();
    }
}
