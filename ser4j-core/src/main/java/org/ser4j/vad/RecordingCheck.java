package org.ser4j.vad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.ser4j.audio.Signals;

/**
 * What a recording is like for an emotion model: how loud its speech is, how far the background
 * noise lies below the speech, how long the room rings, and how much of it is clipped; with
 * plain-language warnings: where the shipped model was measured to do worse (very noisy, echoey
 * room) and where the recording itself is at fault (very quiet, clipped).
 *
 * <p>The SNR is estimated from the recording alone, the way the robustness grid defines it
 * ({@code ser4j-core}'s {@code SpeechLevel}: the power of the active speech over the mean power of
 * the noise): the background's power is the mean power of the 10 ms frames that the voice activity
 * detector calls non-speech and that lie more than {@value #GUARD_SECONDS} s from any speech frame
 * (less those far above the others: {@link #background}); the speech's power is the mean power of
 * the speech frames less that background. A recording without {@value #MIN_PAUSE_SECONDS} s of such
 * pause, or without speech, has no estimate; digital silence in the pauses gives {@link #MAX_SNR_DB}.
 *
 * <p>Other voices behind the speaker leave no such pause: the detector hears speech nearly throughout
 * and the "pauses" it finds are the background's own gaps, so the SNR read from them is meaningless
 * (off by 10 dB or more for babble at 0 dB). For those recordings the background's floor is found by
 * minimum statistics instead ({@link #speechOverFloorDb}), and where the detector heard speech in
 * {@value #BUSY_SPEECH_SHARE} of the recording or more and the speech stands less than
 * {@value #BUSY_FLOOR_DB} dB over that floor, the background is called busy ({@link #busyBackground()})
 * and no SNR is given. The reverberation time: {@link #reverberationSeconds(float[], int)}.
 *
 * @param speechLevelDbfs mean power of the speech frames in dB relative to a full-scale square wave
 *     ({@code 10 log10 mean(x^2)}, as the silence threshold of {@code predict}); NaN without speech
 * @param snrDb estimated SNR in dB, from {@link #MIN_SNR_DB} to {@link #MAX_SNR_DB}; NaN when it cannot
 *     be estimated
 * @param clippedShare share of the samples at full scale (|x| >= {@value #FULL_SCALE})
 * @param reverberationSeconds estimated reverberation time (RT60) of the room, seconds; NaN when the
 *     recording has no free decay to measure it on ({@link #reverberationSeconds(float[], int)})
 * @param speechShare share of the recording's 10 ms frames the voice activity detector called speech,
 *     0 to 1 (NaN for no frames)
 * @param speechOverFloorDb how far the speech stands above the recording's quietest moments, dB: the
 *     mean power of the speech frames less the floor, over the floor, where the floor is the mean over
 *     {@value #FLOOR_BLOCK_SECONDS} s blocks (half overlapping) of each block's quietest
 *     {@value #FLOOR_SMOOTH_SECONDS} s; NaN without speech. Clean RAVDESS speech stands 17-19 dB above
 *     it (medians), 14-15 dB with every pause cut out (single clips down to about 11); speech over
 *     babble at 0 dB about 6 dB
 * @param warnings plain-language warnings, empty when none applies
 */
