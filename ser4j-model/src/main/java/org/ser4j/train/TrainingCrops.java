package org.ser4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.Resampler;
import org.ser4j.augment.SpeedPerturbation;
import org.ser4j.augment.condition.ConditionChain;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.MelFilterBank;
import org.ser4j.features.MelSettings;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

/**
 * The whole-clip mel power of every training sample, from which each epoch cuts one window of the
 * preset's length at a random place ({@link TrainingConfig#randomCrop()}).
 *
 * <p>A window is the preset's frame count of consecutive columns of the whole clip's power,
 * converted to dB by the preset's own rule (for speech-16k: reference = the window's maximum,
 * floor 80 dB below it) and scaled as every other sample, so it equals the preset's image of the
 * same stretch of audio except in the two frames at either edge, where the window sees the
 * clip's real neighbouring samples instead of the preset's reflection padding. Clips shorter
 * than the preset's offset plus duration are padded with zeros at the end first, as the preset's
 * window pads them.
 *
 * <p>With a frequency warp ({@link TrainingConfig#freqWarp()}), each crop's power is also moved along
 * the frequency axis by a factor {@code a} drawn for it: band {@code b} takes the power found at its
 * centre frequency divided by {@code a} (linear between neighbouring bands, the edge band beyond the
 * edges), so content at {@code f} Hz appears at {@code a f}, as with a vocal tract {@code 1/a} times
 * as long (vocal tract length perturbation, Jaitly and Hinton 2013, done on the mel bands).
 *
 * <p>With recording conditions ({@link #conditioned}), the crops keep each clip's whole signal
 * instead of its power: every time a row is drawn, the clip goes through the condition chain with a
 * generator seeded from the epoch's crop generator, and the window is cut from the degraded clip's
 * power (at a random place, or at the preset's offset when random crops are off). An epoch's draws
 * therefore depend only on the run seed and the epoch, as for plain crops, and a resumed run repeats them.
 */
public final class TrainingCrops {

    private final double[][][] power; // null with conditions
    private final float[][] signals; // whole clips at the preset's rate, with conditions; else null
    private final String[] voices; // with signals: each row's speaker as the babble pool names it, or null
    private final ConditionChain chain;
    private final boolean randomPlace;
    private final Architecture architecture;
    private final FeaturePreset preset;
    private final StandardScaler scaler;
    private final int frames;
    private final double warp;
    private final double[] centreHz; // each band's centre frequency, as the filter bank places it
    private final double melFirst; // mel of the first centre
    private final double melStep; // mel between neighbouring centres

    /**
     * @param power whole-clip mel power {@code [bands][frames]} per training sample, in the order
     *     of the training rows; each at least the preset's frame count long
     * @param architecture the model (its input layout)
     * @param preset the feature preset (frame count, dB rule)
     * @param scaler the run's scaler
     */
    public TrainingCrops(List<double[][]> power, Architecture architecture, FeaturePreset preset,
            StandardScaler scaler) {
        this(power, architecture, preset, scaler, 0);
    }

