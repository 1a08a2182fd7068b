package org.ser4j.augment.condition;

import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clip as heard in a room: FFT convolution with a room impulse response, then shifted by the
 * response's strongest tap so that the direct sound stays where it was, cut to the clip's length and
 * brought back to the clip's active speech level.
 *
 * <p>Responses: {@code files}, a random one of the room pool (channel 0, resampled), at most
 * {@value #MAX_RESPONSE_SECONDS} s of it; {@code room}, a simulated room: a unit direct path and a
 * tail of Gaussian noise decaying by 60 dB in {@code rt60} seconds (Polack's statistical model),
 * starting 2-8 ms later, at {@code drr} dB below the direct sound's energy.
 *
 * @param source {@code files} or {@code room}
 * @param rooms for {@code files}: the rooms to draw from; empty for every room of the pool
 * @param rt60 for {@code room}: reverberation time, seconds
 * @param drrDb for {@code room}: direct-to-reverberant energy ratio, dB
 * @param pool the impulse responses (empty for {@code room})
 */
public record ReverbCondition(String source, Set<String> rooms, Range rt60, Range drrDb, SoundPool pool)
        implements RecordingCondition {

    /** Longest part of a measured response that is used, seconds. */
    public static final double MAX_RESPONSE_SECONDS = 3;
    /** Default reverberation times of simulated rooms, seconds: small rooms to halls. */
    public static final Range DEFAULT_RT60 = new Range(0.2, 1.5);
    /** Default direct-to-reverberant ratios, dB: a far microphone to a near one. */
    public static final Range DEFAULT_DRR = new Range(-5, 10);
    /** 60 dB of amplitude decay as a natural logarithm: ln(10^3). */
    private static final double LN_1000 = Math.log(1000);

    public ReverbCondition {
        Objects.requireNonNull(source, "source");
        rooms = Set.copyOf(rooms);
        if (!rt60.within(0.05, 10)) {
            throw new IllegalArgumentException("reverb rt60 must lie in 0.05..10 s, got " + rt60);
        }
        if (source.equals("files") && pool.isEmpty()) {
            throw new IllegalArgumentException("reverb=files has no impulse responses to draw from");
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        float[] response = source.equals("files")
                ? pool.signal(rng.nextInt(pool.size()), sampleRate)
                : simulated(rt60.draw(rng), drrDb.draw(rng), sampleRate, rng);
        int max = (int) (MAX_RESPONSE_SECONDS * sampleRate);
        if (response.length > max) {
            response = java.util.Arrays.copyOf(response, max);
        }
        return reverberate(signal, response, sampleRate);
    }

    /** {@code signal} convolved with {@code response}, aligned on its strongest tap, at the clip's active level. */
    public static float[] reverberate(float[] signal, float[] response, int sampleRate) {
        int peak = 0;
        for (int i = 1; i < response.length; i++) {
            if (Math.abs(response[i]) > Math.abs(response[peak])) {
                peak = i;
            }
        }
        double[] wet = FftConvolution.convolve(signal, response);
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length && i + peak < wet.length; i++) {
            out[i] = (float) wet[i + peak];
        }
        double before = SpeechLevel.activePower(signal, sampleRate);
        double after = SpeechLevel.activePower(out, sampleRate);
        if (before > 0 && after > 0) {
            float g = (float) Math.sqrt(before / after);
            for (int i = 0; i < out.length; i++) {
                out[i] *= g;
            }
        }
        return out;
    }

    /** A simulated room's impulse response (see the class comment). */
    static float[] simulated(double rt60Seconds, double drrDb, int sampleRate, Random rng) {
        int length = (int) (Math.min(1.2 * rt60Seconds, MAX_RESPONSE_SECONDS) * sampleRate);
        int start = (int) ((0.002 + 0.006 * rng.nextDouble()) * sampleRate);
        float[] h = new float[Math.max(length, start + 2)];
        double energy = 0;
        double[] tail = new double[h.length];
        for (int n = start; n < h.length; n++) {
            double t = (double) (n - start) / sampleRate;
            tail[n] = rng.nextGaussian() * Math.exp(-LN_1000 * t / rt60Seconds);
            energy += tail[n] * tail[n];
        }
        double g = energy == 0 ? 0 : Math.sqrt(Math.pow(10, -drrDb / 10) / energy);
        for (int n = 0; n < h.length; n++) {
            h[n] = (float) (g * tail[n]);
        }
        h[0] = 1;
        return h;
    }

    @Override
    public String spec() {
        if (source.equals("files")) {
            return "reverb=files" + (rooms.isEmpty() ? "" : ":rooms=" + String.join("+", new TreeSet<>(rooms)));
        }
        return "reverb=room:rt60=" + rt60 + ",drr=" + drrDb;
    }
}
