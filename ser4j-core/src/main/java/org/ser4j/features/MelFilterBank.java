package org.ser4j.features;

import java.util.Arrays;

/**
 * The triangular mel filter bank of {@code librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm)}
 * (librosa 0.8.1/0.9.2), reproduced operation by operation in double, including its storage as
 * float32 (librosa's default {@code dtype=np.float32}: each triangle is rounded to float32, then
 * multiplied by the Slaney normalisation in double and rounded to float32 again).
 *
 * <p>Stored sparsely: filter {@code m} is non-zero only on bins {@code [firstBin(m), firstBin(m) + weights(m).length)}.
 * Immutable and thread-safe.
 */
public final class MelFilterBank {

    /** Slaney scale: linear part below 1 kHz, {@code f_sp = 200 / 3} Hz per mel (librosa {@code hz_to_mel}). */
    private static final double SLANEY_F_MIN = 0.0;
    private static final double SLANEY_F_SP = 200.0 / 3;
    /** Slaney scale: start of the log part, 1000 Hz. */
    private static final double SLANEY_MIN_LOG_HZ = 1000.0;
    private static final double SLANEY_MIN_LOG_MEL = (SLANEY_MIN_LOG_HZ - SLANEY_F_MIN) / SLANEY_F_SP;
    /** Slaney scale: step size of the log region, {@code log(6.4) / 27}. */
    private static final double SLANEY_LOGSTEP = Math.log(6.4) / 27.0;
    /** HTK scale: {@code mel = 2595 log10(1 + f / 700)}. */
    private static final double HTK_FACTOR = 2595.0;
    private static final double HTK_BREAK_HZ = 700.0;

    private final int nMels;
    private final int bins;
    private final int[] firstBin;
    private final double[][] weights;

    private MelFilterBank(int nMels, int bins, int[] firstBin, double[][] weights) {
        this.nMels = nMels;
        this.bins = bins;
        this.firstBin = firstBin;
        this.weights = weights;
    }

    /** The filter bank of {@code settings} (sampleRate, nFft, nMels, fMin, fMax, melScale, melNorm). */
    public static MelFilterBank of(MelSettings settings) {
        return of(settings.sampleRate(), settings.nFft(), settings.nMels(), settings.fMin(), settings.fMax(),
                settings.melScale(), settings.melNorm());
    }

    public static MelFilterBank of(int sampleRate, int nFft, int nMels, double fMin, double fMax,
            MelSettings.MelScale scale, MelSettings.MelNorm norm) {
        int bins = 1 + nFft / 2;
        double[] fftFreqs = fftFrequencies(sampleRate, nFft);
        double[] melF = melFrequencies(nMels + 2, fMin, fMax, scale);
        int[] first = new int[nMels];
        double[][] sparse = new double[nMels][];
        double[] row = new double[bins];
        for (int i = 0; i < nMels; i++) {
            double fdiffLower = melF[i + 1] - melF[i];
            double fdiffUpper = melF[i + 2] - melF[i + 1];
            double enorm = switch (norm) {
                case SLANEY -> 2.0 / (melF[i + 2] - melF[i]);
                case NONE -> 1.0;
            };
            int lo = bins;
            int hi = -1;
            for (int k = 0; k < bins; k++) {
                double lower = -(melF[i] - fftFreqs[k]) / fdiffLower;
                double upper = (melF[i + 2] - fftFreqs[k]) / fdiffUpper;
                float w = (float) Math.max(0.0, Math.min(lower, upper));
                if (norm == MelSettings.MelNorm.SLANEY) {
                    w = (float) (w * enorm);
                }
                row[k] = w;
                if (w != 0) {
                    lo = Math.min(lo, k);
                    hi = k;
                }
            }
            if (hi < 0) {
                first[i] = 0;
                sparse[i] = new double[0];
            } else {
                first[i] = lo;
                sparse[i] = Arrays.copyOfRange(row, lo, hi + 1);
            }
        }
        return new MelFilterBank(nMels, bins, first, sparse);
    }

    /** Centre frequencies of the FFT bins, {@code numpy.linspace(0, sr / 2, 1 + nFft / 2)} (librosa {@code fft_frequencies}). */
    public static double[] fftFrequencies(int sampleRate, int nFft) {
        return Linspace.of(0, (double) sampleRate / 2, 1 + nFft / 2);
    }

