package org.ser4j.audio;

import java.util.Arrays;

/** Operations on mono sample arrays: SEC-PyTorch's offset/duration window, frame powers. Inputs are never modified. */
public final class Signals {

    private Signals() {}

    /**
     * SEC-PyTorch's (librosa 0.8 with soundfile) loading window: samples
     * {@code [start, start + length)} with {@code start = (int) (offsetSeconds * sampleRate)} and
     * {@code length = (int) (durationSeconds * sampleRate)}, fewer when the signal ends earlier (an
     * offset past the end gives no samples), then, if {@code zeroPadToDuration}, zeros appended up to
     * exactly {@code length} samples (SEC-PyTorch pads every clip to 3 s = 144,000 samples at 48 kHz).
     *
     * @param durationSeconds positive, or {@link Double#POSITIVE_INFINITY} for "to the end" (no padding)
     * @return a new array
     */
    public static float[] window(float[] mono, int sampleRate, double offsetSeconds, double durationSeconds,
            boolean zeroPadToDuration) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (!(offsetSeconds >= 0) || Double.isInfinite(offsetSeconds)) {
            throw new IllegalArgumentException("offset must be a finite number of seconds >= 0, got " + offsetSeconds);
        }
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("duration must be > 0 seconds (or +infinity), got " + durationSeconds);
        }
        long start = (long) (offsetSeconds * sampleRate);
        long available = Math.max(0, mono.length - start);
        if (Double.isInfinite(durationSeconds)) {
            return Arrays.copyOfRange(mono, (int) Math.min(start, mono.length), mono.length);
        }
        long length = (long) (durationSeconds * sampleRate);
        if (zeroPadToDuration && length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a window of " + durationSeconds + " s at " + sampleRate
                    + " Hz does not fit in one array");
        }
        int taken = (int) Math.min(available, length);
        float[] out = new float[zeroPadToDuration ? (int) length : taken];
        if (taken > 0) {
            System.arraycopy(mono, (int) start, out, 0, taken);
        }
        return out;
    }

    /**
     * The mean power {@code mean(x^2)} of each run of {@code frame} samples from the start, the last
     * run shorter when the signal does not fill it: {@code ceil(x.length / frame)} values.
     */
    public static double[] framePowers(float[] x, int frame) {
        if (frame < 1) {
            throw new IllegalArgumentException("frame must be at least one sample, got " + frame);
        }
        double[] power = new double[(x.length + frame - 1) / frame];
        for (int f = 0; f < power.length; f++) {
            int from = f * frame;
            int to = Math.min(x.length, from + frame);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += (double) x[i] * x[i];
            }
            power[f] = sum / (to - from);
        }
        return power;
    }
}
