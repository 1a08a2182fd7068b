package org.ser4j.vad;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.ser4j.audio.Resampler;

/**
 * Tells speech from silence and from loud non-speech sound, frame by frame, with three cues that
 * noise rarely has all at once (plain Java, no engine; the input is never modified):
 *
 * <ol>
 *   <li><b>Voicing</b>: the signal below 1 kHz (where the voice's fundamental and first harmonics lie)
 *       is periodic with a period of a voice, {@value #MIN_PITCH_HZ}-{@value #MAX_PITCH_HZ} Hz: the
 *       normalised cross-correlation of a 25 ms frame with itself one period later is at least
 *       {@value #VOICING_THRESHOLD} (the periodicity measure of Boersma, "Accurate short-term analysis
 *       of the fundamental frequency and the harmonics-to-noise ratio of a sampled sound", 1993, and of
 *       RAPT, Talkin 1995). Broadband noise (white, pink, traffic, air conditioning) is not periodic.
 *       A frame whose best correlation lies at a lag shorter than a voice's period (a shout or a high
 *       voice correlates best at half or a third of its period, its second or third harmonic sitting on
 *       the first formant) is judged at the multiple of that lag within a voice's range, if the
 *       correlation peaks there nearly as high; such frames count only within a voiced stretch that
 *       also holds a frame whose period was in range directly, so that a tone of 500-1000 Hz (a
 *       siren), periodic at multiples of its own short period throughout, mostly does not.
 *   <li><b>Energy above the noise floor</b>: the frame's level below 1 kHz is at least
 *       {@value #ABOVE_FLOOR_DB} dB above the quietest 50 ms within {@value #FLOOR_CONTEXT_SECONDS} s
 *       either side (minimum statistics, Martin, "Noise power spectral density estimation based on
 *       optimal smoothing and minimum statistics", 2001). Steady sounds, periodic ones included
 *       (hum, an idling engine, a drill held steady), stay at their own floor.
 *   <li><b>Syllabic rhythm</b>: a voiced stretch lasts {@value #MIN_RUN_SECONDS}-{@value #MAX_RUN_SECONDS}
 *       s, as a syllable's voiced nucleus does (speech is modulated at 2-8 Hz, Houtgast and Steeneken's
 *       modulation transfer work, 1985); voicing that goes on longer is a tone (a siren, a held note,
 *       hum), shorter flickers are chance periodicity in noise.
 * </ol>
 *
 * Frames are {@value #HOP_SECONDS} s apart; a voiced stretch marks as speech itself and
 * {@value #HANGOVER_BEFORE_SECONDS} s before and {@value #HANGOVER_AFTER_SECONDS} s after it (the
 * consonants around a vowel, and the hangover of classic detectors such as ITU-T G.729 Annex B).
 * Input at another rate is first resampled to {@value #RATE} Hz.
 *
 * <p>Thread-safe and stateless: one instance may serve every caller.
 */
public final class VoiceActivityDetector {

    /** The analysis rate; input at other rates is resampled to it. */
    public static final int RATE = 16_000;
    /** Distance between frames, and the resolution of {@link SpeechActivity}. */
    public static final double HOP_SECONDS = 0.010;
    /** Lowest voice fundamental counted: below a low male voice (about 85 Hz; Titze, Principles of Voice Production, 1994). */
    public static final double MIN_PITCH_HZ = 70;
    /**
     * Highest voice fundamental counted: the top of speaking voices (Titze 1994). Raising it to 500 Hz
     * let generated sirens (500-1300 Hz sweeps) and more dog barks through for no gain in recall. A
     * higher voice is heard at a multiple of its period (see the voicing cue above).
     */
    public static final double MAX_PITCH_HZ = 400;
    /** Normalised correlation at the pitch period from which a frame counts as voiced. */
    public static final double VOICING_THRESHOLD = 0.60;
    /** How far above the local noise floor a voiced frame must be, dB. */
    public static final double ABOVE_FLOOR_DB = 6.0;
    /** The noise floor is the quietest smoothed frame within this many seconds on either side. */
    public static final double FLOOR_CONTEXT_SECONDS = 1.0;
    /** Shortest voiced stretch taken as a syllable. */
    public static final double MIN_RUN_SECONDS = 0.04;
    /** Longest voiced stretch taken as speech; longer ones are tones. */
    public static final double MAX_RUN_SECONDS = 1.5;
    /** Speech marked before a voiced stretch (an onset consonant). */
    public static final double HANGOVER_BEFORE_SECONDS = 0.05;
    /** Speech marked after a voiced stretch (a final consonant, the decay of a vowel). */
    public static final double HANGOVER_AFTER_SECONDS = 0.15;
    /**
     * The default share of speech frames from which a window is said to contain speech: 0.1 of a 3 s
     * window is 0.3 s, two or three syllables. Chosen on RAVDESS actors 1-8 against generated and
     * recorded noise (VoiceActivityDetectorTest).
     */
    public static final double DEFAULT_MIN_SPEECH_FRACTION = 0.10;