public record RecordingCheck(double speechLevelDbfs, double snrDb, double clippedShare, double reverberationSeconds,
        double speechShare, double speechOverFloorDb, List<String> warnings) {

    /** Pause frames closer than this to a speech frame are left out of the background (breaths, consonants, hangover). */
    public static final double GUARD_SECONDS = 0.10;
    /** Least pause, in seconds, that gives an SNR estimate. */
    public static final double MIN_PAUSE_SECONDS = 0.20;
    /** Highest SNR reported: above it, the background is inaudible under the speech anyway. */
    public static final double MAX_SNR_DB = 60;
    /** Lowest SNR reported: the speech is no louder than the background. */
    public static final double MIN_SNR_DB = -10;
    /** Pause frames this far above the median pause frame are left out of the background. */
    public static final double PAUSE_OUTLIER_DB = 6;
    /** A sample at or above this magnitude counts as clipped. */
    public static final float FULL_SCALE = 0.999f;
    /**
     * Below this SNR the recording is called very noisy: the background is as loud as the speech. Chosen
     * on validation speech (RAVDESS actors 10 and 13, validation pools, the shipped model): clips read
     * below 0 dB were classified right 0.34 of the time against 0.44 above, with little change from
     * 0 to 45 dB (docs/robustness.md).
     */
    public static final double VERY_NOISY_DB = 0;
    /**
     * Speech quieter than this (dBFS) is called very quiet: not less accurate where it is classified,
     * but windows under the silence threshold (-80 dBFS) are skipped.
     */
    public static final double VERY_QUIET_DBFS = -60;
    /** More clipped samples than this share is called clipped (a note on the recording: the model held up). */
    public static final double CLIPPED_SHARE = 0.01;

    /**
     * The detector heard speech in this share of the recording or more: either someone talks without a
     * pause or a background of voices sounds like speech to it. RAVDESS clips, clean or under steady
     * noise, lie near 0.4-0.5; under babble near 0.9. Chosen with {@link #BUSY_FLOOR_DB} on training
     * speakers and training noise pools (docs/robustness.md, "The recording check").
     */
    public static final double BUSY_SPEECH_SHARE = 0.7;
    /**
     * With speech heard throughout, speech less than this many dB above the floor is called a busy
     * background: babble at 0 dB reads about 6 dB, at 10 dB about 10, clean speech without pauses about 14-15.
     */
    public static final double BUSY_FLOOR_DB = 8;
    /** Smoothing of the frame powers before the floor's minimum is taken, seconds. */
    public static final double FLOOR_SMOOTH_SECONDS = 0.05;
    /** Block within which the floor's minimum is taken, seconds (blocks overlap by half). */
    public static final double FLOOR_BLOCK_SECONDS = 0.5;

    /** Level window and hop of the reverberation estimate, seconds. */
    public static final double DECAY_WINDOW_SECONDS = 0.025;
    public static final double DECAY_HOP_SECONDS = 0.005;
    /** A free decay may rise this many dB above its lowest point so far and go on (a noise-like tail flickers). */
    public static final double DECAY_RIPPLE_DB = 3;
    /** Least fall, dB, of a decay that is measured. */
    public static final double DECAY_MIN_DROP_DB = 10;
    /** Which of a recording's decay times is its estimate: this quantile (the fastest decays are the room's). */
    public static final double DECAY_QUANTILE = 0.2;
    /** Estimated reverberation times from this many seconds are called echoey (halls, churches, car parks). */
    public static final double ECHOEY_SECONDS = 1.5;

    public RecordingCheck {
        warnings = List.copyOf(warnings);
    }

    /** Whether the SNR could be estimated. */
    public boolean hasSnr() {
        return !Double.isNaN(snrDb);
    }

    /** The background is about as loud as the speech or louder (SNR under {@value #VERY_NOISY_DB} dB). */
    public boolean veryNoisy() {
        return veryNoisy(snrDb);
    }

    /** The room rings for {@value #ECHOEY_SECONDS} s or more. */
    public boolean echoey() {
        return echoey(reverberationSeconds);
    }

    private static boolean veryNoisy(double snrDb) {
        return !Double.isNaN(snrDb) && snrDb < VERY_NOISY_DB;
    }

    private static boolean echoey(double reverberationSeconds) {
        return reverberationSeconds >= ECHOEY_SECONDS;
    }

    /**
     * Voices, echo or other sound behind the speech throughout, nearly as loud as it: the detector heard
     * speech in {@value #BUSY_SPEECH_SHARE} of the recording or more, and the speech stands less than
     * {@value #BUSY_FLOOR_DB} dB above the floor ({@link #speechOverFloorDb}).
     */
    public boolean busyBackground() {
        return busyBackground(speechShare, speechOverFloorDb);
    }

    private static boolean busyBackground(double speechShare, double speechOverFloorDb) {
        return speechShare >= BUSY_SPEECH_SHARE && speechOverFloorDb < BUSY_FLOOR_DB;
    }

    /**
     * A warning that says to expect lower accuracy ({@link #veryNoisy()}, {@link #busyBackground()} or
     * {@link #echoey()}).
     */
    public boolean accuracyWarning() {
        return veryNoisy() || busyBackground() || echoey();
    }

    /**
     * Checks mono samples in [-1, 1] at {@code sampleRate} whose speech frames {@code activity}
     * gives (from {@link VoiceActivityDetector#detect} on the same samples).
     *
     * @param clippedShare the share of clipped samples, measured on the recording as decoded (before any
     *     resampling smooths the clipped peaks); see {@link #clippedShare(float[])}
     */
    public static RecordingCheck of(float[] samples, int sampleRate, SpeechActivity activity, double clippedShare) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        int frame = Math.max(1, (int) Math.round(activity.frameSeconds() * sampleRate));
        int frames = Math.min(activity.frameCount(), (samples.length + frame - 1) / frame);
        boolean[] speech = activity.speech();
        int guard = (int) Math.round(GUARD_SECONDS / activity.frameSeconds());
        // distance in frames to the nearest speech frame, forwards and backwards
        int[] near = new int[frames];
        int last = Integer.MIN_VALUE / 2;
        for (int k = 0; k < frames; k++) {
            if (speech[k]) {
                last = k;
            }
            near[k] = k - last;
        }
        last = Integer.MAX_VALUE / 2;
        for (int k = frames - 1; k >= 0; k--) {
            if (speech[k]) {
                last = k;
            }
            near[k] = Math.min(near[k], last - k);
        }
        double[] powers = Signals.framePowers(samples, frame);
        double speechSum = 0;
        int speechFrames = 0;
        double[] pause = new double[frames];
        int pauseFrames = 0;
        for (int k = 0; k < frames; k++) {
            double power = powers[k];
            if (speech[k]) {
                speechSum += power;
                speechFrames++;
            } else if (near[k] > guard) {
                pause[pauseFrames++] = power;
            }
        }
        double level = Double.NaN;
        double snr = Double.NaN;
        double share = frames > 0 ? (double) speechFrames / frames : Double.NaN;
        double overFloor = Double.NaN;
        if (speechFrames > 0) {
            double speechPower = speechSum / speechFrames;
            double floor = floor(powers, frames, activity.frameSeconds());
            overFloor = floor <= 0 ? MAX_SNR_DB
                    : speechPower <= floor ? MIN_SNR_DB
                    : Math.max(MIN_SNR_DB, Math.min(MAX_SNR_DB, 10 * Math.log10((speechPower - floor) / floor)));
            level = speechPower > 0 ? 10 * Math.log10(speechPower) : Double.NEGATIVE_INFINITY;
            if (pauseFrames * activity.frameSeconds() >= MIN_PAUSE_SECONDS - 1e-9 && !busyBackground(share, overFloor)) {
                double noise = background(pause, pauseFrames);
                double clean = speechPower - noise;
                if (noise <= 0) {
                    snr = MAX_SNR_DB;
                } else if (clean <= 0) {
                    snr = MIN_SNR_DB;
                } else {
                    snr = Math.max(MIN_SNR_DB, Math.min(MAX_SNR_DB, 10 * Math.log10(clean / noise)));
                }
            }
        }
        double rt = reverberationSeconds(samples, sampleRate);
        return new RecordingCheck(level, snr, clippedShare, rt, share, overFloor,
                warnings(level, snr, clippedShare, rt, share, overFloor));
    }

    /**
     * The background's floor by minimum statistics (after Martin's noise estimator, without its bias
     * correction): the frame powers smoothed over {@value #FLOOR_SMOOTH_SECONDS} s, the minimum within
     * each {@value #FLOOR_BLOCK_SECONDS} s block (blocks every half block; one block when the recording
     * is shorter), and the mean of those minima. It needs no pause: a background that never stops
     * shows between syllables.
     */
    static double floor(double[] powers, int frames, double frameSeconds) {
        int half = Math.max(0, (int) Math.round(FLOOR_SMOOTH_SECONDS / frameSeconds) / 2);
        double[] smooth = new double[frames];
        for (int k = 0; k < frames; k++) {
            double sum = 0;
            int n = 0;
            for (int d = Math.max(0, k - half); d <= Math.min(frames - 1, k + half); d++) {
                sum += powers[d];
                n++;
            }
            smooth[k] = sum / n;
        }
        int block = Math.min(frames, Math.max(1, (int) Math.round(FLOOR_BLOCK_SECONDS / frameSeconds)));
        int hop = Math.max(1, block / 2);
        double sum = 0;
        int blocks = 0;
        for (int b = 0; b + block <= frames; b += hop) {
            double min = Double.MAX_VALUE;
            for (int k = b; k < b + block; k++) {
                min = Math.min(min, smooth[k]);
            }
            sum += min;
            blocks++;
        }
        return sum / blocks;
    }

    /**
     * The room's reverberation time (RT60), estimated blind from the free decays in the recording:
     * where the level (25 ms windows every 5 ms) falls from a peak within 30 dB of the loudest and
     * 20 dB above the quietest 1% of windows, it is followed while it keeps within
     * {@value #DECAY_RIPPLE_DB} dB of its lowest point so far and stays 6 dB above that floor; a fall
     * of at least {@value #DECAY_MIN_DROP_DB} dB after its first 3 dB gets a least-squares slope, and
     * {@code 60 / -slope} seconds is its decay time. Speech itself stops no faster than the room lets
     * it ring, so the estimate is a low quantile ({@value #DECAY_QUANTILE}) of the decay times. NaN when
     * no decay qualifies (little speech, or a background close to the speech).
     */
    public static double reverberationSeconds(float[] samples, int sampleRate) {
        int hop = Math.max(1, (int) Math.round(DECAY_HOP_SECONDS * sampleRate));
        int blocksPerWindow = (int) Math.round(DECAY_WINDOW_SECONDS / DECAY_HOP_SECONDS);
        int win = blocksPerWindow * hop;
        if (samples.length < win) {
            return Double.NaN;
        }
        // energy per hop-long block, then per window of blocksPerWindow blocks: memory of one value per
        // hop, not per sample, so that hours of audio cost megabytes
        int n = (samples.length - win) / hop + 1;
        double[] block = new double[n + blocksPerWindow - 1];
        for (int b = 0; b < block.length; b++) {
            double sum = 0;
            for (int i = b * hop, end = i + hop; i < end; i++) {
                sum += (double) samples[i] * samples[i];
            }
            block[b] = sum;
        }
        double[] level = new double[n];
        double loudest = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int b = k; b < k + blocksPerWindow; b++) {
                sum += block[b];
            }
            level[k] = 10 * Math.log10(sum / win + 1e-20);
            loudest = Math.max(loudest, level[k]);
        }
        double[] sorted = level.clone();
        Arrays.sort(sorted);
        double floor = sorted[n / 100];
        double seconds = (double) hop / sampleRate;
        List<Double> times = new ArrayList<>();
        int i = 1;
        while (i < n - 1) {
            boolean peak = level[i] >= level[i - 1] && level[i] > level[i + 1];
            if (!peak || level[i] <= loudest - 30 || level[i] <= floor + 20) {
                i++;
                continue;
            }
            int j = i;
            double lowest = level[i];
            while (j + 1 < n && level[j + 1] <= lowest + DECAY_RIPPLE_DB && level[j + 1] > floor + 6) {
                j++;
                lowest = Math.min(lowest, level[j]);
            }
            while (j > i && level[j] > lowest) {
                j--; // end at the lowest point
            }
            int a = i;
            while (a < j && level[a] > level[i] - 3) {
                a++; // the first 3 dB are the direct sound's
            }
            if (j - a >= 6 && level[a] - level[j] >= DECAY_MIN_DROP_DB) {
                double slope = slope(level, a, j, seconds);
                if (slope < 0) {
                    times.add(-60 / slope);
                }
            }
            i = j + 1;
        }
        if (times.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(times);
        return times.get((int) Math.floor(DECAY_QUANTILE * (times.size() - 1)));
    }

    /** Least-squares slope of {@code y[a..b]} against time, {@code dt} apart, per second. */
    private static double slope(double[] y, int a, int b, double dt) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = b - a + 1;
        for (int k = a; k <= b; k++) {
            double t = (k - a) * dt;
            sx += t;
            sy += y[k];
            sxx += t * t;
            sxy += t * y[k];
        }
        return (m * sxy - sx * sy) / (m * sxx - sx * sx);
    }

    /**
     * The background's power from the pause frames' powers: their mean, leaving out frames more than
     * {@value #PAUSE_OUTLIER_DB} dB above the median pause frame (speech the detector missed, mostly
     * unvoiced sounds and breaths at the edges of words).
     */
    static double background(double[] pause, int n) {
        double[] sorted = Arrays.copyOf(pause, n);
        Arrays.sort(sorted);
        double limit = sorted[n / 2] * Math.pow(10, PAUSE_OUTLIER_DB / 10);
        double sum = 0;
        int kept = 0;
        for (double p : sorted) {
            if (p <= limit) {
                sum += p;
                kept++;
            }
        }
        return sum / kept;
    }

    /** The share of samples at full scale (|x| >= {@value #FULL_SCALE}); 0 for no samples. */
    public static double clippedShare(float[] samples) {
        return clippedShare(samples, 0, samples.length);
    }

    /** As {@link #clippedShare(float[])} for {@code samples[from, to)}. */
    public static double clippedShare(float[] samples, int from, int to) {
        if (to <= from) {
            return 0;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (Math.abs(samples[i]) >= FULL_SCALE) {
                n++;
            }
        }
        return (double) n / (to - from);
    }

    private static List<String> warnings(double level, double snr, double clipped, double reverberation, double share,
            double overFloor) {
        List<String> out = new ArrayList<>();
        if (veryNoisy(snr)) {
            out.add(String.format(Locale.ROOT, "very noisy (the background about as loud as the speech or louder, SNR %.0f dB):"
                    + " expect lower accuracy", snr));
        }
        if (busyBackground(share, overFloor)) {
            out.add(String.format(Locale.ROOT, "busy background (voices, echo or other sound behind the speech throughout, the"
                    + " speech only %.0f dB above it): expect lower accuracy", overFloor));
        }
        if (!Double.isNaN(level) && level < VERY_QUIET_DBFS) {
            out.add(String.format(Locale.ROOT, "very quiet (speech at about %.0f dBFS): quieter parts may be skipped as"
                    + " silence; record closer to the microphone", level));
        }
        if (echoey(reverberation)) {
            out.add(String.format(Locale.ROOT, "echoey room (reverberation time about %.1f s): expect lower accuracy",
                    reverberation));
        }
        if (clipped > CLIPPED_SHARE) {
            out.add(String.format(Locale.ROOT, "clipped: %.1f%% of the samples are at full scale", 100 * clipped));
        }
        return out;
    }
}
