package org.ser4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.VectorKernels;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.data.Json;
import org.ser4j.features.FeaturePreset;

/**
 * ser4j's features against the NumPy/SciPy reference ({@code ../shared/bench/numpy_reference.py}),
 * side by side in one run (issue 17): the same WAV files (N RAVDESS clips, decoded once from FLAC
 * into a temporary folder, since the reference reads WAV only), single-threaded, decode included,
 * one warm-up pass each before the timed pass; the two take turns over R rounds (the reference first
 * in odd rounds), so that a machine that grows busier slows both alike. Prints ms per clip for each
 * preset, both sides, and their ratio per round, then the medians.
 *
 * <p>Run (taskset holds both sides to one core: ser4j's resampler otherwise splits a long signal over
 * the cores; without {@code --add-modules jdk.incubator.vector} it runs its scalar loop): {@code
 * taskset -c 0 java --add-modules jdk.incubator.vector -cp ser4j-bench/target/ser4j-bench.jar
 * org.ser4j.bench.FeatureSideBySide --data ../shared/data/ravdess [--clips 60] [--rounds 3]
 * [--reference ../shared/bench/numpy_reference.py] [--python python3]}
 */
public final class FeatureSideBySide {

    private static final List<String> PRESETS = List.of("sec-pytorch", "speech-16k");

    private FeatureSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of("../shared/data/ravdess");
        Path reference = Path.of("../shared/bench/numpy_reference.py");
        String python = "python3";
        int clips = 60;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--reference" -> reference = Path.of(args[++i]);
                case "--python" -> python = args[++i];
                case "--clips" -> clips = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --data DIR, --clips N, --rounds R, --reference FILE, --python CMD)");
            }
        }
        List<Path> wavs = wavCopies(data, clips);
        // the steady state is timed on both sides: NumPy gets a warm-up pass, ser4j its JIT's vector loop
        VectorKernels.awaitReady(60_000);
        System.out.println("ser4j's resampler: " + VectorKernels.describe());
        System.out.printf(Locale.ROOT, "%d clips of %s as 16-bit WAV, %d rounds, one thread each, decode included%n",
                wavs.size(), data, rounds);
        Map<String, List<double[]>> results = new LinkedHashMap<>(); // preset -> [numpy ms, ser4j ms] per round
        for (int r = 1; r <= rounds; r++) {
            Map<String, Double> numpy;
            Map<String, Double> ours;
            if (r % 2 == 1) {
                numpy = reference(python, reference, wavs);
                ours = ser4j(wavs);
            } else {
                ours = ser4j(wavs);
                numpy = reference(python, reference, wavs);
            }
            for (String p : PRESETS) {
                double n = numpy.get(p);
                double j = ours.get(p);
                results.computeIfAbsent(p, k -> new ArrayList<>()).add(new double[] {n, j});
                System.out.printf(Locale.ROOT, "round %d  %-11s  NumPy %6.2f ms/clip  ser4j %6.2f ms/clip  ser4j is %.2fx %s%n",
                        r, p, n, j, n >= j ? n / j : j / n, n >= j ? "faster" : "slower");
            }
        }
        for (String p : PRESETS) {
            double n = median(results.get(p).stream().mapToDouble(x -> x[0]).toArray());
            double j = median(results.get(p).stream().mapToDouble(x -> x[1]).toArray());
            System.out.printf(Locale.ROOT, "median    %-11s  NumPy %6.2f ms/clip  ser4j %6.2f ms/clip  ratio NumPy/ser4j %.2f%n",
                    p, n, j, n / j);
        }
        for (Path w : wavs) {
            Files.deleteIfExists(w);
        }
    }

    /** Every k-th clip of the corpus (sorted), decoded and written as 16-bit WAV to a temporary folder. */
    private static List<Path> wavCopies(Path data, int n) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(data)) {
            all = s.filter(p -> p.toString().endsWith(".flac") || p.toString().endsWith(".wav")).sorted().toList();
        }
        if (all.isEmpty()) {
            throw new IOException(data + ": no .flac or .wav files");
        }
        Path dir = Files.createTempDirectory("ser4j-side-by-side");
        dir.toFile().deleteOnExit();
        List<Path> out = new ArrayList<>();
        int step = Math.max(1, all.size() / n);
        for (int i = 0; i < all.size() && out.size() < n; i += step) {
            AudioClip clip = AudioDecoder.decode(all.get(i));
            Path w = dir.resolve(String.format(Locale.ROOT, "%04d.wav", out.size()));
            Files.write(w, WavEncoder.encode(clip, WavFormat.PCM_16));
            w.toFile().deleteOnExit();
            out.add(w);
        }
        return out;
    }

    /** The reference's total ms per clip per preset (its own warm-up pass, then the timed one). */
    private static Map<String, Double> reference(String python, Path script, List<Path> wavs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        wavs.forEach(w -> cmd.add(w.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        // tuning left in some environments slows OpenBLAS (issue 17: 10-15 ms without, more with); use its defaults
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        Process p = pb.start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode j = Json.MAPPER.readTree(line);
                // the reference names the presets as ser4j did before issue 19 ("seed"); currentName maps them
                out.put(FeaturePreset.currentName(j.get("preset").asText()), j.get("total_ms").asDouble());
            }
        }
        if (p.waitFor() != 0 || !out.keySet().containsAll(PRESETS)) {
            throw new IOException(String.join(" ", cmd.subList(0, 2)) + " failed (exit " + p.exitValue() + "; is"
                    + " python3-scipy installed?)");
        }
        return out;
    }

    /** ser4j's ms per clip per preset: decode the WAV, extract; one warm-up pass, then the timed one. */
    private static Map<String, Double> ser4j(List<Path> wavs) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : PRESETS) {
            FeaturePreset preset = FeaturePreset.byName(name);
            double sink = 0;
            for (int pass = 0; pass < 2; pass++) {
                long t0 = System.nanoTime();
                for (Path w : wavs) {
                    float[][] m = preset.extract(AudioDecoder.decode(w));
                    sink += m[0][0];
                }
                if (pass == 1) {
                    out.put(name, (System.nanoTime() - t0) / 1e6 / wavs.size());
                }
            }
            if (Double.isNaN(sink)) {
                System.out.println("(NaN in the features)");
            }
        }
        return out;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
