package org.ser4j.testing;

import java.util.Random;
import org.ser4j.audio.AudioClip;

/** Deterministic test signals: sines, noise, a crude voice, multi-channel clips. */
public final class TestSignals {

    private TestSignals() {}

    /** {@code amplitude * sin(2 pi f t)}, {@code n} samples at {@code sampleRate}. */
    public static float[] sine(double frequency, double amplitude, int sampleRate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        return x;
    }

    /** Uniform noise in [-amplitude, amplitude) from a fixed seed. */
    public static float[] noise(double amplitude, int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * (2 * rng.nextDouble() - 1));
        }
        return x;
    }

    /**
     * A crude voice that the voice activity detector takes for speech: 180 ms syllables with 120 ms
     * pauses, each a harmonic series (12 harmonics at 1/h, peak about 0.3) on a fundamental drawn
     * from 100-180 Hz and rising 10% within the syllable, with a raised-cosine envelope.
     */
    public static float[] voice(double seconds, int sampleRate, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[(int) Math.round(seconds * sampleRate)];
        int syllable = (int) (0.18 * sampleRate);
        int cycle = (int) (0.30 * sampleRate);
        double phase = 0;
        double f0 = 0;
        for (int i = 0; i < x.length; i++) {
            int inCycle = i % cycle;
            if (inCycle == 0) {
                f0 = 100 + 80 * rng.nextDouble();
            }
            phase += 2 * Math.PI * f0 * (1 + 0.1 * inCycle / cycle) / sampleRate;
            if (inCycle < syllable) {
                double envelope = 0.5 - 0.5 * Math.cos(2 * Math.PI * inCycle / syllable);
                double v = 0;
                for (int h = 1; h <= 12 && h * f0 < sampleRate / 2.0; h++) {
                    v += Math.sin(h * phase) / h;
                }
                x[i] = (float) (0.2 * envelope * v);
            }
        }
        return x;
    }

    /**
     * A clip whose channel c is a sine of {@code 220 * (c + 1)} Hz at amplitude 0.5, quantised to
     * multiples of {@code 2^-(bits-1)} so that it survives an N-bit integer round trip exactly.
     */
    public static AudioClip quantisedClip(int channels, int sampleRate, int frames, int bits) {
        double step = Math.scalb(1.0, bits - 1);
        float[][] ch = new float[channels][];
        for (int c = 0; c < channels; c++) {
            float[] s = sine(220.0 * (c + 1), 0.5, sampleRate, frames);
            for (int i = 0; i < frames; i++) {
                s[i] = (float) (Math.round(s[i] * step) / step);
            }
            ch[c] = s;
        }
        return new AudioClip(ch, sampleRate);
    }
}
