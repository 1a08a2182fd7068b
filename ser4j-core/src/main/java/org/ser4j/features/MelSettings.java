package org.ser4j.features;

import java.util.Objects;

/**
 * Settings of a mel power spectrogram, with the meaning of {@code librosa.feature.melspectrogram}'s
 * arguments (librosa 0.8.1 / 0.9.2).
 *
 * @param sampleRate sample rate of the signal in Hz ({@code sr})
 * @param nFft FFT size; {@code nFft / 2 + 1} frequency bins ({@code n_fft})
 * @param winLength window length, at most {@code nFft}; the window is centred and zero-padded to
 *     {@code nFft} ({@code win_length})
 * @param hopLength samples between frame starts ({@code hop_length})
 * @param window the periodic window function ({@code window})
 * @param center whether frame {@code t} is centred on sample {@code t * hopLength}, i.e. the signal
 *     is padded by {@code nFft / 2} on both sides ({@code center})
 * @param padMode how that padding is filled ({@code pad_mode}); only used when {@code center}
 * @param nMels number of mel bands ({@code n_mels})
 * @param fMin lowest frequency of the filter bank in Hz ({@code fmin})
 * @param fMax highest frequency in Hz, at most {@code sampleRate / 2} ({@code fmax})
 * @param melScale the mel scale ({@code htk=False} is SLANEY)
 * @param melNorm normalisation of the filters ({@code norm})
 * @param power exponent of the magnitude: 1 (magnitude) or 2 (power) ({@code power})
 */
public record MelSettings(
        int sampleRate,
        int nFft,
        int winLength,
        int hopLength,
        Window window,
        boolean center,
        PadMode padMode,
        int nMels,
        double fMin,
        double fMax,
        MelScale melScale,
        MelNorm melNorm,
        double power) {

    /** Window functions, periodic ("fftbins=True" in {@code scipy.signal.get_window}). */
    public enum Window {
        /** Hann: {@code 0.5 - 0.5 cos(2 pi n / N)}. */
        HANN,
        /** Hamming: {@code 0.54 - 0.46 cos(2 pi n / N)}. */
        HAMMING;

        /** The librosa/scipy name ("hann", "hamming"). */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Window fromId(String id) {
            for (Window w : values()) {
                if (w.id().equalsIgnoreCase(id)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown window '" + id + "', expected hann or hamming");
        }
    }

    /** How a centred STFT pads the signal ({@code numpy.pad} mode). */
    public enum PadMode {
        /** Mirror without repeating the edge sample: librosa 0.8 (SEC-PyTorch). */
        REFLECT,
        /** Zeros: librosa 0.9 and later. */
        CONSTANT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static PadMode fromId(String id) {
            for (PadMode p : values()) {
                if (p.id().equalsIgnoreCase(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown pad mode '" + id + "', expected reflect or constant");
        }
    }

    /** Mel scale: Slaney's Auditory Toolbox (linear below 1 kHz, log above) or HTK's. */
    public enum MelScale { SLANEY, HTK }

    /** Filter normalisation: Slaney's (each triangle scaled by 2 / its bandwidth in Hz, i.e. unit area) or none. */
    public enum MelNorm { SLANEY, NONE }

    public MelSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(padMode, "padMode");
        Objects.requireNonNull(melScale, "melScale");
        Objects.requireNonNull(melNorm, "melNorm");
        require(sampleRate > 0, "sampleRate must be positive, got " + sampleRate);
        require(nFft >= 2 && nFft % 2 == 0, "nFft must be even and >= 2, got " + nFft);
        require(winLength >= 1 && winLength <= nFft, "winLength must be in [1, nFft=" + nFft + "], got " + winLength);
        require(hopLength >= 1, "hopLength must be positive, got " + hopLength);
        require(nMels >= 1, "nMels must be positive, got " + nMels);
        require(fMin >= 0 && fMin < fMax, "need 0 <= fMin < fMax, got fMin=" + fMin + " fMax=" + fMax);
        require(fMax <= sampleRate / 2.0, "fMax must be at most sampleRate/2 = " + sampleRate / 2.0 + ", got " + fMax);
        require(power == 1.0 || power == 2.0, "power must be 1 or 2, got " + power);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Number of frequency bins of the STFT, {@code nFft / 2 + 1}. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /** Number of frames for a signal of {@code samples} samples (as librosa's {@code util.frame}). */
    public int frames(int samples) {
        int padded = center ? samples + 2 * (nFft / 2) : samples;
        if (padded < nFft) {
            throw new IllegalArgumentException("signal of " + samples + " samples is too short for nFft=" + nFft
                    + (center ? " with centring" : " without centring"));
        }
        return 1 + (padded - nFft) / hopLength;
    }

    /** A builder starting from librosa's defaults for {@code sampleRate}: 2048/2048/512, Hann, centred, 128 Slaney mels, fmax sr/2, power 2. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sampleRate = sampleRate;
        b.nFft = nFft;
        b.winLength = winLength;
        b.hopLength = hopLength;
        b.window = window;
        b.center = center;
        b.padMode = padMode;
        b.nMels = nMels;
        b.fMin = fMin;
        b.fMax = fMax;
        b.melScale = melScale;
        b.melNorm = melNorm;
        b.power = power;
        return b;
    }

    /** Builder: {@code setSampleRate} is required; every other value defaults to librosa's. */
    public static final class Builder {
        private Integer sampleRate;
        private int nFft = 2048;
        private Integer winLength;
        private Integer hopLength;
        private Window window = Window.HANN;
        private boolean center = true;
        private PadMode padMode = PadMode.CONSTANT;
        private int nMels = 128;
        private double fMin = 0.0;
        private Double fMax;
        private MelScale melScale = MelScale.SLANEY;
        private MelNorm melNorm = MelNorm.SLANEY;
        private double power = 2.0;

        private Builder() {}

        public Builder setSampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder optNFft(int nFft) {
            this.nFft = nFft;
            return this;
        }

        /** Default: {@code nFft}. */
        public Builder optWinLength(int winLength) {
            this.winLength = winLength;
            return this;
        }

        /** Default: {@code winLength / 4} (librosa). */
        public Builder optHopLength(int hopLength) {
            this.hopLength = hopLength;
            return this;
        }

        public Builder optWindow(Window window) {
            this.window = window;
            return this;
        }

        public Builder optCenter(boolean center) {
            this.center = center;
            return this;
        }

        public Builder optPadMode(PadMode padMode) {
            this.padMode = padMode;
            return this;
        }

        public Builder optNMels(int nMels) {
            this.nMels = nMels;
            return this;
        }

        public Builder optFMin(double fMin) {
            this.fMin = fMin;
            return this;
        }

        /** Default: {@code sampleRate / 2}. */
        public Builder optFMax(double fMax) {
            this.fMax = fMax;
            return this;
        }

        public Builder optMelScale(MelScale melScale) {
            this.melScale = melScale;
            return this;
        }

        public Builder optMelNorm(MelNorm melNorm) {
            this.melNorm = melNorm;
            return this;
        }

        public Builder optPower(double power) {
            this.power = power;
            return this;
        }

        public MelSettings build() {
            if (sampleRate == null) {
                throw new IllegalStateException("MelSettings.Builder: setSampleRate is required");
            }
            int win = winLength != null ? winLength : nFft;
            int hop = hopLength != null ? hopLength : win / 4;
            double top = fMax != null ? fMax : sampleRate / 2.0;
            return new MelSettings(sampleRate, nFft, win, hop, window, center, padMode, nMels, fMin, top,
                    melScale, melNorm, power);
        }
    }
}
