package org.ser4j.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.Prediction;

/**
 * Warm end-to-end latency of one prediction on a 3.5 s 48 kHz WAV held in memory, on one thread:
 * decode, window (0.5 s + 3 s), 128 x 563 mel dB, scaler, forward pass, softmax. Goal (issue 4):
 * 15 ms or less on 2 cores with the default model. The model: see {@link BenchModel}.
 *
 * <p>Run: {@code java -Dser4j.home=. -jar ser4j-bench/target/ser4j-bench.jar PredictBenchmark -f 1 -wi 3 -i 5 -t 1}
 * (with the launcher's environment: DJL_OFFLINE=true and jemalloc preloaded). The fork gets the JDK's
 * vector module as {@code ./ser4j serve} does (the resampler's vector loop); a {@code -jvmArgsAppend}
 * given on the command line replaces this list, so repeat {@code --add-modules jdk.incubator.vector} there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector"})
public class PredictBenchmark {

    /** Sample rate of the 3.5 s WAV clip: 48 kHz as RAVDESS, 44.1 kHz as most MP3s, 16 kHz as telephony. */
    @Param({"48000", "44100", "16000"})
    public int rate;

    private EmotionRecognizer recognizer;
    private byte[] wav;

    @Setup
    public void setUp() throws IOException {
        recognizer = EmotionRecognizer.load(BenchModel.resolve());
        wav = BenchModel.clipWav(1, rate);
    }

    @TearDown
    public void tearDown() {
        recognizer.close();
    }

    /** Decode + features + forward for one clip. */
    @Benchmark
    public Prediction predictClip() throws IOException {
        return recognizer.predict(AudioDecoder.decode(wav, "bench.wav"));
    }
}
