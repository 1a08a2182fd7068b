package org.ser4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.data.Emotion;

/** A tiny RAVDESS-layout corpus of generated 16-bit WAVs: one 1 s clip per emotion and actor. */
final class TinyCorpus {

    static final int RATE = 48_000;

    private TinyCorpus() {}

    /** Writes {@code Actor_NN/03-01-EE-01-01-01-NN.wav} for every emotion and each actor; a tone whose pitch depends on the emotion. */
    static Path write(Path dir, int... actors) throws IOException {
        for (int actor : actors) {
            Path actorDir = Files.createDirectories(dir.resolve(String.format(Locale.ROOT, "Actor_%02d", actor)));
            Random rng = new Random(actor);
            for (Emotion e : Emotion.values()) {
                float[] x = new float[RATE];
                double f = 200.0 * e.code() + 13 * actor;
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * i / RATE) + 0.01 * rng.nextGaussian());
                }
                String name = String.format(Locale.ROOT, "03-01-%02d-01-01-01-%02d.wav", e.code(), actor);
                WavEncoder.write(AudioClip.mono(x, RATE), WavFormat.PCM_16, actorDir.resolve(name));
            }
        }
        return dir;
    }
}