    /**
     * @param power whole-clip mel power {@code [bands][frames]} per training sample, in the order
     *     of the training rows; each at least the preset's frame count long
     * @param architecture the model (its input layout)
     * @param preset the feature preset (frame count, dB rule, mel bands)
     * @param scaler the run's scaler
     * @param warp largest relative frequency warp, 0 (off) to {@link TrainingConfig#MAX_FREQ_WARP}
     */
    public TrainingCrops(List<double[][]> power, Architecture architecture, FeaturePreset preset,
            StandardScaler scaler, double warp) {
        if (!(warp >= 0 && warp <= TrainingConfig.MAX_FREQ_WARP)) {
            throw new IllegalArgumentException("frequency warp must be between 0 and " + TrainingConfig.MAX_FREQ_WARP
                    + ", got " + warp);
        }
        this.warp = warp;
        MelSettings mel = preset.mel();
        // the filter bank's corner frequencies: band b rises from edge b, peaks at edge b + 1, falls to edge b + 2
        double[] edges = MelFilterBank.melFrequencies(mel.nMels() + 2, mel.fMin(), mel.fMax(), mel.melScale());
        this.centreHz = Arrays.copyOfRange(edges, 1, mel.nMels() + 1);
        this.melFirst = MelFilterBank.hzToMel(centreHz[0], mel.melScale());
        this.melStep = (MelFilterBank.hzToMel(mel.fMax(), mel.melScale())
                - MelFilterBank.hzToMel(mel.fMin(), mel.melScale())) / (mel.nMels() + 1);
        this.power = power.toArray(new double[0][][]);
        this.signals = null;
        this.voices = null;
        this.chain = null;
        this.randomPlace = true;
        this.architecture = architecture;
        this.preset = preset;
        this.scaler = scaler;
        this.frames = preset.frames();
        for (int i = 0; i < this.power.length; i++) {
            if (this.power[i].length != preset.mel().nMels() || this.power[i][0].length < frames) {
                throw new IllegalArgumentException("training clip " + i + " has a " + this.power[i].length + " x "
                        + (this.power[i].length == 0 ? 0 : this.power[i][0].length) + " spectrogram; crops need "
                        + preset.mel().nMels() + " bands and at least " + frames + " frames");
            }
        }
    }

    private TrainingCrops(TrainingCrops base, float[][] signals, String[] voices, ConditionChain chain,
            boolean randomPlace) {
        if (voices != null && voices.length != signals.length) {
            throw new IllegalArgumentException(voices.length + " voices for " + signals.length + " training clips");
        }
        this.power = null;
        this.signals = signals;
        this.voices = voices;
        this.chain = chain;
        this.randomPlace = randomPlace;
        this.architecture = base.architecture;
        this.preset = base.preset;
        this.scaler = base.scaler;
        this.frames = base.frames;
        this.warp = base.warp;
        this.centreHz = base.centreHz;
        this.melFirst = base.melFirst;
        this.melStep = base.melStep;
        int least = (int) (preset.offsetSeconds() * preset.sampleRate()) + preset.signalLength();
        for (int i = 0; i < signals.length; i++) {
            if (signals[i].length < least) {
                throw new IllegalArgumentException("training clip " + i + " has " + signals[i].length
                        + " samples; conditioned crops need at least " + least + " (pad it with wholeClipSignal)");
            }
        }
    }

    /**
     * Crops of clips degraded anew by {@code chain} every time they are drawn.
     *
     * @param signals whole clips at the preset's rate, each from {@link #wholeClipSignal}, in the
     *     order of the training rows; used as they are, not copied
     * @param voices each row's speaker as the chain's babble pool names it, so that babble leaves the
     *     clip's own speaker out; null: any voice
     * @param chain the recording conditions
     * @param randomPlace a window at a random place; false: at the preset's offset
     * @param architecture the model (its input layout)
     * @param preset the feature preset
     * @param scaler the run's scaler
     * @param warp largest relative frequency warp, 0 (off) to {@link TrainingConfig#MAX_FREQ_WARP}
     */
    public static TrainingCrops conditioned(List<float[]> signals, List<String> voices, ConditionChain chain,
            boolean randomPlace, Architecture architecture, FeaturePreset preset, StandardScaler scaler, double warp) {
        TrainingCrops base = new TrainingCrops(List.of(), architecture, preset, scaler, warp);
        return new TrainingCrops(base, signals.toArray(new float[0][]),
                voices == null ? null : voices.toArray(new String[0]), chain, randomPlace);
    }

    /**
     * A training clip downmixed, resampled to the preset's rate and, when shorter than the preset's
     * offset plus duration, padded with zeros to that length.
     */
    public static float[] wholeClipSignal(FeaturePreset preset, float[] mono, int sampleRate) {
        float[] x = sampleRate == preset.sampleRate() ? mono : Resampler.resample(mono, sampleRate, preset.sampleRate());
        int least = (int) (preset.offsetSeconds() * preset.sampleRate()) + preset.signalLength();
        return x.length < least ? Arrays.copyOf(x, least) : x;
    }

