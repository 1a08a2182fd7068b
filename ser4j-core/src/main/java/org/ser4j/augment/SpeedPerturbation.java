package org.ser4j.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ser4j.audio.Resampler;

/**
 * Speed perturbation (Ko et al., "Audio augmentation for speech recognition", 2015): each copy is
 * the signal played {@code factor} times as fast, which scales its duration by {@code 1/factor} and
 * every frequency (pitch and formants) by {@code factor}, as a shorter or longer vocal tract would.
 * Computed by resampling: the samples are taken as recorded at {@code round(rate * factor)} Hz and
 * resampled to {@code rate}. No random draws: the copies depend on the signal only.
 *
 * @param factors one speed factor per copy, each in (0.5, 2)
 */
public record SpeedPerturbation(List<Double> factors) implements Augmentation {

    /** Kaldi's recipe: one copy at 0.9 and one at 1.1 times the speed. */
    public static final SpeedPerturbation DEFAULT = new SpeedPerturbation(List.of(0.9, 1.1));

    public SpeedPerturbation {
        factors = List.copyOf(factors);
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("speed perturbation needs at least one factor");
        }
        for (double f : factors) {
            if (!(f > 0.5 && f < 2)) {
                throw new IllegalArgumentException("speed factor must be in (0.5, 2), found " + f);
            }
        }
    }

    @Override
    public List<float[]> augment(float[] signal, int sampleRate, Random rng) {
        List<float[]> out = new ArrayList<>(factors.size());
        for (double f : factors) {
            int playedAt = (int) Math.round(sampleRate * f);
            out.add(Resampler.resample(signal, playedAt, sampleRate));
        }
        return out;
    }
}
