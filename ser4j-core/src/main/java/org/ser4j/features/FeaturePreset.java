package org.ser4j.features;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.Resampler;
import org.ser4j.audio.Signals;

/**
 * A named, complete recipe from audio to the image a model sees: target sample rate, the part of
 * the clip to keep, the mel settings, the dB conversion and the layout. Declared once here and
 * reused by the CLI, the server and saved models.
 *
 * @param name preset name, e.g. {@code sec-pytorch}
 * @param sampleRate rate the signal is resampled to; equal to {@code mel.sampleRate()}
 * @param offsetSeconds start of the kept part; {@code (int) (offset * sampleRate)} samples are skipped
 * @param durationSeconds length of the kept part, zero-padded at the end to exactly
 *     {@code (int) (duration * sampleRate)} samples; {@code null} or 0 keeps the whole rest of the clip
 * @param mel mel spectrogram settings
 * @param db dB conversion
 * @param layout how a model takes the image
 * @param pcen if not {@code null}, the mel power goes through {@link PcenSettings PCEN} instead of
 *     the dB conversion ({@code db} is then unused), or beside it when {@code stacked}
 * @param stacked with {@code pcen}: the image is the dB image and the PCEN image of the same mel power
 *     stacked, {@code [2 n_mels][frames]} with the dB rows first, which a model takes as two channels
 *     of {@code n_mels} rows ({@link #channels()})
 */
