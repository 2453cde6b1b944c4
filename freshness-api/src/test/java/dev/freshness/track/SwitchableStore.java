package dev.freshness.track;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A recording store that can be switched off: while down, every write and read fails, and is counted. */
public class SwitchableStore extends RecordingStore {

    private volatile boolean down;
    private final AtomicInteger refused = new AtomicInteger();

    SwitchableStore(boolean mayBlock) {
        super(mayBlock);
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void apply(RunEvent event) {
        refuseWhileDown();
        super.apply(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        refuseWhileDown();
        super.createStatusesIfAbsent(scope, datasets);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        refuseWhileDown();
        return List.of();
    }

    private void refuseWhileDown() {
        if (down) {
            refused.incrementAndGet();
            throw new StoreException("the store is unreachable", new IllegalStateException("connection refused"));
        }
    }
}
