package org.ser4j.audio;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the vector loops (JDK 17's incubating Vector API) are used, and when.
 *
 * <p>The Vector API is fast only once the C2 compiler has compiled the loop; before that, in the
 * interpreter and under C1, every vector operation allocates, and a 3.5 s clip took 100-700 ms
 * instead of 0.5 (measured, issue 17). So the callers run the scalar loop, which gives the same bits,
 * until a low-priority daemon thread, started at the first use, has warmed the vector loop on a dummy
 * signal and measured it at least twice as fast as the scalar loop, three times in a row. If that
 * never happens (a JIT that compiles it badly, a slow machine) the scalar loop stays.
 *
 * <p>Used only when all hold: the module {@code jdk.incubator.vector} is in the boot layer (the
 * launcher adds it with {@code --add-modules jdk.incubator.vector}, except for the commands that run
 * with C1 only), the C2 compiler is on, and the system property {@code ser4j.vector} is not
 * {@code false}. The JVM's options are read only when the module is there (reading them costs about
 * 35 ms at start).
 */
public final class VectorKernels {

    /** Property that turns the vector loops off ({@code -Dser4j.vector=false}). */
    public static final String PROPERTY = "ser4j.vector";
    private static final long WARM_UP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final boolean AVAILABLE = !"false".equals(System.getProperty(PROPERTY))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && c2();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile boolean ready;

    private VectorKernels() {}

    /** Whether the vector loops may be used in this JVM (they may still be warming up). */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Whether the vector loops are in use now; the first call starts their warm-up. */
    public static boolean ready() {
        if (!AVAILABLE) {
            return false;
        }
        if (!ready && STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(VectorKernels::warmUp, "ser4j-vector-warm-up");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
        return ready;
    }

    /**
     * Starts the warm-up if needed and waits for it to end, at most {@code timeoutMillis}: for a
     * server before it opens, and for benchmarks that time the steady state.
     *
     * @return {@link #ready()}
     */
    public static boolean awaitReady(long timeoutMillis) throws InterruptedException {
        if (!ready()) {
            DONE.await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return ready;
    }

    /** "vector (N lanes)", "scalar (warming up)" or "scalar": what the resampler runs now, for benchmarks' output. */
    public static String describe() {
        if (ready()) {
            return "vector (" + DecimationVectors.BLOCK / 8 + " float lanes)";
        }
        return AVAILABLE && DONE.getCount() > 0 ? "scalar (vector loop warming up)" : "scalar";
    }

    private static void warmUp() {
        try {
            Random rng = new Random(17);
            float[] x = new float[3 * 1024];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            float[] h = new float[256];
            for (int j = 0; j < h.length; j++) {
                h[j] = (float) (rng.nextGaussian() / 16);
            }
            int outputs = 4 * DecimationVectors.BLOCK;
            DecimationKernel kernel = new DecimationKernel(x, 3, h, 127, 0, outputs);
            float[] vector = new float[outputs];
            float[] scalar = new float[outputs];
            long start = System.nanoTime();
            int fastInARow = 0;
            while (System.nanoTime() - start < WARM_UP_LIMIT_NANOS) {
                for (int i = 0; i < 64; i++) {
                    kernel.run(vector, 0, 0, outputs, true);
                }
                long t0 = System.nanoTime();
                kernel.run(vector, 0, 0, outputs, true);
                long t1 = System.nanoTime();
                kernel.run(scalar, 0, 0, outputs, false);
                long t2 = System.nanoTime();
                if (!java.util.Arrays.equals(vector, scalar)) {
                    return; // never expected: the two loops must agree bit for bit, or the vector loop is not used
                }
                fastInARow = 2 * (t1 - t0) <= t2 - t1 ? fastInARow + 1 : 0;
                if (fastInARow >= 3) {
                    ready = true;
                    return;
                }
            }
        } finally {
            DONE.countDown();
        }
    }

    private static boolean c2() {
        // TieredStopAtLevel below 4 (e.g. the launcher's C1-only predict) or -Xint: the loop would never be fast
        if (!vmFlag("UseCompiler", true)) {
            return false;
        }
        String level = vmOption("TieredStopAtLevel");
        return level == null || Integer.parseInt(level) >= 4 || !vmFlag("TieredCompilation", true);
    }

    private static boolean vmFlag(String name, boolean otherwise) {
        String v = vmOption(name);
        return v == null ? otherwise : Boolean.parseBoolean(v);
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
