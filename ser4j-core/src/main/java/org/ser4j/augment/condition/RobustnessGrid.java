package org.ser4j.augment.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grid of conditions and severities that {@code ser4j robustness} scores a model on, each point a
 * condition spec of its own: clean; every noise kind of the part at {@value #SNRS_TEXT} dB SNR; every
 * room of the part; the telephone band; MP3 at 16, 32 and 64 kbit/s; the level 30 and 40 dB down.
 */
public final class RobustnessGrid {

    /** The SNRs of every noise kind, dB. */
    public static final double[] SNRS_DB = {0, 10, 20, 30};
    static final String SNRS_TEXT = "0, 10, 20 and 30";
    /** MP3 bit rates, kbit/s. */
    public static final int[] MP3_KBPS = {16, 32, 64};
    /** Gains, dB. */
    public static final int[] GAINS_DB = {-30, -40};

    /**
     * One point of the grid.
     *
     * @param group {@code clean}, {@code noise}, {@code reverb}, {@code telephone}, {@code mp3} or {@code gain}
     * @param label what is varied within the group: the noise kind, the room; the group's name otherwise
     * @param severity the SNR (dB), bit rate (kbit/s) or gain (dB); NaN where none applies
     * @param spec the condition in the spec language
     */
    public record Point(String group, String label, double severity, String spec) {}

    private RobustnessGrid() {}

    /**
     * The grid over the kinds and rooms of {@code sources} and the generated noise kinds given.
     *
     * @param sources the pools of one part (validation or test), with babble when it should be scored
     * @param generated generated noise kinds to add, e.g. pink for validation
     */
    public static List<Point> of(ConditionSources sources, List<GeneratedNoise.Kind> generated) {
        List<Point> out = new ArrayList<>();
        out.add(new Point("clean", "clean", Double.NaN, "clean"));
        List<String> kinds = new ArrayList<>(sources.noise().kinds());
        generated.forEach(k -> kinds.add(k.id()));
        if (!sources.babble().isEmpty()) {
            kinds.add("babble");
        }
        for (String kind : kinds) {
            for (double snr : SNRS_DB) {
                out.add(new Point("noise", kind, snr, String.format(Locale.ROOT, "noise=%s:snr=%s", kind, Range.of(snr))));
            }
        }
        for (String room : sources.rooms().kinds()) {
            out.add(new Point("reverb", room, Double.NaN, "reverb=" + room));
        }
        out.add(new Point("telephone", "telephone", Double.NaN, "telephone"));
        for (int kbps : MP3_KBPS) {
            out.add(new Point("mp3", "mp3", kbps, "mp3=" + kbps));
        }
        for (int gain : GAINS_DB) {
            out.add(new Point("gain", "gain", gain, "gain=" + gain));
        }
        return out;
    }
}
