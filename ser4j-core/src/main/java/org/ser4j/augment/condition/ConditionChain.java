package org.ser4j.augment.condition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A chain of recording conditions, each applied with its own probability, in the order written.
 *
 * <p>The spec language: steps separated by {@code ;}, each {@code name[=value][:key=value,...]}, where a
 * number may be a range {@code A..B} drawn uniformly for every clip, and every step takes
 * {@code p=P}, the probability that it is applied (default 1):
 * <pre>
 *   noise=white|pink|brown|hum|babble|files|KIND  snr=DB (default 0..30); files: kinds=K1+K2
 *   reverb=files|room|ROOM                        files: rooms=R1+R2; room: rt60=S (0.2..1.5), drr=DB (-5..10)
 *   telephone                                     8 kHz, 300-3400 Hz, mu-law
 *   lowpass                                       cutoff=HZ (3400..8000)
 *   mic                                           gain=DB (8): random microphone colouring
 *   mulaw | bits                                  bits: bits=N (4..12)
 *   clip                                          level=DB below the peak (-20..-3)
 *   mp3[=KBPS]                                    kbps=KBPS (16..64)
 *   gain=DB                                       e.g. gain=-35..0 (16-bit, clipped at full scale)
 * </pre>
 * For example {@code noise=babble:snr=0..20,p=0.5;reverb=files:p=0.3;telephone:p=0.1;gain=-35..0}.
 *
 * <p>Random draws per clip, in order: for each step one {@code nextDouble()} for whether it applies,
 * then, when it does, the step's own draws. The same generator state gives the same clip.
 *
 * @param steps the steps in order
 */
public record ConditionChain(List<Step> steps) {

    /** Default SNR range of noise, dB. */
    public static final Range DEFAULT_SNR = new Range(0, 30);
    /** Default bit rates of the MP3 step, kbit/s. */
    public static final Range DEFAULT_KBPS = new Range(16, 64);
    /** Default bit depths of the bits step. */
    public static final Range DEFAULT_BITS = new Range(4, 12);

    /**
     * One step of a chain.
     *
     * @param condition the condition
     * @param probability the chance it is applied to a clip, 0 to 1
     */
    public record Step(RecordingCondition condition, double probability) {
        public Step {
            Objects.requireNonNull(condition, "condition");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("p must lie in 0..1, got " + probability);
            }
        }

