package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.MelSettings;
import org.ser4j.features.Npy;
import org.ser4j.testing.TestSignals;

class FeaturesCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static AudioClip writeWav(Path wav) throws IOException {
        AudioClip clip = TestSignals.quantisedClip(2, 48000, 48000 * 3, 16); // 3 s stereo, 16-bit exact
        WavEncoder.write(clip, WavFormat.PCM_16, wav);
        return clip;
    }

    @Test
    void writesTheSecPytorchDbImageOfAWav(@TempDir Path tmp) throws IOException {
        Path wav = tmp.resolve("a.wav");
        AudioClip clip = writeWav(wav);
        Path npy = tmp.resolve("a.npy");
        assertEquals(0, run("features", "--preset", "sec-pytorch", "--out", npy.toString(), wav.toString()), err.toString());
        Npy.Array a = Npy.read(npy);
        assertArrayEquals(new int[] {128, 563}, a.shape());
        double[][] expected = FeaturePreset.SEC_PYTORCH.melDb(FeaturePreset.SEC_PYTORCH.signal(clip));
        double[][] rows = a.rows();
        for (int m = 0; m < 128; m++) {
            assertArrayEquals(expected[m], rows[m], 0.0);
        }
        assertTrue(out.toString().contains("128 x 563"), out.toString());

        // issue 19: the preset's old name still works, and is the default's
        Path old = tmp.resolve("old.npy");
        assertEquals(0, run("features", "--preset", "seed", "--out", old.toString(), wav.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(npy), Files.readAllBytes(old));
        Path byDefault = tmp.resolve("default.npy");
        assertEquals(0, run("features", "--out", byDefault.toString(), wav.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(npy), Files.readAllBytes(byDefault));
        assertTrue(out.toString().contains("(sec-pytorch, reflect padding)"), out.toString());
    }

    @Test
    void powerAndConstantPadding(@TempDir Path tmp) throws IOException {
        Path wav = tmp.resolve("b.wav");
        AudioClip clip = writeWav(wav);
        Path npy = tmp.resolve("b.npy");
        assertEquals(0, run("features", "--pad", "constant", "--power", "-o", npy.toString(), wav.toString()), err.toString());
        FeaturePreset constant = FeaturePreset.SEC_PYTORCH.withPadMode(MelSettings.PadMode.CONSTANT);
        double[][] expected = constant.melPower(constant.signal(clip));
        double[][] rows = Npy.read(npy).rows();
        for (int m = 0; m < 128; m++) {
            assertArrayEquals(expected[m], rows[m], 0.0);
        }
        double[][] reflect = FeaturePreset.SEC_PYTORCH.melPower(FeaturePreset.SEC_PYTORCH.signal(clip));
        assertNotEquals(reflect[10][0], rows[10][0], "padding mode must matter in frame 0");
    }

    @Test
    void badInputGivesAMessageNotAStackTrace(@TempDir Path tmp) throws IOException {
        Path notAudio = tmp.resolve("x.wav");
        Files.writeString(notAudio, "hello");
        int code = run("features", "--out", tmp.resolve("x.npy").toString(), notAudio.toString());
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("x.wav"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
        err.getBuffer().setLength(0);
        assertNotEquals(0, run("features", "--preset", "nope", "--out", "y.npy", notAudio.toString()));
        assertTrue(err.toString().contains("sec-pytorch-chunked"), err.toString());
        assertEquals(0, run("features", "--help"));
        assertTrue(out.toString().contains("sec-pytorch-constant"), out.toString());
        assertTrue(out.toString().contains("default: sec-pytorch"), out.toString());
    }
}
