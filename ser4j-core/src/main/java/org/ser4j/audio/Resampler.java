package org.ser4j.audio;

/** TEMPORARY stand-in on branch serve until branch audio lands (deleted before merging it): linear interpolation. */
public final class Resampler {

    private Resampler() {}

    public static float[] resample(float[] x, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return x.clone();
        }
        int n = (int) ((long) x.length * toRate / fromRate);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i * fromRate / toRate;
            int j = (int) t;
            double f = t - j;
            float a = x[Math.min(j, x.length - 1)];
            float b = x[Math.min(j + 1, x.length - 1)];
            y[i] = (float) (a + f * (b - a));
        }
        return y;
    }
}
