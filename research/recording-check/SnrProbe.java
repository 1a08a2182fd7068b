// Issue 15: how well RecordingCheck estimates the SNR of RAVDESS clips mixed with the pools' noises
// (docs/robustness.md, "The recording check"); usage in that section.
import java.nio.file.*;
import java.util.*;
import org.ser4j.audio.*;
import org.ser4j.augment.condition.*;
import org.ser4j.vad.*;

public class SnrProbe {
    public static void main(String[] a) throws Exception {
        Path rav = Path.of("../shared/data/ravdess");
        String role = a[0];
        int[] actors = Arrays.stream(a[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int per = Integer.parseInt(a[2]);
        ConditionSources src = ConditionPools.load(Path.of("../shared/data/noise"), Path.of("../shared/data/rir"), ConditionPools.Role.parse(role));
        List<RecordingCondition> conds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        double[] snrs = {0, 5, 10, 20, 30};
        List<String> sources = new ArrayList<>();
        for (GeneratedNoise.Kind k : ConditionPools.generatedKinds(ConditionPools.Role.parse(role))) sources.add(k.name().toLowerCase());
        for (String kind : src.noise().kinds()) sources.add("files:" + kind);
        for (String s : sources) for (double snr : snrs) {
            if (s.startsWith("files:")) conds.add(new NoiseCondition("files", Set.of(s.substring(6)), Range.of(snr), src.noise().ofKinds(Set.of(s.substring(6)))));
            else conds.add(new NoiseCondition(s, Set.of(), Range.of(snr), SoundPool.empty()));
            names.add(s + "@" + (int) snr);
        }
        for (String room : src.rooms().kinds()) { conds.add(new ReverbCondition("files", Set.of(room), ReverbCondition.DEFAULT_RT60, ReverbCondition.DEFAULT_DRR, src.rooms().ofKinds(Set.of(room)))); names.add("room:" + room + "@0"); }
        conds.add(new TelephoneCondition()); names.add("telephone@0");
        Map<String, List<Double>> est = new TreeMap<>();
        List<Double> cleanBias = new ArrayList<>();
        List<Double> cleanSnr = new ArrayList<>();
        for (int actor : actors) {
            Path dir = rav.resolve(String.format("Actor_%02d", actor));
            List<Path> files;
            try (var s = Files.list(dir)) { files = s.sorted().toList(); }
            for (int i = 0; i < per; i++) {
                Path f = files.get((i * 7919) % files.size());
                AudioClip c = AudioDecoder.decode(f);
                float[] x = Resampler.resample(c.downmix(), c.sampleRate(), 16000);
                SpeechActivity act = VoiceActivityDetector.standard().detect(x, 16000);
                RecordingCheck rc = RecordingCheck.of(x, 16000, act, 0);
                cleanSnr.add(rc.snrDb());
                // voiced level vs active level
                double active = 10 * Math.log10(SpeechLevel.activePower(x, 16000));
                cleanBias.add(rc.speechLevelDbfs() - active);
                for (int j = 0; j < conds.size(); j++) {
                    float[] y = conds.get(j).apply(x, 16000, new Random(1000L * actor + 31L * i + j));
                    RecordingCheck r = RecordingCheck.of(y, 16000, VoiceActivityDetector.standard().detect(y, 16000), 0);
                    String n = names.get(j);
                    double t = Double.parseDouble(n.substring(n.indexOf('@') + 1));
                    est.computeIfAbsent(n, k -> new ArrayList<>()).add(r.snrDb() - t);
                }
            }
        }
        System.out.printf("clean: voiced-active dB mean %.2f sd %.2f; clean snr min %.1f median %.1f%n", mean(cleanBias), sd(cleanBias),
                cleanSnr.stream().mapToDouble(d -> d).min().orElse(0), median(cleanSnr));
        for (var e : est.entrySet()) {
            List<Double> v = e.getValue();
            long nan = v.stream().filter(d -> d.isNaN()).count();
            List<Double> ok = v.stream().filter(d -> !d.isNaN()).toList();
            System.out.printf("%-28s err mean %+6.2f sd %5.2f min %+6.2f max %+6.2f nan %d%n", e.getKey(), mean(ok), sd(ok),
                    ok.stream().mapToDouble(d -> d).min().orElse(0), ok.stream().mapToDouble(d -> d).max().orElse(0), nan);
        }
    }
    static double mean(List<Double> v) { return v.stream().mapToDouble(d -> d).average().orElse(Double.NaN); }
    static double sd(List<Double> v) { double m = mean(v); return Math.sqrt(v.stream().mapToDouble(d -> (d - m) * (d - m)).sum() / Math.max(1, v.size() - 1)); }
    static double median(List<Double> v) { double[] s = v.stream().mapToDouble(d -> d).sorted().toArray(); return s.length == 0 ? Double.NaN : s[s.length / 2]; }
}
