// Issue 15: the recording check's "busy background" rule (speech heard throughout and standing less than
// RecordingCheck.BUSY_FLOOR_DB above the minimum-statistics floor) on RAVDESS clips mixed with babble of
// other actors and with the pools' noises, and on clean speech with and without its pauses.
// Per condition: the share of clips called busy, the median speech share and speech-over-floor, and how
// many clips still get an SNR. Usage (from the repository root, ser4j-core's class path in DEPS):
//   java -cp ser4j-core/target/classes:DEPS research/recording-check/BusyProbe.java train 1,2,3,4,5,6,7,8 8 14,15,16,17,18,19,20
//   (role of the noise pools, scored actors, clips per actor, babble voices)
import java.nio.file.*;
import java.util.*;
import org.ser4j.audio.*;
import org.ser4j.augment.condition.*;
import org.ser4j.vad.*;

public class BusyProbe {
    static final int RATE = 16000;

    static float[] decode(Path f) throws Exception {
        AudioClip c = AudioDecoder.decode(f);
        return Resampler.resample(c.downmix(), c.sampleRate(), RATE);
    }

    /** The clip's speech frames joined: someone talking without a pause. */
    static float[] withoutPauses(float[] x) {
        boolean[] sp = VoiceActivityDetector.standard().detect(x, RATE).speech();
        float[] out = new float[x.length];
        int n = 0;
        for (int k = 0; k < sp.length && (k + 1) * 160 <= x.length; k++) {
            if (sp[k]) { System.arraycopy(x, k * 160, out, n, 160); n += 160; }
        }
        return Arrays.copyOf(out, n);
    }

    public static void main(String[] a) throws Exception {
        Path rav = Path.of("../shared/data/ravdess");
        ConditionPools.Role role = ConditionPools.Role.parse(a[0]);
        int[] actors = Arrays.stream(a[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int per = Integer.parseInt(a[2]);
        int[] voices = Arrays.stream(a[3].split(",")).mapToInt(Integer::parseInt).toArray();
        ConditionSources src = ConditionPools.load(Path.of("../shared/data/noise"), Path.of("../shared/data/rir"), role);
        List<String> kinds = new ArrayList<>();
        List<float[]> sig = new ArrayList<>();
        for (int v : voices) {
            List<Path> files;
            try (var s = Files.list(rav.resolve(String.format("Actor_%02d", v)))) { files = s.sorted().toList(); }
            for (int i = 0; i < 12; i++) { kinds.add("actor-" + v); sig.add(decode(files.get(i * 5))); }
        }
        SoundPool babble = SoundPool.ofSignals(kinds, sig, RATE);
        Map<String, RecordingCondition> conds = new LinkedHashMap<>();
        conds.put("clean", null);
        conds.put("clean without pauses", null);
        List<String> sources = new ArrayList<>(List.of("babble"));
        for (GeneratedNoise.Kind k : ConditionPools.generatedKinds(role)) sources.add(k.name().toLowerCase(Locale.ROOT));
        for (String kind : src.noise().kinds()) sources.add("files:" + kind);
        for (String s : sources) for (int snr : new int[] {-5, 0, 5, 10, 20, 30}) {
            RecordingCondition c = s.startsWith("files:")
                    ? new NoiseCondition("files", Set.of(s.substring(6)), Range.of(snr), src.noise().ofKinds(Set.of(s.substring(6))))
                    : new NoiseCondition(s, Set.of(), Range.of(snr), s.equals("babble") ? babble : SoundPool.empty());
            conds.put(s + " @ " + snr + " dB", c);
        }
        Map<String, List<RecordingCheck>> out = new LinkedHashMap<>();
        for (int actor : actors) {
            List<Path> files;
            try (var s = Files.list(rav.resolve(String.format("Actor_%02d", actor)))) { files = s.sorted().toList(); }
            for (int i = 0; i < per; i++) {
                float[] x = decode(files.get((i * 7919) % files.size()));
                int j = 0;
                for (var e : conds.entrySet()) {
                    float[] y = e.getKey().equals("clean") ? x
                            : e.getValue() == null ? withoutPauses(x)
                            : e.getValue().apply(x, RATE, new Random(1000L * actor + 31L * i + j));
                    j++;
                    out.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(RecordingCheck.of(y, RATE, VoiceActivityDetector.standard().detect(y, RATE), 0));
                }
            }
        }
        System.out.printf("%-30s %6s %6s %12s %14s %8s%n", "condition", "clips", "busy", "speech share", "over floor dB", "SNR read");
        for (var e : out.entrySet()) {
            List<RecordingCheck> v = e.getValue();
            System.out.printf("%-30s %6d %6.2f %12.2f %14.1f %8d%n", e.getKey(), v.size(),
                    v.stream().filter(RecordingCheck::busyBackground).count() / (double) v.size(),
                    median(v.stream().mapToDouble(RecordingCheck::speechShare).toArray()),
                    median(v.stream().mapToDouble(RecordingCheck::speechOverFloorDb).toArray()),
                    v.stream().filter(RecordingCheck::hasSnr).count());
        }
    }

    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
