package org.ser4j.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Additive white Gaussian noise at a random signal-to-noise ratio, exactly as SEC-PyTorch (SPEC.md,
 * "Augmentation"): per signal {@code s} one integer target SNR is drawn uniformly from
 * [{@code minSnrDb}, {@code maxSnrDb}]; each copy gets its own noise vector {@code n ~ N(0, 1)} of the
 * signal's length, scaled by
 * <pre>  K = sqrt( mean(s^2) / mean(n^2) * 10^(-SNR/10) )</pre>
 * so that the copy {@code s + K n} has exactly that SNR: {@code 10 log10(mean(s^2) / mean((K n)^2)) = SNR}.
 * A silent (all-zero) signal gets {@code K = 0}: its copies equal the signal.
 *
 * <p>Random draws, in order: {@code rng.nextInt(maxSnrDb - minSnrDb + 1)} for the SNR, then
 * {@code rng.nextGaussian()} for every sample of copy 1, then of copy 2, and so on.
 *
 * @param copies number of noisy copies per signal (SEC-PyTorch: 2)
 * @param minSnrDb lowest target SNR in dB, inclusive
 * @param maxSnrDb highest target SNR in dB, inclusive
 */
public record AwgnAugmentation(int copies, int minSnrDb, int maxSnrDb) implements Augmentation {

    /**
     * SEC-PyTorch's setting: two copies, SNR an integer in [15, 29] dB (SEC-PyTorch's code draws
     * {@code np.random.randint(15, 30)}; its README says "15-30").
     */
    public static final AwgnAugmentation SEC_PYTORCH = new AwgnAugmentation(2, 15, 29);

    public AwgnAugmentation {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, found " + copies);
        }
        if (minSnrDb > maxSnrDb) {
            throw new IllegalArgumentException("minSnrDb " + minSnrDb + " must not exceed maxSnrDb " + maxSnrDb);
        }
    }

    /** Draws the target SNR of one signal: an integer in [minSnrDb, maxSnrDb], uniformly. */
    public int drawSnrDb(Random rng) {
        return minSnrDb + rng.nextInt(maxSnrDb - minSnrDb + 1);
    }

    @Override
    public List<float[]> augment(float[] signal, int sampleRate, Random rng) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, found " + sampleRate);
        }
        int snrDb = drawSnrDb(rng);
        List<float[]> out = new ArrayList<>(copies);
        for (int c = 0; c < copies; c++) {
            out.add(withNoise(signal, snrDb, rng));
        }
        return out;
    }

    /**
     * One noisy copy of {@code signal} at exactly {@code snrDb} (one fresh N(0, 1) vector from {@code rng}).
     * A silent or empty signal is returned as a copy, unchanged.
     */
    public static float[] withNoise(float[] signal, double snrDb, Random rng) {
        int len = signal.length;
        double[] noise = new double[len];
        double signalPower = 0;
        double noisePower = 0;
        for (int i = 0; i < len; i++) {
            double n = rng.nextGaussian();
            noise[i] = n;
            noisePower += n * n;
            signalPower += (double) signal[i] * signal[i];
        }
        float[] copy = signal.clone();
        if (signalPower == 0 || noisePower == 0) {
            return copy; // silence stays silence: K = 0 (and never 0/0)
        }
        // the 1/len of the two means cancels
        double k = Math.sqrt(signalPower / noisePower * Math.pow(10, -snrDb / 10));
        for (int i = 0; i < len; i++) {
            copy[i] = (float) (signal[i] + k * noise[i]);
        }
        return copy;
    }
}
