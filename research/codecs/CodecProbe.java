// Issue 15: how the model does on what phones and messengers make of a recording: each RAVDESS clip of
// the given actors encoded by ffmpeg (Opus as in voice notes, AAC as in voice memos) and decoded back
// through AudioDecoder (which hands these formats to ffmpeg), scored through the real predict path
// against the same clips as they are. Usage (from the repository root, ser4j-model's class path in DEPS):
//   java -Dai.djl.offline=true -cp ser4j-model/target/classes:ser4j-core/target/classes:DEPS \
//       research/codecs/CodecProbe.java MODEL ACTORS
import java.nio.file.*;
import java.util.*;
import org.ser4j.audio.*;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.predict.*;

public class CodecProbe {
    public static void main(String[] a) throws Exception {
        Map<String, List<String>> codecs = new LinkedHashMap<>();
        codecs.put("as recorded (FLAC)", null);
        codecs.put("Opus 12 kbit/s (.opus)", List.of("-c:a", "libopus", "-b:a", "12k", "x.opus"));
        codecs.put("Opus 24 kbit/s (.opus)", List.of("-c:a", "libopus", "-b:a", "24k", "x.opus"));
        codecs.put("AAC 32 kbit/s (.m4a)", List.of("-c:a", "aac", "-b:a", "32k", "x.m4a"));
        codecs.put("AAC 64 kbit/s (.m4a)", List.of("-c:a", "aac", "-b:a", "64k", "x.m4a"));
        codecs.put("AAC 16 kbit/s at 8 kHz (.m4a)", List.of("-ar", "8000", "-c:a", "aac", "-b:a", "16k", "x.m4a"));
        List<Path> files = new ArrayList<>();
        for (String actor : a[1].split(",")) {
            try (var s = Files.list(Path.of(String.format("../shared/data/ravdess/Actor_%02d", Integer.parseInt(actor))))) {
                files.addAll(s.sorted().toList());
            }
        }
        Path tmp = Files.createTempDirectory("codec-probe");
        Map<String, String[]> verdicts = new LinkedHashMap<>();
        try (EmotionRecognizer r = EmotionRecognizer.load(Path.of(a[0]))) {
            System.out.printf("%-32s %5s %9s %14s%n", "recording", "clips", "accuracy", "same verdict");
            for (var e : codecs.entrySet()) {
                String[] v = new String[files.size()];
                int right = 0;
                for (int i = 0; i < files.size(); i++) {
                    Path f = files.get(i);
                    Path in = f;
                    if (e.getValue() != null) {
                        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", f.toString()));
                        cmd.addAll(e.getValue().subList(0, e.getValue().size() - 1));
                        in = tmp.resolve(e.getValue().get(e.getValue().size() - 1));
                        cmd.add(in.toString());
                        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                        p.getInputStream().readAllBytes();
                        if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg failed: " + cmd);
                    }
                    Prediction p = r.predict(in);
                    v[i] = p.speech() ? p.top() : "-";
                    right += RavdessCorpus.parse(f).label().equals(v[i]) ? 1 : 0;
                }
                verdicts.put(e.getKey(), v);
                String[] base = verdicts.values().iterator().next();
                int same = 0;
                for (int i = 0; i < v.length; i++) same += v[i].equals(base[i]) ? 1 : 0;
                System.out.printf("%-32s %5d %9.3f %14.3f%n", e.getKey(), v.length, (double) right / v.length, (double) same / v.length);
            }
        }
    }
}
