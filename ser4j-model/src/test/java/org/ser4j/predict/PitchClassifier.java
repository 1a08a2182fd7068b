package org.ser4j.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ser4j.data.Labels;

/**
 * A deterministic stand-in for a trained model: the emotion is the pitch bucket of the window
 * (zero-crossing frequency / 100 Hz, so a 250 Hz tone is HAPPY, 450 Hz ANGRY), with probability
 * {@link #TOP} and {@link #REST} for each other class. 16 kHz, 3 s windows, 0.5 s training offset unless told otherwise.
 */
public final class PitchClassifier implements WindowClassifier {

    public static final int RATE = 16_000;
    public static final float TOP = 0.72f;
    public static final float REST = 0.04f;
    /**
     * Default settings without voice activity detection: tests that use tones as stand-ins for speech
     * need it off, since the detector rightly calls a steady tone no speech.
     */
    public static final PredictionSettings NO_VAD = PredictionSettings.DEFAULT.withVoiceActivity(false);

    final AtomicInteger windowsSeen = new AtomicInteger();
    volatile boolean closed;
    private final int offsetSamples;

    /** With SEC-PyTorch's 0.5 s training offset. */
    public PitchClassifier() {
        this(RATE / 2);
    }

    public PitchClassifier(int offsetSamples) {
        this.offsetSamples = offsetSamples;
    }

    public static String emotionOf(double hz) {
        return Labels.ravdess().get(Math.min(7, (int) (hz / 100)));
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public int windowSamples() {
        return 3 * RATE;
    }

    @Override
    public int offsetSamples() {
        return offsetSamples;
    }

    @Override
    public List<String> labels() {
        return Labels.ravdess();
    }

    @Override
    public List<float[]> classify(List<float[]> windows) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        List<float[]> out = new ArrayList<>();
        for (float[] w : windows) {
            if (w.length != windowSamples()) {
                throw new IllegalArgumentException("window of " + w.length + " samples");
            }
            windowsSeen.incrementAndGet();
            int crossings = 0;
            int last = w.length;
            while (last > 1 && w[last - 1] == 0f) {
                last--; // zero padding
            }
            for (int i = 1; i < last; i++) {
                if ((w[i - 1] < 0) != (w[i] < 0)) {
                    crossings++;
                }
            }
            double hz = crossings / 2.0 / ((double) last / RATE);
            float[] p = new float[8];
            java.util.Arrays.fill(p, REST);
            p[Labels.ravdess().indexOf(emotionOf(hz))] = TOP;
            out.add(p);
        }
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("architecture", "pitch-test-double");
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A sine tone of {@code hz} at {@code amplitude} lasting {@code seconds}. */
    public static float[] tone(double hz, double seconds, int rate, double amplitude) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate + 0.1));
        }
        return x;
    }

    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int pos = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
