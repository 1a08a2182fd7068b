// Issue 15: are the recording check's warnings right? The shipped model (or any bundle) predicts
// RAVDESS clips of the given actors under validation-pool conditions through the real predict path
// (EmotionRecognizer: voice activity detector, windows, recording check), and the accuracy of the
// clips the check warned about is set beside that of the others.
// Usage (from the repository root, ser4j-model's class path in DEPS):
//   java -cp ser4j-model/target/classes:ser4j-core/target/classes:DEPS research/recording-check/WarningProbe.java \
//       models/default 10,13 [VOICES [only]]
// With VOICES (actors, e.g. 14,15,16,17,18,19,20: training speakers of the model), babble of 12 clips of each
// at -5 to 20 dB is added; "only" keeps clean and babble alone.
import java.nio.file.*;
import java.util.*;
import org.ser4j.audio.*;
import org.ser4j.augment.condition.*;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.predict.*;

public class WarningProbe {
    /** Louder by {@code db} and clipped at full scale (GainCondition stops at +20 dB). */
    static RecordingCondition hot(double db) {
        return new RecordingCondition() {
            public float[] apply(float[] x, int rate, Random rng) {
                float k = (float) Math.pow(10, db / 20);
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) y[i] = Math.max(-1f, Math.min(1f, x[i] * k));
                return y;
            }
            public String spec() { return "hot" + db; }
        };
    }

    public static void main(String[] a) throws Exception {
        int rate = 16000;
        ConditionSources val = ConditionPools.load(Path.of("../shared/data/noise"), Path.of("../shared/data/rir"), ConditionPools.Role.VALIDATION);
        Map<String, RecordingCondition> conds = new LinkedHashMap<>();
        conds.put("clean", null);
        for (String kind : List.of("pink", "buccaneer1", "children_playing")) {
            for (int snr : new int[] {-5, 0, 5, 10, 20}) {
                RecordingCondition c = kind.equals("pink")
                        ? new NoiseCondition("pink", Set.of(), Range.of(snr), SoundPool.empty())
                        : new NoiseCondition("files", Set.of(kind), Range.of(snr), val.noise().ofKinds(Set.of(kind)));
                conds.put(kind + "@" + snr, c);
            }
        }
        for (String room : val.rooms().kinds()) {
            conds.put("room:" + room, new ReverbCondition("files", Set.of(room), ReverbCondition.DEFAULT_RT60, ReverbCondition.DEFAULT_DRR, val.rooms().ofKinds(Set.of(room))));
        }
        if (a.length > 2) {
            List<String> kinds = new ArrayList<>();
            List<float[]> voices = new ArrayList<>();
            for (String v : a[2].split(",")) {
                List<Path> vf;
                try (var s = Files.list(Path.of(String.format("../shared/data/ravdess/Actor_%02d", Integer.parseInt(v))))) {
                    vf = s.sorted().toList();
                }
                for (int i = 0; i < 12; i++) {
                    AudioClip c = AudioDecoder.decode(vf.get(i * 5));
                    kinds.add("actor-" + v);
                    voices.add(Resampler.resample(c.downmix(), c.sampleRate(), rate));
                }
            }
            SoundPool babble = SoundPool.ofSignals(kinds, voices, rate);
            if (a.length > 3 && a[3].equals("only")) {
                conds.keySet().retainAll(Set.of("clean")); // clean and babble alone
            }
            for (int snr : new int[] {-5, 0, 5, 10, 20}) {
                conds.put("babble@" + snr, new NoiseCondition("babble", Set.of(), Range.of(snr), babble));
            }
        }
        boolean babbleOnly = a.length > 3 && a[3].equals("only");
        if (!babbleOnly) {
            conds.put("gain-50", new GainCondition(Range.of(-50)));
            for (int g : new int[] {20, 30, 40}) {
                conds.put("gain+" + g + " clipped", hot(g));
            }
        }
        List<Path> files = new ArrayList<>();
        for (String actor : a[1].split(",")) {
            try (var s = Files.list(Path.of(String.format("../shared/data/ravdess/Actor_%02d", Integer.parseInt(actor))))) {
                files.addAll(s.sorted().toList());
            }
        }
        int[] warnedRight = new int[1], warned = new int[1], plainRight = new int[1], plain = new int[1];
        Map<String, int[]> byWarning = new TreeMap<>();
        double[] edges = {-5, 0, 2.5, 5, 7.5, 10, 15, 20, 30, 45};
        int[][] bySnr = new int[edges.length + 2][2]; // last: no estimate
        int[][] byClip = new int[4][2]; // clipped share < 0.1%, < 1%, < 5%, more
        double[] clipEdges = {0.001, 0.01, 0.05};
        try (EmotionRecognizer r = EmotionRecognizer.load(Path.of(a[0]))) {
            System.out.printf("%-26s %5s %8s %8s %8s %8s%n", "condition", "clips", "acc", "warned", "acc(w)", "acc(not)");
            int seed = 0;
            for (var e : conds.entrySet()) {
                int n = 0, right = 0, w = 0, wr = 0, pr = 0;
                for (Path f : files) {
                    String label = RavdessCorpus.parse(f).label();
                    AudioClip c = AudioDecoder.decode(f);
                    float[] x = Resampler.resample(c.downmix(), c.sampleRate(), rate);
                    float[] y = e.getValue() == null ? x : e.getValue().apply(x, rate, new Random(15L * 1000 + seed++));
                    Prediction p = r.predict(AudioClip.mono(y, rate));
                    boolean ok = p.speech() && label.equals(p.top());
                    if (p.speech() && p.recording() != null && (e.getValue() instanceof NoiseCondition || e.getValue() == null)) {
                        double snr = p.recording().snrDb();
                        int b = Double.isNaN(snr) ? edges.length + 1 : 0;
                        if (!Double.isNaN(snr)) { while (b < edges.length && snr >= edges[b]) b++; }
                        bySnr[b][0]++;
                        bySnr[b][1] += ok ? 1 : 0;
                    }
                    if (p.speech() && p.recording() != null && e.getKey().startsWith("gain+")) {
                        int b = 0;
                        while (b < clipEdges.length && p.recording().clippedShare() >= clipEdges[b]) b++;
                        byClip[b][0]++;
                        byClip[b][1] += ok ? 1 : 0;
                    }
                    n++;
                    right += ok ? 1 : 0;
                    if (!p.warnings().isEmpty()) {
                        w++;
                        wr += ok ? 1 : 0;
                        for (String warning : p.warnings()) {
                            int[] t = byWarning.computeIfAbsent(warning.substring(0, warning.indexOf(' ', warning.indexOf(' ') + 1)).replace(":", "").replace("(", ""), k -> new int[2]);
                            t[0]++;
                            t[1] += ok ? 1 : 0;
                        }
                    } else {
                        pr += ok ? 1 : 0;
                    }
                }
                warned[0] += w; warnedRight[0] += wr; plain[0] += n - w; plainRight[0] += pr;
                System.out.printf("%-26s %5d %8.3f %8d %8s %8s%n", e.getKey(), n, (double) right / n, w,
                        w == 0 ? "-" : String.format("%.3f", (double) wr / w), n == w ? "-" : String.format("%.3f", (double) pr / (n - w)));
            }
        }
        System.out.printf("all conditions: warned %d clips, accuracy %.3f; not warned %d clips, accuracy %.3f%n",
                warned[0], (double) warnedRight[0] / warned[0], plain[0], (double) plainRight[0] / plain[0]);
        byWarning.forEach((k, t) -> { if (!k.startsWith("clipped")) System.out.printf("  %-14s %5d clips, accuracy %.3f%n", k, t[0], (double) t[1] / t[0]); });
        System.out.println("classified clips of the clean and noise conditions by estimated SNR:");
        for (int b = 0; b < bySnr.length; b++) {
            String range = b == bySnr.length - 1 ? "no estimate" : (b == 0 ? "< " + edges[0] : (b == edges.length ? ">= " + edges[b - 1] : edges[b - 1] + " .. " + edges[b]));
            if (bySnr[b][0] > 0) System.out.printf("  %-14s %5d clips, accuracy %.3f%n", range, bySnr[b][0], (double) bySnr[b][1] / bySnr[b][0]);
        }
        System.out.println("classified clips of the gain+ conditions by clipped share:");
        String[] clipNames = {"< 0.1%", "0.1-1%", "1-5%", ">= 5%"};
        for (int b = 0; b < byClip.length; b++) {
            if (byClip[b][0] > 0) System.out.printf("  %-14s %5d clips, accuracy %.3f%n", clipNames[b], byClip[b][0], (double) byClip[b][1] / byClip[b][0]);
        }
    }
}