    /** Decimation factor from {@link #RATE} to the 4 kHz pitch analysis rate. */
    private static final int DECIMATION = 4;
    private static final int LOW_RATE = RATE / DECIMATION;
    /** Cut-off of the low-pass filter before decimation: the voice's fundamental and first harmonics. */
    private static final double LOWPASS_HZ = 1000;
    /**
     * Taps of the windowed-sinc (Hamming) low-pass: transition width about 3.3 / taps * rate
     * = 1.1 kHz (Oppenheim and Schafer, Discrete-Time Signal Processing, table 7.2).
     */
    private static final int LOWPASS_TAPS = 49;
    private static final float[] LOWPASS = lowpass();
    /** Frame hop and correlation length at {@link #LOW_RATE}: 10 ms and 25 ms. */
    private static final int HOP = (int) Math.round(HOP_SECONDS * LOW_RATE);
    private static final int FRAME = (int) Math.round(0.025 * LOW_RATE);
    private static final int MIN_LAG = (int) Math.floor(LOW_RATE / MAX_PITCH_HZ);
    private static final int MAX_LAG = (int) Math.ceil(LOW_RATE / MIN_PITCH_HZ);
    /** A later correlation peak within this share of the best one is the period (the best was a multiple). */
    private static final double SUBHARMONIC_RATIO = 0.85;
    /**
     * Between lag 0 and the period the correlation of a voiced frame falls to this or below (a
     * voice's waveform changes sign within a period); brown and pink noise, dominated by the lowest
     * frequencies, stay correlated at every lag instead.
     */
    private static final double MAX_DIP = 0.2;
    /** Frames averaged (50 ms) before the minimum is taken for the noise floor. */
    private static final int FLOOR_SMOOTHING = 5;
    /** Frame energy (mean square below 1 kHz) under which a frame is digital silence, about -100 dBFS. */
    private static final double SILENT_ENERGY = 1e-10;

    private static final VoiceActivityDetector DEFAULT = new VoiceActivityDetector();

    private VoiceActivityDetector() {}

    /** The detector with the constants above. */
    public static VoiceActivityDetector standard() {
        return DEFAULT;
    }

    /**
     * Speech decisions for mono samples in [-1, 1] at {@code sampleRate}, one per
     * {@value #HOP_SECONDS} s frame ({@code ceil(duration / HOP_SECONDS)} frames).
     */
    public SpeechActivity detect(float[] samples, int sampleRate) {
        Frames f = analyse(samples, sampleRate);
        return new SpeechActivity(HOP_SECONDS, decide(f));
    }

    /** Whether at least {@link #DEFAULT_MIN_SPEECH_FRACTION} of the samples' frames are speech. */
    public boolean containsSpeech(float[] samples, int sampleRate) {
        return detect(samples, sampleRate).speechFraction() >= DEFAULT_MIN_SPEECH_FRACTION;
    }

    /**
     * Per-frame measurements: periodicity, period in low-rate samples, level in dB, floor in dB, and
     * whether the period was found within a voice's lags directly (false where it is the multiple of a
     * shorter lag that lies in that range).
     */
    record Frames(float[] periodicity, int[] lag, float[] levelDb, float[] floorDb, boolean[] direct) {
        int count() {
            return periodicity.length;
        }
    }

