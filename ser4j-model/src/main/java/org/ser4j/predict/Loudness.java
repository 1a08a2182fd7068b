package org.ser4j.predict;

/** Signal level in dB relative to full scale, for silence detection. */
final class Loudness {

    private Loudness() {}

    /**
     * RMS level of {@code x[from, to)} in dBFS: {@code 20 log10(sqrt(mean(x^2)))}, where a full-scale
     * square wave is 0 dBFS. An empty or all-zero range gives negative infinity.
     */
    static double rmsDbfs(float[] x, int from, int to) {
        if (to <= from) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return 10 * Math.log10(sum / (to - from));
    }
}
