package org.ser4j.augment.condition;

import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Additive noise at a signal-to-noise ratio measured against the clip's active speech
 * ({@link SpeechLevel#activePower}): the noise is scaled so that
 * {@code 10 log10(activePower(clip) / meanPower(noise)) = snr} exactly. A silent clip is returned unchanged
 * (its SNR is undefined).
 *
 * <p>Sources: generated noise ({@link GeneratedNoise.Kind}); {@code files}, a random recording of
 * the noise pool (of the kinds in {@code fileKinds}, or any) from a random place, looped to the
 * clip's length; {@code babble}, 3 to 8 clips of the babble pool (training speakers), each from a
 * random place, looped, brought to the same active level and summed. Given the clip's own voice
 * ({@link #apply(float[], int, Random, String)}), babble draws only other speakers' clips: a clip of
 * the own voice is drawn again.
 *
 * @param source {@code white}, {@code pink}, {@code brown}, {@code hum}, {@code files} or {@code babble}
 * @param fileKinds for {@code files}: the noise kinds to draw from; empty for every kind of the pool
 * @param snrDb the SNR range, dB
 * @param pool the recordings to draw from (noise files or babble speakers; empty for generated noise)
 */
public record NoiseCondition(String source, Set<String> fileKinds, Range snrDb, SoundPool pool)
        implements RecordingCondition {

    /** Fewest and most voices in babble. */
    public static final int MIN_VOICES = 3;
    public static final int MAX_VOICES = 8;

    public NoiseCondition {
        Objects.requireNonNull(source, "source");
        fileKinds = Set.copyOf(fileKinds);
        Objects.requireNonNull(snrDb, "snrDb");
        Objects.requireNonNull(pool, "pool");
        if ((source.equals("files") || source.equals("babble")) && pool.isEmpty()) {
            throw new IllegalArgumentException("noise=" + source + " has no recordings to draw from");
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        return apply(signal, sampleRate, rng, null);
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng, String voice) {
        double snr = snrDb.draw(rng);
        float[] noise = noise(signal.length, sampleRate, rng, voice);
        return mix(signal, noise, snr, sampleRate);
    }

    /**
     * {@code signal + k noise} with {@code k} chosen so that the SNR against the active speech is
     * exactly {@code snrDb}; a copy of {@code signal} when it or the noise is silent.
     */
    public static float[] mix(float[] signal, float[] noise, double snrDb, int sampleRate) {
        double speech = SpeechLevel.activePower(signal, sampleRate);
        double noisePower = SpeechLevel.meanPower(noise);
        float[] out = signal.clone();
        if (speech == 0 || noisePower == 0) {
            return out;
        }
        double k = Math.sqrt(speech / noisePower * Math.pow(10, -snrDb / 10));
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (signal[i] + k * noise[i]);
        }
        return out;
    }

    /** {@code n} samples of this condition's noise, unscaled; babble without {@code voice} (null: any). */
    float[] noise(int n, int sampleRate, Random rng, String voice) {
        return switch (source) {
            case "files" -> looped(pool.signal(rng.nextInt(pool.size()), sampleRate), n, rng);
            case "babble" -> babble(n, sampleRate, rng, voice);
            default -> GeneratedNoise.generate(GeneratedNoise.Kind.valueOf(source.toUpperCase(java.util.Locale.ROOT)),
                    n, sampleRate, rng);
        };
    }

    private float[] babble(int n, int sampleRate, Random rng, String own) {
        int voices = MIN_VOICES + rng.nextInt(MAX_VOICES - MIN_VOICES + 1);
        // the own voice is left out only when the pool has another one (a pool of one voice stays babble)
        boolean exclude = false;
        if (own != null) {
            Set<String> kinds = pool.kinds();
            exclude = kinds.contains(own) && kinds.size() > 1;
        }
        double[] sum = new double[n];
        for (int v = 0; v < voices; v++) {
            int pick = rng.nextInt(pool.size());
            while (exclude && pool.entries().get(pick).kind().equals(own)) {
                pick = rng.nextInt(pool.size());
            }
            float[] voice = looped(pool.signal(pick, sampleRate), n, rng);
            double p = SpeechLevel.activePower(voice, sampleRate);
            if (p == 0) {
                continue;
            }
            double g = 1 / Math.sqrt(p);
            for (int i = 0; i < n; i++) {
                sum[i] += g * voice[i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) sum[i];
        }
        return out;
    }

    /** {@code n} samples of {@code source} from a random start, wrapping round at its end. */
    static float[] looped(float[] source, int n, Random rng) {
        float[] out = new float[n];
        if (source.length == 0) {
            return out;
        }
        int at = rng.nextInt(source.length);
        for (int i = 0; i < n; i++) {
            out[i] = source[at];
            at = at + 1 == source.length ? 0 : at + 1;
        }
        return out;
    }

    @Override
    public String spec() {
        String kinds = fileKinds.isEmpty() ? "" : "kinds=" + String.join("+", new java.util.TreeSet<>(fileKinds)) + ",";
        return "noise=" + source + ":" + kinds + "snr=" + snrDb;
    }
}