        public String spec() {
            String s = condition.spec();
            return probability == 1 ? s : s + (s.contains(":") ? "," : ":") + "p=" + Range.of(probability);
        }
    }

    public ConditionChain {
        steps = List.copyOf(steps);
    }

    /** The clean chain: no step, clips pass unchanged. */
    public static ConditionChain clean() {
        return new ConditionChain(List.of());
    }

    public boolean isClean() {
        return steps.isEmpty();
    }

    /**
     * The degraded copy of {@code signal} (a copy of it when no step applies).
     *
     * @param signal mono samples
     * @param sampleRate their rate
     * @param rng the source of every draw
     */
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        return apply(signal, sampleRate, rng, null);
    }

    /**
     * As {@link #apply(float[], int, Random)} for a clip spoken by {@code voice}: babble leaves that
     * voice out ({@link RecordingCondition#apply(float[], int, Random, String)}).
     *
     * @param voice the kind of the clip's speaker in the babble pool, or null
     */
    public float[] apply(float[] signal, int sampleRate, Random rng, String voice) {
        float[] x = signal;
        for (Step s : steps) {
            boolean on = rng.nextDouble() < s.probability();
            if (on) {
                x = s.condition().apply(x, sampleRate, rng, voice);
            }
        }
        return x == signal ? signal.clone() : x;
    }

    /** The chain in the spec language (canonical form: defaults written out). */
    public String spec() {
        if (steps.isEmpty()) {
            return "clean";
        }
        List<String> parts = new ArrayList<>();
        steps.forEach(s -> parts.add(s.spec()));
        return String.join(";", parts);
    }

    @Override
    public String toString() {
        return spec();
    }

    /**
     * Parses a spec ({@code clean} or an empty text is the clean chain).
     *
     * @param spec the chain in the spec language
     * @param sources the recordings that {@code files}, {@code babble} and room steps draw from
     * @return the chain
     * @throws IllegalArgumentException naming the step and what was wrong with it
     */
    public static ConditionChain parse(String spec, ConditionSources sources) {
        Objects.requireNonNull(spec, "spec");
        List<Step> steps = new ArrayList<>();
        if (spec.isBlank() || spec.trim().equalsIgnoreCase("clean")) {
            return clean();
        }
        for (String raw : spec.split(";")) {
            String text = raw.trim();
            if (text.isEmpty()) {
                continue;
            }
            try {
                steps.add(step(text, sources));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("condition '" + text + "': " + e.getMessage(), e);
            }
        }
        return new ConditionChain(steps);
    }

    private static Step step(String text, ConditionSources sources) {
        int colon = text.indexOf(':');
        String head = colon < 0 ? text : text.substring(0, colon);
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : text.substring(colon + 1).split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected key=value, found '" + kv.trim() + "'");
                }
                params.put(kv.substring(0, eq).trim().toLowerCase(Locale.ROOT), kv.substring(eq + 1).trim());
            }
        }
        int eq = head.indexOf('=');
        String name = (eq < 0 ? head : head.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? null : head.substring(eq + 1).trim();
        double p = params.containsKey("p") ? Range.parse(params.remove("p"), "p").min() : 1;
        RecordingCondition condition = switch (name) {
            case "noise" -> noise(value, params, sources);
            case "reverb" -> reverb(value, params, sources);
            case "telephone" -> new TelephoneCondition();
            case "lowpass" -> new LowPassCondition(range(params, "cutoff", value, LowPassCondition.DEFAULT_CUTOFF));
            case "mic" -> new MicrophoneCondition(range(params, "gain", value, Range.of(MicrophoneCondition.DEFAULT_MAX_GAIN_DB)).max());
            case "mulaw" -> new QuantiseCondition(true, Range.of(8));
            case "bits" -> new QuantiseCondition(false, range(params, "bits", value, DEFAULT_BITS));
            case "clip" -> new ClipCondition(range(params, "level", value, ClipCondition.DEFAULT_LEVEL));
            case "mp3" -> new Mp3Condition(range(params, "kbps", value, DEFAULT_KBPS));
            case "gain" -> {
                if (value == null && !params.containsKey("db")) {
                    throw new IllegalArgumentException("gain needs a level in dB, e.g. gain=-35..0");
                }
                yield new GainCondition(range(params, "db", value, null));
            }
            default -> throw new IllegalArgumentException("unknown condition '" + name + "', expected one of noise, "
                    + "reverb, telephone, lowpass, mic, mulaw, bits, clip, mp3, gain");
        };
        allow(params);
        return new Step(condition, p);
    }

    private static NoiseCondition noise(String value, Map<String, String> params, ConditionSources sources) {
        if (value == null) {
            throw new IllegalArgumentException("noise needs a source: noise=white|pink|brown|hum|babble|files|KIND");
        }
        String source = value.toLowerCase(Locale.ROOT);
        Range snr = range(params, "snr", null, DEFAULT_SNR);
        Set<String> kinds = new TreeSet<>();
        String kindList = params.remove("kinds");
        switch (source) {
            case "white", "pink", "brown", "hum" -> {
                return new NoiseCondition(source, Set.of(), snr, SoundPool.empty());
            }
            case "babble" -> {
                if (sources.babble().isEmpty()) {
                    throw new IllegalArgumentException("babble needs other speakers' clips, and " + sources.description()
                            + " has none");
                }
                return new NoiseCondition(source, Set.of(), snr, sources.babble());
            }
            case "files" -> {
                if (kindList != null) {
                    kinds.addAll(List.of(kindList.split("\\+")));
                }
            }
            default -> kinds.add(source); // a noise kind of the pool, e.g. noise=drilling
        }
        SoundPool pool = kinds.isEmpty() ? sources.noise() : sources.noise().ofKinds(kinds);
        if (pool.isEmpty() || !sources.noise().kinds().containsAll(kinds)) {
            throw new IllegalArgumentException("no noise recordings of " + (kinds.isEmpty() ? "any kind" : "kind " + kinds)
                    + " in " + sources.description() + (sources.noise().isEmpty() ? "" : "; kinds there: "
                    + sources.noise().kinds()) + " (generated kinds: white, pink, brown, hum, babble)");
        }
        return new NoiseCondition("files", kinds, snr, pool);
    }

    private static ReverbCondition reverb(String value, Map<String, String> params, ConditionSources sources) {
        String source = value == null ? "files" : value.toLowerCase(Locale.ROOT);
        if (source.equals("room")) {
            Range rt60 = range(params, "rt60", null, ReverbCondition.DEFAULT_RT60);
            Range drr = range(params, "drr", null, ReverbCondition.DEFAULT_DRR);
            return new ReverbCondition("room", Set.of(), rt60, drr, SoundPool.empty());
        }
        Set<String> rooms = new TreeSet<>();
        String roomList = params.remove("rooms");
        if (!source.equals("files")) {
            rooms.add(source);
        } else if (roomList != null) {
            rooms.addAll(List.of(roomList.split("\\+")));
        }
        SoundPool pool = rooms.isEmpty() ? sources.rooms() : sources.rooms().ofKinds(rooms);
        if (pool.isEmpty() || !sources.rooms().kinds().containsAll(rooms)) {
            throw new IllegalArgumentException("no impulse responses of " + (rooms.isEmpty() ? "any room" : "room " + rooms)
                    + " in " + sources.description() + (sources.rooms().isEmpty() ? "" : "; rooms there: "
                    + sources.rooms().kinds()) + " (or reverb=room:rt60=0.2..1.5 for a simulated room)");
        }
        return new ReverbCondition("files", rooms, ReverbCondition.DEFAULT_RT60, ReverbCondition.DEFAULT_DRR, pool);
    }

    /** The range under {@code key}, else the step's value, else {@code fallback}; removes the key. */
    private static Range range(Map<String, String> params, String key, String value, Range fallback) {
        String text = params.remove(key);
        if (text != null) {
            return Range.parse(text, key);
        }
        if (value != null) {
            return Range.parse(value, key);
        }
        return Objects.requireNonNull(fallback, () -> key + " is required");
    }

    private static void allow(Map<String, String> params) {
        if (!params.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) " + params.keySet());
        }
    }
}
