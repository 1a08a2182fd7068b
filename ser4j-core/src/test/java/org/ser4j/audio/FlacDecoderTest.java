package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;
import org.junit.jupiter.api.Test;
import org.ser4j.testing.SharedData;

/**
 * Our FLAC decoder against jflac-codec, an independent implementation: identical integers on every
 * FLAC seed (made by the reference {@code flac} encoder: fixed, LPC, stereo decorrelation, 16 and
 * 24 bits) and on the first file of every RAVDESS actor.
 */
class FlacDecoderTest {

    @Test
    void agreesWithJflacOnTheSeedFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("AudioDecoderFuzzTestInputs/flac").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> !f.getFileName().toString().startsWith("regression-")).sorted().toList(); // valid seeds only
        }
        assertTrue(files.size() >= 5);
        for (Path f : files) {
            assertSameAsJflac(f);
        }
    }

    @Test
    void agreesWithJflacOnOneFilePerRavdessActor() throws IOException {
        Path ravdess = SharedData.ravdess();
        List<Path> firsts = new ArrayList<>();
        try (Stream<Path> actors = Files.list(ravdess)) {
            for (Path actor : actors.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> clips = Files.list(actor)) {
                    clips.filter(p -> p.toString().endsWith(".flac")).sorted().findFirst().ifPresent(firsts::add);
                }
            }
        }
        assertTrue(firsts.size() >= 20, "RAVDESS actors found: " + firsts.size());
        for (Path f : firsts) {
            assertSameAsJflac(f);
        }
    }

    private static void assertSameAsJflac(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        AudioClip ours = AudioDecoder.decode(bytes, file.toString());
        FLACDecoder jflac = new FLACDecoder(new ByteArrayInputStream(bytes));
        StreamInfo info = jflac.readStreamInfo();
        jflac.readMetadata(info);
        double full = Math.scalb(1.0, info.getBitsPerSample() - 1);
        assertEquals(info.getSampleRate(), ours.sampleRate(), file.toString());
        assertEquals(info.getChannels(), ours.channelCount(), file.toString());
        int at = 0;
        for (Frame frame = jflac.readNextFrame(); frame != null; frame = jflac.readNextFrame()) {
            for (int c = 0; c < info.getChannels(); c++) {
                int[] expected = jflac.getChannelData()[c].getOutput();
                float[] actual = ours.channels()[c];
                for (int i = 0; i < frame.header.blockSize; i++) {
                    if (actual[at + i] * full != expected[i]) {
                        throw new AssertionError(file + ": channel " + c + " sample " + (at + i) + " is "
                                + actual[at + i] * full + ", jflac " + expected[i]);
                    }
                }
            }
            at += frame.header.blockSize;
        }
        assertEquals(0, jflac.getBadFrames(), file + ": jflac saw bad frames");
        assertEquals(at, ours.frames(), file.toString());
    }
}
