package org.ser4j.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per second each remote address may send: a token bucket per address that holds up to
 * {@code burst} requests and refills at {@code perSecond}. {@link #tryAcquire} takes one token or says
 * how long until the next. A rate of 0 counts nothing and refuses nothing. Buckets that have refilled
 * completely are forgotten once more than {@link #TRACKED} addresses are known (looked for at most once
 * a second), so a sweep over many addresses cannot grow the table without bound.
 */
final class PerAddressRate {

    /** Addresses remembered before full buckets are dropped. */
    static final int TRACKED = 10_000;
    /**
     * Full buckets are looked for at most once a second: many addresses that all keep sending (cheap with
     * IPv6) would otherwise make every request scan the table.
     */
    static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /**
     * @param perSecond sustained requests per second per address; 0 for no limit
     * @param burst requests an address may send at once after a quiet spell (at least 1)
     * @param clock nanoseconds, as {@link System#nanoTime}
     */
    PerAddressRate(double perSecond, double burst, LongSupplier clock) {
        if (!(perSecond >= 0) || perSecond > 0 && !(burst >= 1)) {
            throw new IllegalArgumentException("request rate must be 0 (none) or positive with a burst of at least 1, got "
                    + perSecond + "/s, burst " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /**
     * Takes one request's token for the address.
     *
     * @return 0 when it may go on; otherwise the seconds until it may send the next request (above 0)
     */
    double tryAcquire(String address) {
        if (perSecond == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long swept = lastSweep.get();
        if (buckets.size() > TRACKED && (swept == Long.MIN_VALUE || now - swept >= SWEEP_EVERY_NANOS)
                && lastSweep.compareAndSet(swept, now)) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.tokens + (now - b.last) / 1e9 * perSecond >= burst;
                }
            });
        }
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (1 - b.tokens) / perSecond;
        }
    }

    /** Addresses with a bucket now (for tests). */
    int tracked() {
        return buckets.size();
    }

    double perSecond() {
        return perSecond;
    }
}
