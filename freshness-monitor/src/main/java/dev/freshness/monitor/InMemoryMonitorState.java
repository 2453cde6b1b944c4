package dev.freshness.monitor;

import dev.freshness.core.Scope;
import dev.freshness.report.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The monitor's state in this JVM's memory: for applications that use the in-memory store, and for tests. Every
 * monitor given the same instance shares it, so a change is notified once among them; a restart forgets it.
 * Thread-safe: every method holds the instance's lock.
 */
public final class InMemoryMonitorState implements MonitorState {

    private final Map<String, Map<Scope, Severity>> notified = new HashMap<>();
    private final Map<String, java.util.Set<Scope>> upcoming = new HashMap<>();
    private final TreeMap<Long, Entry> pending = new TreeMap<>();
    private long nextId = 1;

    private static final class Entry {
        PendingDelivery delivery;
        Instant dueAt;
        String token;
        Instant claimedUntil;

        Entry(PendingDelivery delivery, Instant dueAt) {
            this.delivery = delivery;
            this.dueAt = dueAt;
        }
    }

    /** An empty state: nothing notified, nothing pending. */
    public InMemoryMonitorState() {
    }

    @Override
    public synchronized Map<Scope, Severity> notifiedSeverities(String pageKey) {
        Objects.requireNonNull(pageKey, "pageKey must not be null");
        return Map.copyOf(notified.getOrDefault(pageKey, Map.of()));
    }

    @Override
    public synchronized java.util.Set<Scope> notifiedUpcoming(String pageKey) {
        Objects.requireNonNull(pageKey, "pageKey must not be null");
        return java.util.Set.copyOf(upcoming.getOrDefault(pageKey, java.util.Set.of()));
    }

    @Override
    public synchronized boolean claim(Change change, List<String> channels) {
        Objects.requireNonNull(change, "change must not be null");
        List<String> names = List.copyOf(Objects.requireNonNull(channels, "channels must not be null"));
        Map<Scope, Severity> page = notified.computeIfAbsent(change.pageKey(), key -> new HashMap<>());
        java.util.Set<Scope> comingPage = upcoming.computeIfAbsent(change.pageKey(), key -> new java.util.HashSet<>());
        if (change.upcoming()) {
            boolean coming = change.current() == Severity.WARNING;
            boolean noted = comingPage.contains(change.scope());
            if (coming ? noted || page.containsKey(change.scope()) : !noted) {
                return false;
            }
            if (coming) {
                comingPage.add(change.scope());
            } else {
                comingPage.remove(change.scope());
            }
        } else if (page.getOrDefault(change.scope(), Severity.OK) != change.previous()
                || (change.previous() == Severity.OK && comingPage.contains(change.scope()))) {
            return false;
        } else if (change.current() == Severity.OK) {
            page.remove(change.scope());
        } else {
            page.put(change.scope(), change.current());
        }
        for (String channel : names) {
            long id = nextId++;
            pending.put(id, new Entry(new PendingDelivery(id, channel, change, 0), change.at()));
        }
        return true;
    }

    @Override
    public synchronized Claim claimDue(String channel, Instant now, Instant claimedUntil, int limit) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(claimedUntil, "claimedUntil must not be null");
        String token = UUID.randomUUID().toString();
        List<PendingDelivery> claimed = new ArrayList<>();
        for (Entry entry : pending.values()) {
            if (claimed.size() >= limit) {
                break;
            }
            boolean free = entry.token == null || entry.claimedUntil.isBefore(now);
            if (entry.delivery.channel().equals(channel) && !entry.dueAt.isAfter(now) && free) {
                entry.token = token;
                entry.claimedUntil = claimedUntil;
                claimed.add(entry.delivery);
            }
        }
        return new Claim(token, claimed);
    }

    @Override
    public synchronized void delivered(Claim claim) {
        for (PendingDelivery delivery : claim.deliveries()) {
            Entry entry = pending.get(delivery.id());
            if (entry != null && claim.token().equals(entry.token)) {
                pending.remove(delivery.id());
            }
        }
    }

    @Override
    public synchronized void failed(Claim claim, Instant retryAt) {
        Objects.requireNonNull(retryAt, "retryAt must not be null");
        for (PendingDelivery delivery : claim.deliveries()) {
            Entry entry = pending.get(delivery.id());
            if (entry != null && claim.token().equals(entry.token)) {
                PendingDelivery old = entry.delivery;
                entry.delivery = new PendingDelivery(old.id(), old.channel(), old.change(), old.attempts() + 1);
                entry.dueAt = retryAt;
                entry.token = null;
                entry.claimedUntil = null;
            }
        }
    }

    /** How many deliveries wait, for all channels; for tests and metrics. */
    public synchronized int pendingCount() {
        return pending.size();
    }
}
