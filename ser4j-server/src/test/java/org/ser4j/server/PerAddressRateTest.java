package org.ser4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PerAddressRateTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstGoesAtOnceThenTheRateRefillsIt() {
        PerAddressRate rate = new PerAddressRate(4, 10, now::get);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, rate.tryAcquire("a"), "request " + i + " of the burst");
        }
        assertEquals(0.25, rate.tryAcquire("a"), 1e-9, "the 11th waits a quarter second at 4 a second");
        assertEquals(0, rate.tryAcquire("b"), "another address has its own bucket");
        now.addAndGet(250_000_000L);
        assertEquals(0, rate.tryAcquire("a"), "one token back after 0.25 s");
        assertTrue(rate.tryAcquire("a") > 0);
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, rate.tryAcquire("a"), "a quiet minute refills the burst, no more");
        }
        assertTrue(rate.tryAcquire("a") > 0);
    }

    @Test
    void zeroLimitsNothingAndBadSettingsAreRefused() {
        PerAddressRate none = new PerAddressRate(0, 0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, none.tryAcquire("a"));
        }
        assertEquals(0, none.tracked());
        assertThrows(IllegalArgumentException.class, () -> new PerAddressRate(-1, 10, now::get));
        assertThrows(IllegalArgumentException.class, () -> new PerAddressRate(4, 0.5, now::get));
        assertThrows(IllegalArgumentException.class, () -> new PerAddressRate(Double.NaN, 10, now::get));
    }

    @Test
    void aSweepOverManyAddressesDoesNotGrowTheTableWithoutBound() {
        PerAddressRate rate = new PerAddressRate(4, 10, now::get);
        for (int i = 0; i < 3 * PerAddressRate.TRACKED; i++) {
            rate.tryAcquire("10.0." + (i >> 8) + "." + (i & 255));
            now.addAndGet(10_000_000L); // 10 ms apart: a bucket is full again 0.25 s after its one request
        }
        // swept at most once a second: 100 addresses a second arrive between sweeps
        assertTrue(rate.tracked() <= PerAddressRate.TRACKED + 101, rate.tracked() + " addresses tracked");
    }
}