public record FeaturePreset(
        String name,
        int sampleRate,
        double offsetSeconds,
        Double durationSeconds,
        MelSettings mel,
        DbSettings db,
        Layout layout,
        PcenSettings pcen,
        boolean stacked) {

    /** How the {@code [n_mels][frames]} image is handed to a model. */
    public enum Layout {
        /** One image {@code [n_mels][frames]} (SEC-PyTorch's models 3-4). */
        FULL(0, 0),
        /** {@code [chunks][n_mels][128]} chunks with stride 64 (SEC-PyTorch's models 1-2; SPEC.md "Features"). */
        CHUNKED(128, 64);

        private final int chunkFrames;
        private final int stride;

        Layout(int chunkFrames, int stride) {
            this.chunkFrames = chunkFrames;
            this.stride = stride;
        }

        /** Frames per chunk (CHUNKED), 0 for FULL. */
        public int chunkFrames() {
            return chunkFrames;
        }

        /** Frames between chunk starts (CHUNKED), 0 for FULL. */
        public int stride() {
            return stride;
        }
    }

    /** Bumped when the feature computation changes in a way that changes numbers (part of {@link #fingerprint()}). */
    public static final int COMPUTATION_VERSION = 1;

    /** SEC-PyTorch's mel settings (SPEC.md "Features"): librosa 0.8.1 melspectrogram at 48 kHz. */
    private static final MelSettings SEC_PYTORCH_MEL = MelSettings.builder()
            .setSampleRate(48000)
            .optNFft(1024)
            .optWinLength(512)
            .optHopLength(256)
            .optWindow(MelSettings.Window.HAMMING)
            .optCenter(true)
            .optPadMode(MelSettings.PadMode.REFLECT)
            .optNMels(128)
            .optFMin(0.0)
            .optFMax(24000.0)
            .optMelScale(MelSettings.MelScale.SLANEY)
            .optMelNorm(MelSettings.MelNorm.SLANEY)
            .optPower(2.0)
            .build();

    /** SEC-PyTorch's features (SPEC.md): 48 kHz, 0.5 s offset, 3 s, 128 x 563, reflect padding, dB ref=max, one full image. */
    public static final FeaturePreset SEC_PYTORCH =
            new FeaturePreset("sec-pytorch", 48000, 0.5, 3.0, SEC_PYTORCH_MEL, DbSettings.SEC_PYTORCH, Layout.FULL);
    /** SEC-PyTorch's features cut into 7 chunks of 128 x 128 (its models 1-2). */
    public static final FeaturePreset SEC_PYTORCH_CHUNKED =
            SEC_PYTORCH.withName("sec-pytorch-chunked").withLayout(Layout.CHUNKED);
    /** SEC-PyTorch's features with zero padding of the STFT, as librosa >= 0.9 computes it. */
    public static final FeaturePreset SEC_PYTORCH_CONSTANT =
            SEC_PYTORCH.withName("sec-pytorch-constant").withPadMode(MelSettings.PadMode.CONSTANT);
    /**
     * SEC-PyTorch's spectrogram settings over the whole clip (no offset, no fixed duration): for
     * inspection, not for SEC-PyTorch's models.
     */
    public static final FeaturePreset SEC_PYTORCH_WHOLE_CLIP = new FeaturePreset("sec-pytorch-whole-clip", 48000, 0.0,
            null, SEC_PYTORCH_MEL, DbSettings.SEC_PYTORCH, Layout.FULL);

    /**
     * Speech-band features for the compact model (not SEC-PyTorch's): 16 kHz, SEC-PyTorch's 0.5 s
     * offset and 3 s, a 25 ms Hann window every 10 ms (n_fft 512), 64 Slaney mels up to 8 kHz, dB
     * relative to the clip's maximum; {@code [64][301]}. Telephone-to-studio speech carries its emotion
     * cues below 8 kHz, and the image is 3.7 times smaller than SEC-PyTorch's, which makes training and
     * prediction cheaper.
     */
    public static final FeaturePreset SPEECH_16K = new FeaturePreset("speech-16k", 16000, 0.5, 3.0,
            MelSettings.builder()
                    .setSampleRate(16000)
                    .optNFft(512)
                    .optWinLength(400)
                    .optHopLength(160)
                    .optWindow(MelSettings.Window.HANN)
                    .optCenter(true)
                    .optPadMode(MelSettings.PadMode.REFLECT)
                    .optNMels(64)
                    .optFMin(0.0)
                    .optFMax(8000.0)
                    .optMelScale(MelSettings.MelScale.SLANEY)
                    .optMelNorm(MelSettings.MelNorm.SLANEY)
                    .optPower(2.0)
                    .build(),
            DbSettings.SEC_PYTORCH, Layout.FULL);

    /** The energy floor of {@link #SPEECH_16K_FLOOR}, dB below the clip's maximum. */
    public static final double SPEECH_FLOOR_DB = 45;

    /**
     * {@link #SPEECH_16K} with an energy floor {@value #SPEECH_FLOOR_DB} dB below the clip's maximum
     * instead of 80: studio-silent pauses and pauses filled with background noise 20-40 dB down look
     * alike, so that a model cannot lean on the silence of the studio (robustness, issue 15).
     */
    public static final FeaturePreset SPEECH_16K_FLOOR = new FeaturePreset("speech-16k-floor", 16000, 0.5, 3.0,
            SPEECH_16K.mel(), new DbSettings(null, DbSettings.LIBROSA_AMIN, SPEECH_FLOOR_DB), Layout.FULL);

    /**
     * {@link #SPEECH_16K} with {@link PcenSettings#LIBROSA PCEN} (librosa's defaults) in place of the dB
     * conversion: stationary background divided away per band, level nearly removed (issue 15).
     */
    public static final FeaturePreset SPEECH_16K_PCEN = new FeaturePreset("speech-16k-pcen", 16000, 0.5, 3.0,
            SPEECH_16K.mel(), DbSettings.SEC_PYTORCH, Layout.FULL, PcenSettings.LIBROSA);

    /**
     * {@link #SPEECH_16K}'s dB image and {@link #SPEECH_16K_PCEN}'s PCEN image of the same mel power,
     * stacked ({@code [128][301]}: 64 dB rows, then 64 PCEN rows), for a model that takes both front
     * ends as two input channels in one forward pass (issue 15: the shipped pair's two members each
     * see one of them).
     */
    public static final FeaturePreset SPEECH_16K_DUAL = new FeaturePreset("speech-16k-dual", 16000, 0.5, 3.0,
            SPEECH_16K.mel(), DbSettings.SEC_PYTORCH, Layout.FULL, PcenSettings.LIBROSA, true);

    private static final List<FeaturePreset> PRESETS = List.of(SEC_PYTORCH, SEC_PYTORCH_CHUNKED, SEC_PYTORCH_CONSTANT,
            SEC_PYTORCH_WHOLE_CLIP, SPEECH_16K, SPEECH_16K_FLOOR, SPEECH_16K_PCEN, SPEECH_16K_DUAL);

    /**
     * Deprecated names that {@link #byName} still accepts, with the name each now has (issue 19:
     * "seed" had come to mean the original system, a random seed and a preset). Saved models,
     * {@code config.json} files, recipes and feature caches written with them keep working: the
     * settings text, and so the cache's fingerprint, never held the name.
     */
    private static final Map<String, String> OLD_NAMES = Map.of(
            "seed", "sec-pytorch",
            "seed-chunked", "sec-pytorch-chunked",
            "seed-constant", "sec-pytorch-constant",
            "seed-whole-clip", "sec-pytorch-whole-clip");
    private static final Map<MelSettings, MelSpectrogramExtractor> EXTRACTORS = new ConcurrentHashMap<>();

    /** A preset with the dB conversion (no PCEN). */
    public FeaturePreset(String name, int sampleRate, double offsetSeconds, Double durationSeconds, MelSettings mel,
            DbSettings db, Layout layout) {
        this(name, sampleRate, offsetSeconds, durationSeconds, mel, db, layout, null, false);
    }

    /** A preset with the dB conversion ({@code pcen == null}) or PCEN instead of it, not stacked. */
    public FeaturePreset(String name, int sampleRate, double offsetSeconds, Double durationSeconds, MelSettings mel,
            DbSettings db, Layout layout, PcenSettings pcen) {
        this(name, sampleRate, offsetSeconds, durationSeconds, mel, db, layout, pcen, false);
    }

    public FeaturePreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mel, "mel");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(layout, "layout");
        if (stacked && pcen == null) {
            throw new IllegalArgumentException("preset " + name + ": a stacked image needs PCEN settings");
        }
        if (stacked && layout != Layout.FULL) {
            throw new IllegalArgumentException("preset " + name + ": a stacked image is one full image, not chunks");
        }
        if (sampleRate != mel.sampleRate()) {
            throw new IllegalArgumentException("preset " + name + ": sampleRate " + sampleRate
                    + " differs from the mel settings' " + mel.sampleRate());
        }
        if (!(offsetSeconds >= 0) || !Double.isFinite(offsetSeconds)) {
            throw new IllegalArgumentException("preset " + name + ": offset must be >= 0 s, got " + offsetSeconds);
        }
        if (durationSeconds != null && durationSeconds == 0.0) {
            durationSeconds = null;
        }
        if (durationSeconds != null && (!(durationSeconds > 0) || !Double.isFinite(durationSeconds))) {
            throw new IllegalArgumentException("preset " + name + ": duration must be positive, got " + durationSeconds);
        }
    }

    /** The preset called {@code name} (case-insensitive), or one of its deprecated names ({@link #oldNames()}). */
    public static FeaturePreset byName(String name) {
        String current = currentName(name);
        for (FeaturePreset p : PRESETS) {
            if (p.name.equalsIgnoreCase(current)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown feature preset '" + name + "', expected one of " + names());
    }

    /**
     * The name a preset called {@code name} has now: the new name for a deprecated one (e.g.
     * {@code seed} gives {@code sec-pytorch}), else {@code name} as given.
     */
    public static String currentName(String name) {
        return name == null ? null : OLD_NAMES.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    /** The deprecated preset names, each with its new name. */
    public static Map<String, String> oldNames() {
        return OLD_NAMES;
    }

    /** Names of the built-in presets. */
    public static List<String> names() {
        return PRESETS.stream().map(FeaturePreset::name).toList();
    }

    /** The built-in presets. */
    public static List<FeaturePreset> presets() {
        return PRESETS;
    }

    public FeaturePreset withName(String newName) {
        return new FeaturePreset(newName, sampleRate, offsetSeconds, durationSeconds, mel, db, layout, pcen, stacked);
    }

    public FeaturePreset withLayout(Layout newLayout) {
        return new FeaturePreset(name, sampleRate, offsetSeconds, durationSeconds, mel, db, newLayout, pcen, stacked);
    }

    public FeaturePreset withPadMode(MelSettings.PadMode padMode) {
        return new FeaturePreset(name, sampleRate, offsetSeconds, durationSeconds,
                mel.toBuilder().optPadMode(padMode).build(), db, layout, pcen, stacked);
    }

    /** The same preset keeping {@code seconds} (null or 0: the whole clip from the offset). */
    public FeaturePreset withDuration(Double seconds) {
        return new FeaturePreset(name, sampleRate, offsetSeconds, seconds, mel, db, layout, pcen, stacked);
    }

    /** Samples in the kept part, or -1 when the whole clip is kept. */
    public int signalLength() {
        return durationSeconds == null ? -1 : (int) (durationSeconds * sampleRate);
    }

    /** Images stacked in {@link #extract}'s result: 2 for a {@link #stacked()} preset, else 1. */
    public int channels() {
        return stacked ? 2 : 1;
    }

    /** Rows of {@link #extract}'s result: {@link #channels()} times the mel bands. */
    public int imageRows() {
        return channels() * mel.nMels();
    }

    /** Frames of the image for a fixed duration (563 for {@link #SEC_PYTORCH}), or -1 when the whole clip is kept. */
    public int frames() {
        return durationSeconds == null ? -1 : mel.frames(signalLength());
    }

    /** The extractor for {@link #mel()} (shared, thread-safe). */
    public MelSpectrogramExtractor extractor() {
        return EXTRACTORS.computeIfAbsent(mel, MelSpectrogramExtractor::new);
    }

    /**
     * The mono signal at the preset rate that the spectrogram is computed from: channels averaged,
     * resampled to {@link #sampleRate()}, then the offset/duration window of SEC-PyTorch.
     */
    public float[] signal(AudioClip clip) {
        if (durationSeconds != null && clip.sampleRate() != sampleRate) {
            // resample only the window's samples: the same values as resampling all, then cutting
            return Resampler.resample(clip.mono(), clip.sampleRate(), sampleRate, windowStart(), signalLength());
        }
        return window(clip.monoAt(sampleRate));
    }

    /** The first sample of the window, {@code (int)(offset * sr)} as {@link Signals#window} takes it. */
    private int windowStart() {
        long start = (long) (offsetSeconds * sampleRate);
        if (start > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an offset of " + offsetSeconds + " s at " + sampleRate + " Hz is too large");
        }
        return (int) start;
    }

    /** SEC-PyTorch's window (SPEC.md "Signal"): skip {@code (int)(offset*sr)} samples, keep {@code (int)(duration*sr)}, zero-pad at the end. */
    private float[] window(float[] mono) {
        if (durationSeconds == null) {
            return offsetSeconds == 0 ? mono : Signals.window(mono, sampleRate, offsetSeconds, Double.POSITIVE_INFINITY, false);
        }
        return Signals.window(mono, sampleRate, offsetSeconds, durationSeconds, true);
    }

    /** Features of a clip: {@code [n_mels][frames]} in dB (or PCEN; both stacked, {@link #imageRows()} rows), as float; equal to {@code signalFeatures(signal(clip))}. */
    public float[][] extract(AudioClip clip) {
        return compress(melPower(clip));
    }

    /** The mel power of a clip's window, {@code [n_mels][frames]}: what {@link #extract} compresses. */
    public double[][] melPower(AudioClip clip) {
        if (clip.sampleRate() != sampleRate) {
            return melPower(signal(clip));
        }
        // fast path: window the (downmixed) samples inside the extractor, without copying them out first
        float[] mono = clip.channelCount() == 1 ? clip.channels()[0] : clip.mono();
        int start = (int) Math.min((long) (offsetSeconds * sampleRate), mono.length);
        int length = durationSeconds == null ? mono.length - start : signalLength();
        int count = Math.max(0, Math.min(length, mono.length - start));
        return extractor().power(mono, start, count, length);
    }

    /**
     * Whether this preset's mel power equals {@code other}'s for every clip: the same rate, window and
     * mel settings; they may still differ after it (e.g. dB and PCEN).
     */
    public boolean sharesMelPower(FeaturePreset other) {
        return sampleRate == other.sampleRate && offsetSeconds == other.offsetSeconds
                && Objects.equals(durationSeconds, other.durationSeconds) && mel.equals(other.mel);
    }

    /** {@link #extract} of one clip for several presets; presets that {@link #sharesMelPower share the mel power} compute it once. */
    public static List<float[][]> extractAll(List<FeaturePreset> presets, AudioClip clip) {
        return compressAll(presets, p -> p.melPower(clip));
    }

    /** {@link #signalFeatures} of one prepared signal for several presets; a shared mel power is computed once. */
    public static List<float[][]> signalFeaturesAll(List<FeaturePreset> presets, float[] monoAtPresetRate) {
        return compressAll(presets, p -> p.melPower(monoAtPresetRate));
    }

    private static List<float[][]> compressAll(List<FeaturePreset> presets,
            Function<FeaturePreset, double[][]> power) {
        List<double[][]> powers = new ArrayList<>(presets.size());
        List<float[][]> images = new ArrayList<>(presets.size());
        for (FeaturePreset p : presets) {
            double[][] shared = null;
            for (int q = 0; q < powers.size() && shared == null; q++) {
                if (presets.get(q).sharesMelPower(p)) {
                    shared = powers.get(q);
                }
            }
            double[][] mine = shared != null ? shared : power.apply(p);
            powers.add(mine);
            images.add(p.compress(mine)); // compress leaves the power as it is
        }
        return images;
    }

    /** Features of an already prepared mono signal at the preset rate (e.g. after augmentation): {@code [n_mels][frames]} dB (or PCEN). */
    public float[][] signalFeatures(float[] monoAtPresetRate) {
        return compress(melPower(monoAtPresetRate));
    }

    /**
     * The features of a mel power image {@code [n_mels][frames]} (not modified): its dB values as
     * {@link #db()} says, or its PCEN when {@link #pcen()} is set, or both stacked
     * ({@code [2 n_mels][frames]}, dB first) when {@link #stacked()}.
     */
    public float[][] compress(double[][] melPower) {
        if (pcen == null) {
            return PowerToDb.toFloat(melPower, db);
        }
        float[][] normalised = pcen.apply(melPower, (double) mel.hopLength() / sampleRate);
        if (!stacked) {
            return normalised;
        }
        float[][] db = PowerToDb.toFloat(melPower, this.db);
        float[][] both = new float[db.length + normalised.length][];
        System.arraycopy(db, 0, both, 0, db.length);
        System.arraycopy(normalised, 0, both, db.length, normalised.length);
        return both;
    }

    /** The mel power spectrogram in double, {@code [n_mels][frames]}. */
    public double[][] melPower(float[] monoAtPresetRate) {
        return extractor().power(monoAtPresetRate);
    }

    /** The mel spectrogram in dB, in double, {@code [n_mels][frames]}. */
    public double[][] melDb(float[] monoAtPresetRate) {
        double[][] power = melPower(monoAtPresetRate);
        PowerToDb.applyInPlace(power, db);
        return power;
    }

    /** The image as the model takes it: {@code [1][n_mels][frames]} (FULL) or {@code [chunks][n_mels][chunkFrames]} (CHUNKED). */
    public float[][][] layoutOf(float[][] image) {
        return switch (layout) {
            case FULL -> new float[][][] {image};
            case CHUNKED -> Chunker.chunk(image, layout.chunkFrames(), layout.stride());
        };
    }

    /** Canonical text of every setting that changes the numbers (not the name, not the layout). */
    public String settingsText() {
        return "ser4j-features v" + COMPUTATION_VERSION
                + ";sr=" + sampleRate
                + ";offset=" + offsetSeconds
                + ";duration=" + durationSeconds
                + ";nfft=" + mel.nFft() + ";win=" + mel.winLength() + ";hop=" + mel.hopLength()
                + ";window=" + mel.window() + ";center=" + mel.center() + ";pad=" + mel.padMode()
                + ";nmels=" + mel.nMels() + ";fmin=" + mel.fMin() + ";fmax=" + mel.fMax()
                + ";scale=" + mel.melScale() + ";norm=" + mel.melNorm() + ";power=" + mel.power()
                + ";ref=" + (db.ref() == null ? "max" : db.ref().toString()) + ";amin=" + db.amin() + ";topdb=" + db.topDb()
                + (pcen == null ? "" : ";pcen=" + pcen.timeConstant() + "," + pcen.gain() + "," + pcen.bias() + ","
                        + pcen.power() + "," + pcen.eps())
                + (stacked ? ";stack=db+pcen" : "");
    }

    /** SHA-256 (hex) of {@link #settingsText()}: equal for presets that give equal numbers. */
    public String fingerprint() {
        return Sha256.hex(settingsText().getBytes(StandardCharsets.UTF_8));
    }

    /** A one-line description for CLI help. */
    public String describe() {
        String part = durationSeconds == null
                ? "whole clip" + (offsetSeconds > 0 ? " from " + offsetSeconds + " s" : "")
                : String.format(Locale.ROOT, "%.2f s from %.2f s", durationSeconds, offsetSeconds);
        return String.format(Locale.ROOT, "%s: %d Hz, %s, %d mels, n_fft %d, win %d %s, hop %d, %s padding, %s",
                name, sampleRate, part, mel.nMels(), mel.nFft(), mel.winLength(), mel.window().id(),
                mel.hopLength(), mel.padMode().id(), layout == Layout.FULL ? "one image"
                        : "chunks of " + layout.chunkFrames() + " frames, stride " + layout.stride())
                + (pcen == null ? "" : stacked ? ", dB and PCEN images stacked" : ", PCEN instead of dB");
    }
}
