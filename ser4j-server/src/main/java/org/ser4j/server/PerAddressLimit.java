package org.ser4j.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something (uploads being read) each remote address holds at once, against a limit:
 * {@link #tryAcquire} takes one unless the address already holds the limit, {@link #release} gives it
 * back. A limit of 0 counts nothing and refuses nothing. Addresses that hold nothing take no memory.
 */
final class PerAddressLimit {

    private final int limit;
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    PerAddressLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("per-address limit must be 0 (none) or positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Takes one for the address unless it holds the limit already; whether it did. */
    boolean tryAcquire(String address) {
        if (limit == 0) {
            return true;
        }
        boolean[] taken = {false};
        held.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back one that {@link #tryAcquire} took for the address. */
    void release(String address) {
        if (limit == 0) {
            return;
        }
        held.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** How many the address holds now (0 when the limit is 0: nothing is counted). */
    int held(String address) {
        return held.getOrDefault(address, 0);
    }

    int limit() {
        return limit;
    }
}
