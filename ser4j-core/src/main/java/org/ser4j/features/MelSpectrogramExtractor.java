package org.ser4j.features;

import java.util.Arrays;
import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Mel power spectrogram, number for number as {@code librosa.feature.melspectrogram(y, sr, n_fft,
 * hop_length, win_length, window, center, pad_mode, power, n_mels, fmin, fmax, htk, norm)} of
 * librosa 0.8.1 ({@link MelSettings.PadMode#REFLECT}) and 0.9.2 ({@link MelSettings.PadMode#CONSTANT}),
 * computed in double with a real FFT of size {@code nFft} (JTransforms).
 *
 * <p>Pure and thread-safe: the input is never modified; each thread uses its own FFT plan and
 * scratch buffers.
 */
public final class MelSpectrogramExtractor {

    /** Frames per block of the filter-bank product. */
    private static final int BLOCK = 8;

    private final MelSettings settings;
    private final MelFilterBank filterBank;
    /** The window zero-padded to nFft, and the range where it can be non-zero. */
    private final double[] window;
    private final int windowStart;
    private final int windowEnd;
    private final ThreadLocal<Workspace> workspace;

    public MelSpectrogramExtractor(MelSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.filterBank = MelFilterBank.of(settings);
        this.window = WindowFunctions.padded(settings.window(), settings.winLength(), settings.nFft());
        this.windowStart = (settings.nFft() - settings.winLength()) / 2;
        this.windowEnd = windowStart + settings.winLength();
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(settings.nFft()));
    }

    public MelSettings settings() {
        return settings;
    }

    public MelFilterBank filterBank() {
        return filterBank;
    }

    /** Number of frames for a signal of {@code samples} samples. */
    public int frames(int samples) {
        return settings.frames(samples);
    }

    /**
     * The mel spectrogram {@code [nMels][frames]} of {@code samples} (power or magnitude per
     * {@link MelSettings#power()}).
     *
     * @throws IllegalArgumentException if the signal is shorter than one frame
     */
    public double[][] power(float[] samples) {
        return power(samples, 0, samples.length, samples.length);
    }

    /**
     * The mel spectrogram of the signal made of {@code count} samples of {@code source} from
     * {@code start}, followed by zeros up to {@code length} samples (SEC-PyTorch's window), without
     * copying the window out first.
     */
    double[][] power(float[] source, int start, int count, int length) {
        if (count < 0 || count > length || start < 0 || start + count > source.length) {
            throw new IllegalArgumentException("window [" + start + ", " + (start + count) + ") of a signal of "
                    + source.length + " samples, padded to " + length);
        }
        Workspace ws = workspace.get();
        double[] padded = ws.padded(paddedLength(length));
        int pad = padding();
        for (int i = 0; i < count; i++) {
            padded[pad + i] = source[start + i];
        }
        Arrays.fill(padded, pad + count, pad + length, 0.0);
        return compute(ws, padded, length);
    }

    /** As {@link #power(float[])}, for a float64 signal. */
    public double[][] power(double[] samples) {
        Workspace ws = workspace.get();
        double[] padded = ws.padded(paddedLength(samples.length));
        System.arraycopy(samples, 0, padded, padding(), samples.length);
        return compute(ws, padded, samples.length);
    }

    private int padding() {
        return settings.center() ? settings.nFft() / 2 : 0;
    }

    private int paddedLength(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("empty signal");
        }
        settings.frames(samples); // validates the length
        return samples + 2 * padding();
    }

    /** Fills the padding of {@code padded} (signal at [pad, pad + n)) as numpy.pad does, then runs the STFT. */
    private double[][] compute(Workspace ws, double[] padded, int n) {
        int pad = padding();
        if (pad > 0) {
            switch (settings.padMode()) {
                case CONSTANT -> {
                    Arrays.fill(padded, 0, pad, 0.0);
                    Arrays.fill(padded, pad + n, pad + n + pad, 0.0);
                }
                case REFLECT -> {
                    for (int i = 1; i <= pad; i++) {
                        padded[pad - i] = padded[pad + reflect(-i, n)];
                        padded[pad + n - 1 + i] = padded[pad + reflect(n - 1 + i, n)];
                    }
                }
            }
        }
        int nFft = settings.nFft();
        int hop = settings.hopLength();
        int frames = 1 + (n + 2 * pad - nFft) / hop;
        int bins = settings.bins();
        double[][] out = new double[filterBank.nMels()][frames];
        double[] frame = ws.frame;
        boolean magnitude = settings.power() == 1.0;
        // frames are processed in blocks so that each band's output is written in contiguous runs
        for (int t0 = 0; t0 < frames; t0 += BLOCK) {
            int block = Math.min(BLOCK, frames - t0);
            for (int b = 0; b < block; b++) {
                int start = (t0 + b) * hop;
                Arrays.fill(frame, 0, windowStart, 0.0);
                for (int j = windowStart; j < windowEnd; j++) {
                    frame[j] = padded[start + j] * window[j];
                }
                Arrays.fill(frame, windowEnd, nFft, 0.0);
                ws.fft.realForward(frame);
                // JTransforms packing: a[0] = Re X0, a[1] = Re X(n/2), a[2k] = Re Xk, a[2k+1] = Im Xk
                double[] spectrum = ws.spectra[b];
                spectrum[0] = frame[0] * frame[0];
                spectrum[bins - 1] = frame[1] * frame[1];
                for (int k = 1; k < bins - 1; k++) {
                    double re = frame[2 * k];
                    double im = frame[2 * k + 1];
                    spectrum[k] = re * re + im * im;
                }
                if (magnitude) {
                    for (int k = 0; k < bins; k++) {
                        spectrum[k] = Math.sqrt(spectrum[k]);
                    }
                }
            }
            filterBank.apply(ws.spectra, block, out, t0);
        }
        return out;
    }

    /** numpy.pad 'reflect' index (mirror without repeating the edge) for position {@code i} of a length-{@code n} signal. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    private static final class Workspace {
        final DoubleFFT_1D fft;
        final double[] frame;
        final double[][] spectra;
        double[] padded = new double[0];

        Workspace(int nFft) {
            fft = new DoubleFFT_1D(nFft);
            frame = new double[nFft];
            spectra = new double[BLOCK][nFft / 2 + 1];
        }

        double[] padded(int length) {
            if (padded.length < length) {
                padded = new double[length];
            }
            return padded;
        }
    }
}
