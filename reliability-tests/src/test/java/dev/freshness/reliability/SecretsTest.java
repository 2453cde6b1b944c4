package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.testsupport.CountingProxy;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Each test's stores: in memory, or over an H2 database of its own, shut down afterwards. */
    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("in memory", (StoreTest) test -> test.accept(new InMemoryFreshnessStore())),
                Arguments.of("H2", (StoreTest) test -> {
                    try (OwnDatabase database = Databases.H2.open()) {
                        test.accept(database.store("secrets"));
                    }
                }));
    }

    /** Runs a test on a store made for it, and cleans up after. */
    interface StoreTest {
        void run(Consumer<FreshnessStore> test);
    }

    /** The datasets are many and no page needs them: this test allows undeclared ones. */
    private static DatasetFreshness.Builder freshness(FreshnessStore store) {
        return DatasetFreshness.using(store, Catalog.builder().build()).withClock(SettableClock.at(NOW))
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void failuresAreStoredRedactedByTheExplicitCallAndByTheWrapper(String name, StoreTest stores) {
        stores.run(store -> {
            List<RunEvent.Failed> heard = new ArrayList<>();
            try (DatasetFreshness freshness = freshness(store).build();
                 DatasetFreshness listened = freshness(store).withTrackingListener(new TrackingListener() {
                     @Override
                     public void onRunFailed(RunEvent.Failed event) {
                         heard.add(event);
                     }
                 }).build()) {
                storeSecrets(freshness, listened);
            }
            assertThat(heard).hasSize(SECRETS.size()).allSatisfy(event ->
                    assertThat(event.error().message()).contains("***"));
        });
        Figures.record("secrets on %s: %d texts, stored redacted by recordFailure and by the wrapper%n",
                name, SECRETS.size());
    }

    private static void storeSecrets(DatasetFreshness freshness, DatasetFreshness listened) {
        for (int i = 0; i < SECRETS.size(); i++) {
            String text = SECRETS.get(i)[0];
            String redacted = SECRETS.get(i)[1];
            freshness.records().recordFailure(ACME, "explicit_" + i, RunId.of("e" + i),
                    new IllegalStateException(text, new SQLException("cause: " + text)));
            SQLException own = new SQLException(text);
            String wrapped = "wrapped_" + i;
            assertThatThrownBy(() -> listened.track(ACME, wrapped).call(() -> {
                throw own;
            })).as("the job's own exception, untouched").isSameAs(own).hasMessage(text);

            for (String dataset : List.of("explicit_" + i, "wrapped_" + i)) {
                JobError stored = freshness.records().status(ACME, dataset).lastFailure().orElseThrow().error();
                assertThat(stored.message()).isEqualTo(redacted);
                assertThat(stored.toString()).doesNotContain(SECRET_VALUES.get(i));
            }
            assertThat(freshness.records().status(ACME, "explicit_" + i).lastFailure().orElseThrow().error().rootCause())
                    .hasValue("java.sql.SQLException: cause: " + redacted);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void storeErrorsCarryingSecretsAreLoggedRedacted(String name, StoreTest stores) {
        stores.run(store -> {
            FreshnessStore leaky = CountingProxy.of(FreshnessStore.class, store, (method, arguments) -> {
                if (method.equals("apply")) {
                    throw new IllegalStateException("cannot connect to jdbc:postgresql://app:s3cr3t@db/app",
                            new SQLException("FATAL: password=hunter2 rejected; Authorization: Bearer eyJhbGciOiJIUzI1NiJ9"));
                }
            }).proxy();

            List<String> warnings;
            try (CapturedLog log = CapturedLog.ofFreshness(); DatasetFreshness freshness = freshness(leaky).build()) {
                assertThat(freshness.track(ACME, "orders").call(() -> 42)).isEqualTo(42);
                warnings = log.printed(Level.WARN);
            }

            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("Could not record", "jdbc:postgresql://app:***@db/app", "password=***",
                    "Bearer ***", IllegalStateException.class.getName(), SQLException.class.getName());
            for (String secret : SECRET_VALUES) {
                assertThat(warnings.get(0)).doesNotContain(secret);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theRedactionIsTheUsersToReplace(String name, StoreTest stores) {
        stores.run(store -> {
            ErrorRedactor iban = text -> text.replaceAll("IBAN [A-Z0-9]+", "IBAN ***");
            String text = "refund to IBAN DE89370400440532013000 failed: password=hunter2";
            try (DatasetFreshness own = freshness(store).withErrorRedactor(iban).build();
                 DatasetFreshness both = freshness(store).withErrorRedactor(ErrorRedactor.CREDENTIALS.andThen(iban)).build();
                 DatasetFreshness none = freshness(store).withErrorRedactor(ErrorRedactor.NONE).build()) {
                own.records().recordFailure(ACME, "own", RunId.of("o"), new IllegalStateException(text));
                assertThatThrownBy(() -> both.track(ACME, "both").run(() -> {
                    throw new IllegalStateException(text);
                })).hasMessage(text);
                none.records().recordFailure(ACME, "none", RunId.of("n"), new IllegalStateException(text));

                assertThat(message(own, "own")).isEqualTo("refund to IBAN *** failed: password=hunter2");
                assertThat(message(both, "both")).isEqualTo("refund to IBAN *** failed: password=***");
                assertThat(message(none, "none")).isEqualTo(text);
            }
        });
    }

    private static String message(DatasetFreshness freshness, String dataset) {
        return freshness.records().status(ACME, dataset).lastFailure().orElseThrow().error().message();
    }
}