    Frames analyse(float[] samples, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        float[] x = sampleRate == RATE ? samples : Resampler.resample(samples, sampleRate, RATE);
        int frames = (int) Math.ceil((double) x.length / (HOP_SECONDS * RATE));
        // decimated signal, zero-padded so that every frame has its correlation partner
        float[] y = new float[frames * HOP + FRAME + MAX_LAG + 1];
        decimate(x, y);
        double[] prefix = new double[y.length + 1];
        for (int i = 0; i < y.length; i++) {
            prefix[i + 1] = prefix[i] + (double) y[i] * y[i];
        }
        float[] periodicity = new float[frames];
        int[] lagOf = new int[frames];
        boolean[] direct = new boolean[frames];
        float[] level = new float[frames];
        double[] r = new double[MAX_LAG + 2];
        for (int k = 0; k < frames; k++) {
            int s = k * HOP;
            double e0 = prefix[s + FRAME] - prefix[s];
            level[k] = (float) (10 * Math.log10(Math.max(e0 / FRAME, SILENT_ENERGY)));
            if (e0 / FRAME <= SILENT_ENERGY) {
                continue;
            }
            for (int lag = 1; lag <= MAX_LAG + 1; lag++) {
                double el = prefix[s + lag + FRAME] - prefix[s + lag];
                double c = dot(y, s, s + lag, FRAME);
                r[lag] = el <= 0 ? 0 : c / Math.sqrt(e0 * el);
            }
            // the best local maximum, then the shortest lag with a peak nearly as high
            int best = -1;
            for (int lag = 2; lag <= MAX_LAG; lag++) {
                if (r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1] && (best < 0 || r[lag] > r[best])) {
                    best = lag;
                }
            }
            if (best < 0) {
                continue;
            }
            double dip = 1;
            for (int lag = 1; lag < best; lag++) {
                dip = Math.min(dip, r[lag]);
            }
            if (dip > MAX_DIP) {
                continue; // no dip before the peak: a slowly varying (low-frequency) signal, not a period
            }
            int period = best;
            for (int lag = 2; lag < best; lag++) {
                if (r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] >= SUBHARMONIC_RATIO * r[best]) {
                    period = lag;
                    break;
                }
            }
            direct[k] = period >= MIN_LAG;
            if (period < MIN_LAG) {
                // a raised voice's strongest low-band correlation is often at half or a third of its period
                // (its second or third harmonic near the first formant): its period is then the multiple of
                // that lag, within a voice's range, where the correlation peaks nearly as high
                period = multipleInRange(r, period, best);
            }
            periodicity[k] = (float) r[best];
            lagOf[k] = period;
        }
        return new Frames(periodicity, lagOf, level, floor(level), direct);
    }

    boolean[] decide(Frames f) {
        int n = f.count();
        boolean[] voiced = new boolean[n];
        for (int k = 0; k < n; k++) {
            voiced[k] = f.periodicity()[k] >= VOICING_THRESHOLD
                    && f.lag()[k] >= MIN_LAG && f.lag()[k] <= MAX_LAG
                    && f.levelDb()[k] >= f.floorDb()[k] + ABOVE_FLOOR_DB;
        }
        int minRun = (int) Math.round(MIN_RUN_SECONDS / HOP_SECONDS);
        int maxRun = (int) Math.round(MAX_RUN_SECONDS / HOP_SECONDS);
        int before = (int) Math.round(HANGOVER_BEFORE_SECONDS / HOP_SECONDS);
        int after = (int) Math.round(HANGOVER_AFTER_SECONDS / HOP_SECONDS);
        boolean[] speech = new boolean[n];
        int k = 0;
        while (k < n) {
            if (!voiced[k]) {
                k++;
                continue;
            }
            int end = k;
            while (end < n && voiced[end]) {
                end++;
            }
            int length = end - k;
            boolean anchored = false; // a voiced stretch counts only if some frame of it was in range directly
            for (int j = k; j < end && !anchored; j++) {
                anchored = f.direct()[j];
            }
            if (length >= minRun && length <= maxRun && anchored) {
                Arrays.fill(speech, Math.max(0, k - before), Math.min(n, end + after), true);
            }
            k = end;
        }
        return speech;
    }

    /**
     * The shortest multiple of {@code period} within a voice's lags at which the correlation has a peak
     * (within one lag of the multiple) of at least {@value #SUBHARMONIC_RATIO} of the best peak's, or
     * {@code period} itself (out of range) where there is none.
     */
    private static int multipleInRange(double[] r, int period, int best) {
        for (int m = 2; m * period <= MAX_LAG + 1; m++) {
            int centre = Math.min(MAX_LAG, m * period);
            int peak = centre;
            for (int lag = Math.max(2, centre - 1); lag <= Math.min(MAX_LAG, centre + 1); lag++) {
                if (r[lag] > r[peak]) {
                    peak = lag;
                }
            }
            if (peak >= MIN_LAG && r[peak] >= SUBHARMONIC_RATIO * r[best]) {
                return peak;
            }
        }
        return period;
    }

    /** The noise floor of each frame: the minimum, within the context, of levels averaged over 50 ms. */
    private static float[] floor(float[] level) {
        int n = level.length;
        float[] smooth = new float[n];
        for (int k = 0; k < n; k++) {
            int from = Math.max(0, k - FLOOR_SMOOTHING / 2);
            int to = Math.min(n, k + FLOOR_SMOOTHING / 2 + 1);
            double power = 0;
            for (int j = from; j < to; j++) {
                power += Math.pow(10, level[j] / 10);
            }
            smooth[k] = (float) (10 * Math.log10(power / (to - from)));
        }
        int context = (int) Math.round(FLOOR_CONTEXT_SECONDS / HOP_SECONDS);
        float[] out = new float[n];
        ArrayDeque<Integer> window = new ArrayDeque<>(); // indices of increasing smoothed level
        int added = 0;
        for (int k = 0; k < n; k++) {
            for (; added < n && added <= k + context; added++) {
                while (!window.isEmpty() && smooth[window.peekLast()] >= smooth[added]) {
                    window.pollLast();
                }
                window.addLast(added);
            }
            while (window.peekFirst() < k - context) {
                window.pollFirst();
            }
            out[k] = smooth[window.peekFirst()];
        }
        return out;
    }

    /** Low-pass filters {@code x} and keeps every {@link #DECIMATION}th sample into {@code y}. */
    private static void decimate(float[] x, float[] y) {
        int half = LOWPASS_TAPS / 2;
        int outputs = Math.min(y.length, (x.length + DECIMATION - 1) / DECIMATION);
        for (int m = 0; m < outputs; m++) {
            int centre = m * DECIMATION;
            double acc = 0;
            int from = Math.max(0, half - centre);
            int to = Math.min(LOWPASS_TAPS, x.length - centre + half);
            for (int t = from; t < to; t++) {
                acc += LOWPASS[t] * x[centre - half + t];
            }
            y[m] = (float) acc;
        }
    }

    /** {@code sum x[a + i] * x[b + i]} for i < n, with four partial sums. */
    private static double dot(float[] x, int a, int b, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[a + i] * x[b + i];
            s1 += x[a + i + 1] * x[b + i + 1];
            s2 += x[a + i + 2] * x[b + i + 2];
            s3 += x[a + i + 3] * x[b + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[a + i] * x[b + i];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    private static float[] lowpass() {
        float[] h = new float[LOWPASS_TAPS];
        double fc = LOWPASS_HZ / RATE;
        int half = LOWPASS_TAPS / 2;
        double sum = 0;
        for (int t = 0; t < LOWPASS_TAPS; t++) {
            int m = t - half;
            double sinc = m == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
            double hamming = 0.54 - 0.46 * Math.cos(2 * Math.PI * t / (LOWPASS_TAPS - 1));
            h[t] = (float) (sinc * hamming);
            sum += h[t];
        }
        for (int t = 0; t < LOWPASS_TAPS; t++) {
            h[t] = (float) (h[t] / sum); // unit gain at 0 Hz
        }
        return h;
    }
}
