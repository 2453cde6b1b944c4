package dev.freshness.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedTrialTest {

    private final List<String> closed = new ArrayList<>();

    private AutoCloseable resource(String name) {
        return new AutoCloseable() {
            @Override
            public void close() {
                closed.add(name);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void theLastHolderClosesTheResourcesLatestFirst() {
        SharedTrial shared = new SharedTrial(resource("database"));
        shared.add(resource("freshness"));
        shared.retain();
        shared.retain();

        // The benchmark state lets go first, as JMH may do while thread states still hold connections.
        shared.release();
        shared.release();
        assertThat(closed).isEmpty();
        assertThat(shared.holders()).isEqualTo(1);

        shared.release();
        assertThat(closed).containsExactly("freshness", "database");
    }

    @Test
    void everyResourceIsClosedEvenWhenOneFails() {
        SharedTrial shared = new SharedTrial(resource("database"));
        shared.add(() -> {
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(shared::release).hasRootCauseMessage("boom");
        assertThat(closed).containsExactly("database");
    }

    @Test
    void nothingIsHeldAfterTheLastRelease() {
        SharedTrial shared = new SharedTrial(resource("database"));
        shared.release();

        assertThatThrownBy(shared::retain).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(shared::release).isInstanceOf(IllegalStateException.class);
        assertThat(closed).containsExactly("database");
    }
}
