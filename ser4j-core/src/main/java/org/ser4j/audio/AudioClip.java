package org.ser4j.audio;

import java.util.Arrays;

/**
 * Decoded audio: float samples in [-1, 1], one array per channel, all of the same length.
 *
 * <p>The arrays are owned by the clip; callers must not modify them. Operations that change the
 * signal ({@link #mono()}, windowing, resampling) return new arrays.
 *
 * @param channels samples per channel, {@code channels[c][i]}; at least one channel
 * @param sampleRate samples per second per channel, positive
 */
public record AudioClip(float[][] channels, int sampleRate) {

    public AudioClip {
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("an audio clip needs at least one channel");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        int n = channels[0].length;
        for (float[] ch : channels) {
            if (ch.length != n) {
                throw new IllegalArgumentException("channels differ in length: " + n + " vs " + ch.length);
            }
        }
    }

    /** A one-channel clip wrapping {@code samples} (not copied). */
    public static AudioClip mono(float[] samples, int sampleRate) {
        return new AudioClip(new float[][] {samples}, sampleRate);
    }

    public int channelCount() {
        return channels.length;
    }

    /** Samples per channel. */
    public int frames() {
        return channels[0].length;
    }

    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }

    /**
     * The channels averaged into one, as librosa's {@code to_mono} does: {@code sum(channels) / C},
     * computed in double and rounded once. A one-channel clip returns a copy of its samples.
     */
    public float[] mono() {
        if (channels.length == 1) {
            return channels[0].clone();
        }
        int n = frames();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (float[] ch : channels) {
                sum += ch[i];
            }
            out[i] = (float) (sum / channels.length);
        }
        return out;
    }

    /**
     * {@link #mono()} at {@code rate}: the channels averaged, then resampled with {@link Resampler}
     * when the clip has another rate. The one downmix-and-resample path of features, conditions and
     * training (issue 19: it was written out four times).
     */
    public float[] monoAt(int rate) {
        float[] m = mono();
        return sampleRate == rate ? m : Resampler.resample(m, sampleRate, rate);
    }

    /**
     * One channel to listen to: {@link #mono()}, unless averaging cancels the channels (one of them
     * phase-inverted against another: the average keeps less than a tenth of the mean channel power),
     * then the most powerful channel alone. For prediction; features that must equal librosa's use
     * {@link #mono()}.
     */
    public float[] downmix() {
        float[] mean = mono();
        if (channels.length == 1) {
            return mean;
        }
        double[] channelPowers = new double[channels.length];
        for (int c = 0; c < channels.length; c++) {
            channelPowers[c] = power(channels[c]);
        }
        int loudest = Downmix.loudestIfCancelled(power(mean), channelPowers);
        return loudest < 0 ? mean : channels[loudest].clone();
    }

    private static double power(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return x.length == 0 ? 0 : sum / x.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other
                && sampleRate == other.sampleRate
                && Arrays.deepEquals(channels, other.channels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(channels) + sampleRate;
    }

    @Override
    public String toString() {
        return "AudioClip[" + channelCount() + " ch, " + sampleRate + " Hz, " + frames() + " frames]";
    }
}
