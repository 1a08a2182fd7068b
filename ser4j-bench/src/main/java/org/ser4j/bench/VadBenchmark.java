package org.ser4j.bench;

import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;
import org.ser4j.vad.RecordingCheck;
import org.ser4j.vad.SpeechActivity;
import org.ser4j.vad.VoiceActivityDetector;

/**
 * The voice activity detector on one 3.5 s mono clip (the length of a RAVDESS clip and of one
 * predict window), on one thread: at 16 kHz (what the predictor gives it) and at 48 kHz (resampled
 * to 16 kHz first), and the recording check after it ({@code check}). Goal: well under 1 ms per second of audio at 16 kHz, next to a warm predict of
 * about 14 ms.
 *
 * <p>Run: {@code java -jar ser4j-bench/target/ser4j-bench.jar VadBenchmark -f 1 -wi 3 -i 5 -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VadBenchmark {

    private static final double CLIP_SECONDS = 3.5;

    @Param({"16000", "48000"})
    public int sampleRate;

    private float[] clip;
    private SpeechActivity activity;

    @Setup
    public void setUp() {
        Random rng = new Random(42);
        clip = new float[(int) (CLIP_SECONDS * sampleRate)];
        for (int i = 0; i < clip.length; i++) {
            // syllable-like: a harmonic tone on 180 ms of every 300 ms, plus noise
            double t = (double) i / sampleRate;
            double inCycle = t % 0.3;
            double env = inCycle < 0.18 ? 0.5 - 0.5 * Math.cos(2 * Math.PI * inCycle / 0.18) : 0;
            double v = env * (0.3 * Math.sin(2 * Math.PI * 140 * t) + 0.1 * Math.sin(2 * Math.PI * 280 * t))
                    + 0.01 * rng.nextGaussian();
            clip[i] = (float) v;
        }
        activity = VoiceActivityDetector.standard().detect(clip, sampleRate);
    }

    @Benchmark
    public SpeechActivity detect() {
        return VoiceActivityDetector.standard().detect(clip, sampleRate);
    }

    /** The recording check that follows the detector in every prediction (level, SNR, clipping, reverberation). */
    @Benchmark
    public RecordingCheck check() {
        return RecordingCheck.of(clip, sampleRate, activity, RecordingCheck.clippedShare(clip));
    }
}
