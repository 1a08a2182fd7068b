package org.ser4j.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;

/**
 * The test folders (a few shared RAVDESS clips copied into a JUnit temporary folder, a long recording
 * made from them, and broken files written here) and the one local Spark session of the test JVM.
 */
final class TestRecordings {

    /** The shipped model, as the module's tests see it. */
    static final String MODEL = "../models/default";

    /** Shared RAVDESS clips: angry, happy, a stereo calm one, and a very quiet sad one (actor 09). */
    static final List<String> CLIPS = List.of("Actor_01/03-01-05-01-01-01-01.flac", "Actor_02/03-01-03-01-01-01-02.flac",
            "Actor_05/03-01-02-01-02-02-05.flac", "Actor_09/03-01-04-01-01-01-09.flac");
    /** Three clips one after the other: about 11 s, several windows. */
    static final String LONG = "long.wav";
    /** The first third of a FLAC file. */
    static final String TRUNCATED = "truncated.flac";
    /** Text with an audio file's name. */
    static final String NOT_AUDIO = "notes.wav";

    private static SparkSession spark;

    private TestRecordings() {}

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("ser4j-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "localhost")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return spark;
    }

    static Path ravdess() {
        Path dir = Path.of(System.getProperty("ser4j.shared.dir", "../../shared"), "data", "ravdess");
        assumeTrue(Files.isDirectory(dir), "the shared RAVDESS clips are not at " + dir.toAbsolutePath());
        return dir;
    }

    /** Writes {@code clips} (names in {@link #CLIPS}), the long recording and both broken files into {@code dir}. */
    static List<Path> write(Path dir, List<String> clips, boolean withLong, boolean withBroken) throws IOException {
        Path ravdess = ravdess();
        List<Path> files = new ArrayList<>();
        for (String c : clips) {
            Path to = dir.resolve(Path.of(c).getFileName().toString());
            Files.copy(ravdess.resolve(c), to);
            files.add(to);
        }
        if (withLong) {
            List<float[]> parts = new ArrayList<>();
            int rate = 0;
            for (String c : CLIPS.subList(0, 3)) {
                AudioClip clip = AudioDecoder.decode(ravdess.resolve(c));
                parts.add(clip.mono());
                rate = clip.sampleRate();
            }
            float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            Path to = dir.resolve(LONG);
            WavEncoder.write(AudioClip.mono(all, rate), WavFormat.PCM_16, to);
            files.add(to);
        }
        if (withBroken) {
            byte[] flac = Files.readAllBytes(ravdess.resolve(CLIPS.get(0)));
            Path truncated = dir.resolve(TRUNCATED);
            Files.write(truncated, Arrays.copyOf(flac, flac.length / 3));
            files.add(truncated);
            Path text = dir.resolve(NOT_AUDIO);
            Files.writeString(text, "call notes: customer asked about the invoice\n", StandardCharsets.UTF_8);
            files.add(text);
        }
        return files;
    }
}
