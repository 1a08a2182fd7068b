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
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.Resampler;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.features.FeaturePreset;

/**
 * Features of preset sec-pytorch (or speech-16k) of one 3.5 s 48 kHz 16-bit mono WAV held in memory
 * (what RAVDESS clips are), on one thread: {@link #decodeAndExtract} is the whole path (decode, window 0.5 s + 3 s, 128 x 563 mel dB);
 * the other benchmarks split it. Goal: under 3 ms (librosa 0.8.1: 30-60 ms).
 *
 * <p>Run: {@code java -jar ser4j-bench/target/ser4j-bench.jar FeatureBenchmark -f 1 -wi 3 -i 5 -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FeatureBenchmark {

    private static final int SAMPLE_RATE = 48000;
    private static final double CLIP_SECONDS = 3.5;

    /** {@code sec-pytorch} (48 kHz, no resampling of the 48 kHz clip) or {@code speech-16k} (resampled to 16 kHz). */
    @Param({"sec-pytorch", "speech-16k"})
    public String presetName;

    private byte[] wav;
    private float[] signal;
    private float[] mono;
    private FeaturePreset preset;

    @Setup
    public void setUp() throws AudioDecodeException {
        preset = FeaturePreset.byName(presetName);
        Random rng = new Random(42);
        float[] x = new float[(int) (CLIP_SECONDS * SAMPLE_RATE)];
        for (int i = 0; i < x.length; i++) {
            // voiced-like: a harmonic tone with a slow envelope plus noise, quantised to 16 bits
            double t = (double) i / SAMPLE_RATE;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            double v = env * (0.3 * Math.sin(2 * Math.PI * 180 * t) + 0.1 * Math.sin(2 * Math.PI * 360 * t))
                    + 0.02 * rng.nextGaussian();
            x[i] = (float) (Math.round(Math.max(-1, Math.min(1, v)) * 32767) / 32768.0);
        }
        wav = WavEncoder.encode(AudioClip.mono(x, SAMPLE_RATE), WavFormat.PCM_16);
        signal = preset.signal(AudioDecoder.decode(wav, "bench.wav"));
        mono = x;
    }

    /** Resampling the 48 kHz clip to the preset's rate only (nothing to do for {@code sec-pytorch}). */
    @Benchmark
    public float[] resampleOnly() {
        return Resampler.resample(mono, SAMPLE_RATE, preset.sampleRate());
    }

    /** Decode + window + mel dB: the whole path for one clip. */
    @Benchmark
    public float[][] decodeAndExtract() throws AudioDecodeException {
        return preset.extract(AudioDecoder.decode(wav, "bench.wav"));
    }

    /** Decoding the in-memory WAV only. */
    @Benchmark
    public AudioClip decodeOnly() throws AudioDecodeException {
        return AudioDecoder.decode(wav, "bench.wav");
    }

    /** Mel power spectrogram (STFT + filter bank) of the windowed signal only, in double. */
    @Benchmark
    public double[][] melPowerOnly() {
        return preset.melPower(signal);
    }
}
