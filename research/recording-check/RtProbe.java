// Issue 15: how well RecordingCheck.reverberationSeconds estimates a room's RT60: RAVDESS clips (actors 1-6,
// 3 each) dry, under pink noise, in simulated rooms and convolved with each room of a pool part, against
// the room's Schroeder T20. Usage: java -cp ser4j-core/target/classes:DEPS RtProbe.java train|validation|test
import java.nio.file.*;
import java.util.*;
import org.ser4j.audio.*;
import org.ser4j.augment.condition.*;
import org.ser4j.vad.*;

public class RtProbe {
        static final int RATE = 16000;
    /** the product's estimate (RecordingCheck); pct and minDrop are fixed there */
    static double estimate(float[] x, double pct, double minDrop) {
        return RecordingCheck.reverberationSeconds(x, RATE);
    }
    /** Schroeder T20 of an impulse response */
    static double t20(float[] h) {
        int peak = 0; for (int i = 0; i < h.length; i++) if (Math.abs(h[i]) > Math.abs(h[peak])) peak = i;
        double[] e = new double[h.length - peak]; double acc = 0;
        for (int i = h.length - 1; i >= peak; i--) { acc += (double) h[i] * h[i]; e[i - peak] = acc; }
        double sx = 0, sy = 0, sxx = 0, sxy = 0; int m = 0;
        for (int i = 0; i < e.length; i++) { double d = 10 * Math.log10(e[i] / e[0]); if (d <= -5 && d >= -25) { double t = i / (double) RATE; sx += t; sy += d; sxx += t * t; sxy += t * d; m++; } }
        double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        return -60 / slope;
    }
    public static void main(String[] a) throws Exception {
        double pct = 0, minDrop = 0;
        ConditionSources src = ConditionPools.load(Path.of("../shared/data/noise"), Path.of("../shared/data/rir"), ConditionPools.Role.parse(a[0]));
        List<float[]> clips = new ArrayList<>();
        for (int actor : new int[]{1, 2, 3, 4, 5, 6}) {
            Path dir = Path.of(String.format("../shared/data/ravdess/Actor_%02d", actor));
            List<Path> files; try (var s = Files.list(dir)) { files = s.sorted().toList(); }
            for (int i = 0; i < 3; i++) { AudioClip c = AudioDecoder.decode(files.get((i * 7919) % files.size())); clips.add(Resampler.resample(c.downmix(), c.sampleRate(), RATE)); }
        }
        List<Double> dry = new ArrayList<>();
        for (float[] x : clips) dry.add(estimate(x, pct, minDrop));
        System.out.println("dry: " + summary(dry));
        for (double snr : new double[]{5, 10, 20, 30}) {
            List<Double> e = new ArrayList<>(); int q = 0;
            for (float[] x : clips) e.add(estimate(new NoiseCondition("pink", Set.of(), Range.of(snr), SoundPool.empty()).apply(x, RATE, new Random(q++)), pct, minDrop));
            System.out.println("dry + pink " + snr + " dB: " + summary(e));
            e = new ArrayList<>(); q = 0;
            for (float[] x : clips) { float[] y = new ReverbCondition("room", Set.of(), Range.of(1.0), new Range(-5, 10), SoundPool.empty()).apply(x, RATE, new Random(q)); e.add(estimate(new NoiseCondition("pink", Set.of(), Range.of(snr), SoundPool.empty()).apply(y, RATE, new Random(q++)), pct, minDrop)); }
            System.out.println("rt 1.0 + pink " + snr + " dB: " + summary(e));
        }
        for (double rt : new double[]{0.3, 0.6, 1.0, 1.5}) {
            List<Double> e = new ArrayList<>();
            int s = 0;
            for (float[] x : clips) e.add(estimate(new ReverbCondition("room", Set.of(), Range.of(rt), new Range(-5, 10), SoundPool.empty()).apply(x, RATE, new Random(s++)), pct, minDrop));
            System.out.println("sim rt " + rt + ": " + summary(e));
        }
        for (int r = 0; r < src.rooms().size(); r++) {
            float[] h = src.rooms().signal(r, RATE);
            List<Double> e = new ArrayList<>();
            for (float[] x : clips) e.add(estimate(ReverbCondition.reverberate(x, h, RATE), pct, minDrop));
            System.out.printf("room %-28s T20 %.2f est %s%n", src.rooms().entries().get(r).name(), t20(h), summary(e));
        }
    }
    static String summary(List<Double> v) {
        double[] s = v.stream().filter(d -> !d.isNaN()).mapToDouble(d -> d).sorted().toArray();
        if (s.length == 0) return "none";
        return String.format("median %.2f [%.2f..%.2f] n %d nan %d", s[s.length / 2], s[0], s[s.length - 1], s.length, v.size() - s.length);
    }
}
