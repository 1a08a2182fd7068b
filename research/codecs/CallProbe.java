// Issue 17: a call recorded with one speaker per channel. Clip i of actor A on the left, clip i of actor B
// on the right (their emotions differ mostly), scored as one mixed recording and channel by channel
// (EmotionRecognizer.predictChannels, what `predict --channels each` does). Usage as CodecProbe:
//   java -Dai.djl.offline=true -cp ser4j-model/target/classes:ser4j-core/target/classes:DEPS \
//       research/codecs/CallProbe.java MODEL ACTOR_A ACTOR_B
import java.nio.file.*;
import java.util.*;
import org.ser4j.audio.*;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.predict.*;

public class CallProbe {
    static List<Path> clips(String actor) throws Exception {
        try (var s = Files.list(Path.of(String.format("../shared/data/ravdess/Actor_%02d", Integer.parseInt(actor))))) {
            return s.sorted().toList();
        }
    }

    public static void main(String[] a) throws Exception {
        List<Path> left = clips(a[1]);
        List<Path> right = clips(a[2]);
        Path tmp = Files.createTempDirectory("call-probe");
        int n = Math.min(left.size(), right.size());
        int eachRight = 0, mixLeft = 0, mixRight = 0, mixEither = 0, same = 0;
        try (EmotionRecognizer r = EmotionRecognizer.load(Path.of(a[0]))) {
            for (int i = 0; i < n; i++) {
                AudioClip l = AudioDecoder.decode(left.get(i));
                AudioClip q = AudioDecoder.decode(right.get((i + 7) % n)); // shifted: mostly another emotion
                int rate = l.sampleRate();
                float[] x = l.channels()[0];
                float[] y = Resampler.resample(q.channels()[0], q.sampleRate(), rate);
                int len = Math.max(x.length, y.length);
                Path call = tmp.resolve("call.wav");
                Files.write(call, WavEncoder.encode(new AudioClip(new float[][] {Arrays.copyOf(x, len), Arrays.copyOf(y, len)}, rate),
                        WavFormat.PCM_16));
                String la = RavdessCorpus.parse(left.get(i)).label();
                String lb = RavdessCorpus.parse(right.get((i + 7) % n)).label();
                same += la.equals(lb) ? 1 : 0;
                List<Prediction> each = r.predictChannels(call, PredictionSettings.DEFAULT, DecodeLimits.NONE);
                eachRight += (la.equals(each.get(0).top()) ? 1 : 0) + (lb.equals(each.get(1).top()) ? 1 : 0);
                String mixed = r.predict(call).top();
                mixLeft += la.equals(mixed) ? 1 : 0;
                mixRight += lb.equals(mixed) ? 1 : 0;
                mixEither += la.equals(mixed) || lb.equals(mixed) ? 1 : 0;
            }
        }
        System.out.printf("calls %d (both speakers in the same emotion: %d)%n", n, same);
        System.out.printf("each channel: %d of %d speakers right (%.3f)%n", eachRight, 2 * n, eachRight / (2.0 * n));
        System.out.printf("mixed: one verdict per call; it is the left speaker's emotion %.3f, the right's %.3f, either's %.3f;"
                + " as a verdict for both speakers %d of %d right (%.3f)%n", mixLeft / (double) n, mixRight / (double) n,
                mixEither / (double) n, mixLeft + mixRight, 2 * n, (mixLeft + mixRight) / (2.0 * n));
    }
}