    /** {@code n} frequencies evenly spaced in mel between {@code fMin} and {@code fMax} (librosa {@code mel_frequencies}). */
    public static double[] melFrequencies(int n, double fMin, double fMax, MelSettings.MelScale scale) {
        double[] mels = Linspace.of(hzToMel(fMin, scale), hzToMel(fMax, scale), n);
        double[] hz = new double[n];
        for (int i = 0; i < n; i++) {
            hz[i] = melToHz(mels[i], scale);
        }
        return hz;
    }

    /** librosa {@code hz_to_mel}. */
    public static double hzToMel(double hz, MelSettings.MelScale scale) {
        return switch (scale) {
            case HTK -> HTK_FACTOR * Math.log10(1.0 + hz / HTK_BREAK_HZ);
            case SLANEY -> hz >= SLANEY_MIN_LOG_HZ
                    ? SLANEY_MIN_LOG_MEL + Math.log(hz / SLANEY_MIN_LOG_HZ) / SLANEY_LOGSTEP
                    : (hz - SLANEY_F_MIN) / SLANEY_F_SP;
        };
    }

    /** librosa {@code mel_to_hz}. */
    public static double melToHz(double mel, MelSettings.MelScale scale) {
        return switch (scale) {
            case HTK -> HTK_BREAK_HZ * (Math.pow(10.0, mel / HTK_FACTOR) - 1.0);
            case SLANEY -> mel >= SLANEY_MIN_LOG_MEL
                    ? SLANEY_MIN_LOG_HZ * Math.exp(SLANEY_LOGSTEP * (mel - SLANEY_MIN_LOG_MEL))
                    : SLANEY_F_MIN + SLANEY_F_SP * mel;
        };
    }

    public int nMels() {
        return nMels;
    }

    /** Number of FFT bins, {@code nFft / 2 + 1}. */
    public int bins() {
        return bins;
    }

    /** First non-zero bin of filter {@code m}. */
    public int firstBin(int m) {
        return firstBin[m];
    }

    /** The non-zero weights of filter {@code m} (a copy). */
    public double[] weights(int m) {
        return weights[m].clone();
    }

    /** The dense matrix {@code [nMels][bins]}, as {@code librosa.filters.mel} returns it (in double). */
    public double[][] dense() {
        double[][] out = new double[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            System.arraycopy(weights[m], 0, out[m], firstBin[m], weights[m].length);
        }
        return out;
    }

    /**
     * {@code out[m][t0 + b] = sum_k W[m][k] * spectra[b][k]} for every band and {@code b < count}
     * (each sum in bin order). A block of 8 frames runs as 8 independent accumulators.
     */
    void apply(double[][] spectra, int count, double[][] out, int t0) {
        if (count == 8) {
            apply8(spectra, out, t0);
            return;
        }
        for (int m = 0; m < nMels; m++) {
            double[] w = weights[m];
            int k0 = firstBin[m];
            double[] row = out[m];
            for (int b = 0; b < count; b++) {
                double[] spectrum = spectra[b];
                double sum = 0;
                for (int j = 0; j < w.length; j++) {
                    sum += w[j] * spectrum[k0 + j];
                }
                row[t0 + b] = sum;
            }
        }
    }

    private void apply8(double[][] spectra, double[][] out, int t0) {
        double[] p0 = spectra[0];
        double[] p1 = spectra[1];
        double[] p2 = spectra[2];
        double[] p3 = spectra[3];
        double[] p4 = spectra[4];
        double[] p5 = spectra[5];
        double[] p6 = spectra[6];
        double[] p7 = spectra[7];
        for (int m = 0; m < nMels; m++) {
            double[] w = weights[m];
            int k0 = firstBin[m];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int j = 0; j < w.length; j++) {
                double wj = w[j];
                int k = k0 + j;
                s0 += wj * p0[k];
                s1 += wj * p1[k];
                s2 += wj * p2[k];
                s3 += wj * p3[k];
                s4 += wj * p4[k];
                s5 += wj * p5[k];
                s6 += wj * p6[k];
                s7 += wj * p7[k];
            }
            double[] row = out[m];
            row[t0] = s0;
            row[t0 + 1] = s1;
            row[t0 + 2] = s2;
            row[t0 + 3] = s3;
            row[t0 + 4] = s4;
            row[t0 + 5] = s5;
            row[t0 + 6] = s6;
            row[t0 + 7] = s7;
        }
    }
}
