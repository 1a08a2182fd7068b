package org.ser4j.audio;

/**
 * The mix {@link AudioClip#downmix()} makes, and its one rule: the channels' mean, unless averaging
 * cancels them (one phase-inverted against another: the mean keeps less than a tenth of the mean
 * channel power), then the most powerful channel alone. {@link AudioClip#downmix()} applies the rule
 * to a decoded clip; a decoder that mixes while it decodes (a long WAV read block by block, FLAC, MP3)
 * builds the mean frame by frame here, with the same arithmetic in the same order, so that its samples
 * equal the whole clip's to the bit.
 */
final class Downmix {

    private final int channels;
    /** Sums of squares per channel, and of the mean. */
    private final double[] power;
    private double meanPower;
    /** The current frame's sum. */
    private double sum;

    Downmix(int channels) {
        this.channels = channels;
        this.power = new double[channels];
    }

    /** Adds the current frame's sample of {@code channel} (channels in order). */
    void add(int channel, float v) {
        sum += v;
        power[channel] += (double) v * v;
    }

    /** Ends the frame: its mean, as {@link AudioClip#mono()} computes it. */
    float endFrame() {
        float m = channels == 1 ? (float) sum : (float) (sum / channels);
        sum = 0;
        meanPower += (double) m * m;
        return m;
    }

    /** The channel to hear instead of the mean of the {@code frames} frames mixed, or -1 for the mean. */
    int loudestIfCancelled(long frames) {
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = power[c] / frames;
        }
        return loudestIfCancelled(meanPower / frames, mean);
    }

    /**
     * The rule: the channel to hear instead of the mean, or -1 for the mean, from the mean's power and
     * each channel's (mean squares). One channel is always its own mean.
     */
    static int loudestIfCancelled(double meanPower, double[] channelPowers) {
        if (channelPowers.length < 2) {
            return -1;
        }
        double best = -1;
        int loudest = 0;
        double total = 0;
        for (int c = 0; c < channelPowers.length; c++) {
            double p = channelPowers[c];
            total += p;
            if (p > best) {
                best = p;
                loudest = c;
            }
        }
        return meanPower * 10 < total / channelPowers.length ? loudest : -1;
    }
}
