package org.ser4j.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** An engine started in the background is the one every later caller gets, once it has started. */
class EnginesTest {

    @Test
    void aBackgroundStartEndsInTheEngineEveryCallerGets() {
        Engines.startInBackground();
        Engines.startInBackground(); // once per process
        Engine engine = Engines.get();
        assertSame(Engine.getInstance(), engine);
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ser4j-engine-start") && t.isAlive()).count(), "the start has ended");
    }
}