    /**
     * The whole-clip mel power of a training clip: downmixed, resampled to the preset's rate and,
     * when shorter than the preset's offset plus duration, padded with zeros to that length.
     *
     * @param preset the feature preset
     * @param clip the decoded clip
     * @return {@code [bands][frames]}
     */
    public static double[][] wholeClipPower(FeaturePreset preset, AudioClip clip) {
        float[] mono = clip.monoAt(preset.sampleRate());
        int least = (int) (preset.offsetSeconds() * preset.sampleRate()) + preset.signalLength();
        if (mono.length < least) {
            mono = Arrays.copyOf(mono, least);
        }
        return preset.melPower(mono);
    }

    /**
     * The whole-clip mel power of a training clip followed by that of each of its speed copies, in
     * the order of the training rows ({@link AugmentationKind#SPEED}). The copies are made from the
     * whole clip at the preset's rate, as the fixed-window copies are, and padded like the clip.
     *
     * @param preset the feature preset
     * @param clip the decoded clip
     * @param speed the speed copies to add, or null for the clip alone
     * @return {@code 1 + copies} spectrograms {@code [bands][frames]}
     */
    public static List<double[][]> wholeClipPowers(FeaturePreset preset, AudioClip clip, SpeedPerturbation speed) {
        List<double[][]> out = new ArrayList<>();
        for (float[] signal : TrainingDataPreparer.signalAndSpeedCopies(preset, clip, speed)) {
            out.add(wholeClipPower(preset, AudioClip.mono(signal, preset.sampleRate())));
        }
        return out;
    }

    /** How many training samples have crops. */
    public int size() {
        return power != null ? power.length : signals.length;
    }

    /** Frames of sample {@code row}'s whole clip. */
    public int clipFrames(int row) {
        return power != null ? power[row][0].length : preset.mel().frames(signals[row].length);
    }

    /** Whether the clips go through recording conditions. */
    public boolean conditioned() {
        return signals != null;
    }

    /**
     * The dB image of the window of sample {@code row} that starts at frame {@code first}.
     *
     * @param row the training sample
     * @param first the window's first frame, 0 to {@code clipFrames(row) - frames}
     * @return {@code [bands][frames]} in dB, unscaled
     */
    public float[][] window(int row, int first) {
        return window(row, first, 1.0);
    }

    /**
     * The dB image of the window of sample {@code row} that starts at frame {@code first}, its
     * frequency axis warped by {@code factor} (1 = unwarped, exactly {@link #window(int, int)}).
     *
     * @param row the training sample
     * @param first the window's first frame, 0 to {@code clipFrames(row) - frames}
     * @param factor content at {@code f} Hz moves to {@code factor * f} Hz
     * @return {@code [bands][frames]} in dB, unscaled
     */
    public float[][] window(int row, int first, double factor) {
        if (power == null) {
            throw new IllegalStateException("conditioned crops keep signals, not power: use rows()");
        }
        return window(power[row], row, first, factor);
    }

    private float[][] window(double[][] clip, int row, int first, double factor) {
        return preset.compress(cut(clip, row, first, factor));
    }

    /** The mel power of the window at frame {@code first}, warped by {@code factor}: what {@link #window} compresses. */
    private double[][] cut(double[][] clip, int row, int first, double factor) {
        if (first < 0 || first + frames > clip[0].length) {
            throw new IllegalArgumentException("window at frame " + first + " of " + frames + " frames does not fit the "
                    + clip[0].length + " frames of training sample " + row);
        }
        double[][] cut = new double[clip.length][];
        for (int b = 0; b < clip.length; b++) {
            cut[b] = Arrays.copyOfRange(clip[b], first, first + frames);
        }
        return factor == 1.0 ? cut : warped(cut, factor);
    }

