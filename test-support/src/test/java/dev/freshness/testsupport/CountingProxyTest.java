package dev.freshness.testsupport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountingProxyTest {

    /** A small dependency of the shape of a store: reads, a write, an overload and a default method. */
    interface Shelf {
        List<String> read(String key);

        List<String> read(String key, int limit);

        void write(String key, String value);

        default boolean slow() {
            return true;
        }
    }

    static final class ListShelf implements Shelf {
        final List<String> values = new ArrayList<>();

        @Override
        public List<String> read(String key) {
            return List.copyOf(values);
        }

        @Override
        public List<String> read(String key, int limit) {
            return values.stream().limit(limit).toList();
        }

        @Override
        public void write(String key, String value) {
            if (value == null) {
                throw new IllegalArgumentException("value must not be null");
            }
            values.add(value);
        }

        @Override
        public boolean slow() {
            return false;
        }
    }

    @Test
    void countsTheCallsPerMethodNameAndPassesThemOn() {
        ListShelf target = new ListShelf();
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, target);

        shelf.proxy().write("k", "a");
        shelf.proxy().write("k", "b");
        assertThat(shelf.proxy().read("k")).containsExactly("a", "b");
        assertThat(shelf.proxy().read("k", 1)).containsExactly("a");

        assertThat(target.values).containsExactly("a", "b");
        assertThat(shelf.calls("write")).isEqualTo(2);
        assertThat(shelf.calls("read")).as("both overloads").isEqualTo(2);
        assertThat(shelf.calls("read", "write")).isEqualTo(4);
        assertThat(shelf.calls("slow")).isZero();
        assertThat(shelf.calls()).isEqualTo(Map.of("read", 2, "write", 2));
    }

    @Test
    void passesDefaultMethodsOnSoThatTheTargetsOwnAnswerHolds() {
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, new ListShelf());

        assertThat(shelf.proxy().slow()).isFalse();
        assertThat(shelf.calls("slow")).isEqualTo(1);
    }

    @Test
    void resetForgetsTheCountsNotTheTargetsState() {
        ListShelf target = new ListShelf();
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, target);
        shelf.proxy().write("k", "a");

        shelf.reset();

        assertThat(shelf.calls("write")).isZero();
        assertThat(shelf.calls()).isEmpty();
        assertThat(target.values).containsExactly("a");
    }

    @Test
    void theTargetsExceptionsReachTheCallerUnwrapped() {
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, new ListShelf());

        assertThatThrownBy(() -> shelf.proxy().write("k", null))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("value must not be null");
        assertThat(shelf.calls("write")).as("a failed call still counts").isEqualTo(1);
    }

    @Test
    void aHookSeesEachCallFirstAndMayFailItBeforeTheTargetSeesIt() {
        ListShelf target = new ListShelf();
        List<String> seen = new ArrayList<>();
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, target, (method, arguments) -> {
            seen.add(method + List.of(arguments));
            if (method.equals("write")) {
                throw new IllegalStateException("the shelf is down");
            }
        });

        assertThatThrownBy(() -> shelf.proxy().write("k", "a")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the shelf is down");
        assertThat(shelf.proxy().read("k")).isEmpty();

        assertThat(target.values).isEmpty();
        assertThat(seen).containsExactly("write[k, a]", "read[k]");
        assertThat(shelf.calls("write", "read")).isEqualTo(2);
    }

    @Test
    void aNameThatIsNoMethodIsRejectedSoThatATypoCannotPassAnAssertionOfNoCall() {
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, new ListShelf());

        assertThatThrownBy(() -> shelf.calls("reads")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no method reads");
    }

    @Test
    void onlyInterfacesCanBeCounted() {
        assertThatThrownBy(() -> CountingProxy.of(ListShelf.class, new ListShelf()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an interface")
                .hasMessageContaining(ListShelf.class.getName());
    }

    @Test
    void theObjectMethodsAreTheProxysOwnAndAreNotCounted() {
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, new ListShelf());
        Shelf proxy = shelf.proxy();

        assertThat(proxy).isEqualTo(proxy).isNotEqualTo(CountingProxy.of(Shelf.class, new ListShelf()).proxy());
        assertThat(proxy.hashCode()).isEqualTo(System.identityHashCode(proxy));
        assertThat(proxy.toString()).startsWith("CountingProxy of ");
        assertThat(shelf.calls()).isEmpty();
    }

    @Test
    void countsCallsFromManyThreads() throws InterruptedException {
        CountingProxy<Shelf> shelf = CountingProxy.of(Shelf.class, new ListShelf());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4_000; i++) {
            threads.execute(() -> shelf.proxy().read("k", 1));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(shelf.calls("read")).isEqualTo(4_000);
    }
}
