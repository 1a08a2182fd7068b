package org.ser4j.bundle;

import ai.djl.engine.Engine;

/**
 * The deep-learning engine, optionally started early on a thread of its own. Loading PyTorch's native
 * library takes about a second of a cold {@code predict} (docs/performance.md "Cold start"), and until
 * now nothing else ran meanwhile: the command line, the JSON mapper and the bundle files were read
 * first, then the engine loaded. {@link #startInBackground()} lets a command that will need it start
 * the load first thing, so that the two overlap on a machine with a second core.
 *
 * <p>Code that may run while such a start is under way gets the engine through {@link #get()}, which
 * waits for it: DJL's PyTorch provider does not check again under its lock whether another thread
 * created the engine, so two threads asking at once could each start one.
 */
public final class Engines {

    private static Thread starting;

    private Engines() {}

    /**
     * Starts loading the default engine on a daemon thread, once per process; a failure there is
     * left for {@link #get()} (which then fails with the engine's own message).
     */
    public static synchronized void startInBackground() {
        if (starting != null) {
            return;
        }
        starting = new Thread(() -> {
            try {
                Engine.getInstance();
            } catch (RuntimeException | LinkageError e) {
                // get() asks again on the caller's thread and reports the same failure there
            }
        }, "ser4j-engine-start");
        starting.setDaemon(true);
        starting.start();
    }

    /** Waits until a start begun by {@link #startInBackground()} has ended; returns at once when none was begun. */
    public static void awaitStart() {
        Thread t;
        synchronized (Engines.class) {
            t = starting;
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The default engine, after any start begun in the background has ended. */
    public static Engine get() {
        awaitStart();
        return Engine.getInstance();
    }
}