    /** {@code cut} with band b holding the power at its centre frequency divided by {@code factor}. */
    private double[][] warped(double[][] cut, double factor) {
        MelSettings.MelScale scale = preset.mel().melScale();
        int bands = cut.length;
        double[][] out = new double[bands][];
        for (int b = 0; b < bands; b++) {
            double pos = (MelFilterBank.hzToMel(centreHz[b] / factor, scale) - melFirst) / melStep;
            if (pos <= 0) {
                out[b] = cut[0].clone();
            } else if (pos >= bands - 1) {
                out[b] = cut[bands - 1].clone();
            } else {
                int lo = (int) pos;
                double w = pos - lo;
                double[] a = cut[lo];
                double[] c = cut[lo + 1];
                double[] o = new double[a.length];
                for (int t = 0; t < o.length; t++) {
                    o[t] = (1 - w) * a[t] + w * c[t];
                }
                out[b] = o;
            }
        }
        return out;
    }

    /**
     * Model inputs for the training rows {@code order[start..start+n)}, each a window at a random
     * place (one {@code rng.nextInt} per row, in order, followed by one {@code rng.nextDouble} for
     * the warp factor when the warp is on), scaled and laid out.
     *
     * @param order the epoch's order of the training rows
     * @param start first position in {@code order}
     * @param n rows
     * @param rng the epoch's crop generator
     * @return {@code n} model-input rows
     */
    public float[][] rows(int[] order, int start, int n, Random rng) {
        return rows(order, start, n, rng, null);
    }

    /**
     * {@link #rows(int[], int, int, Random)}, also keeping each row's window as mel power (warped as the
     * row is, before the preset's compression and the scaler), for a teacher that compresses it its own way.
     *
     * @param power where row {@code i}'s window power goes, {@code [bands][frames]}; length {@code n}, or
     *     null to keep none
     */
    public float[][] rows(int[] order, int start, int n, Random rng, double[][][] power) {
        float[][] out = new float[n][];
        if (signals != null) {
            return conditionedRows(order, start, n, rng, power);
        }
        for (int i = 0; i < n; i++) {
            int row = order[start + i];
            int first = rng.nextInt(clipFrames(row) - frames + 1);
            double factor = warp > 0 ? 1 + warp * (2 * rng.nextDouble() - 1) : 1.0;
            double[][] cut = cut(this.power[row], row, first, factor);
            if (power != null) {
                power[i] = cut;
            }
            out[i] = ModelBundle.modelInput(architecture, preset, scaler, preset.compress(cut));
        }
        return out;
    }

    /**
     * Rows of degraded clips. Draws from {@code rng}, per row in order: one {@code nextLong} (the seed of
     * the row's conditions), one {@code nextInt} for the window's place when it is random, one
     * {@code nextDouble} for the warp when the warp is on. The rows are then computed in parallel, each
     * from its own seed, so the result does not depend on scheduling.
     */
    private float[][] conditionedRows(int[] order, int start, int n, Random rng, double[][][] power) {
        long[] seeds = new long[n];
        int[] firsts = new int[n];
        double[] factors = new double[n];
        int offsetFrame = (int) Math.round(preset.offsetSeconds() * preset.sampleRate() / preset.mel().hopLength());
        for (int i = 0; i < n; i++) {
            int row = order[start + i];
            seeds[i] = rng.nextLong();
            firsts[i] = randomPlace ? rng.nextInt(clipFrames(row) - frames + 1)
                    : Math.min(offsetFrame, clipFrames(row) - frames);
            factors[i] = warp > 0 ? 1 + warp * (2 * rng.nextDouble() - 1) : 1.0;
        }
        float[][] out = new float[n][];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            int row = order[start + i];
            float[] degraded = chain.apply(signals[row], preset.sampleRate(), new Random(seeds[i]),
                    voices == null ? null : voices[row]);
            double[][] cut = cut(preset.melPower(degraded), row, firsts[i], factors[i]);
            if (power != null) {
                power[i] = cut;
            }
            out[i] = ModelBundle.modelInput(architecture, preset, scaler, preset.compress(cut));
        });
        return out;
    }
}
