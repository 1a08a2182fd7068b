package org.ser4j.augment.condition;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.Resampler;

/**
 * The clip through an MP3 encoder and back: encoded as constant-bit-rate mono MP3 by jump3r (a Java
 * port of LAME 3.98) at a bit rate drawn from {@code kbps}, decoded by ser4j's own decoder path
 * ({@link AudioDecoder}), resampled to the clip's rate when the encoder chose a lower one, and shifted
 * back by the codec's delay (found by cross-correlation, at most {@value #MAX_DELAY_SECONDS} s).
 *
 * @param kbps bit-rate range, kbit/s, 8 to 320; a draw is rounded to the nearest multiple of 8
 */
public record Mp3Condition(Range kbps) implements RecordingCondition {

    /** Largest encoder-plus-decoder delay searched for, seconds (LAME's is about 1,100 samples). */
    public static final double MAX_DELAY_SECONDS = 0.2;
    /** Rates the MP3 encoder takes; a clip at another rate is resampled to the next one up first. */
    private static final int[] MP3_RATES = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

    public Mp3Condition {
        if (!kbps.within(8, 320)) {
            throw new IllegalArgumentException("mp3 bit rate must lie in 8..320 kbit/s, got " + kbps);
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        int rate = (int) (Math.round(kbps.draw(rng) / 8) * 8);
        int codecRate = codecRate(sampleRate);
        float[] in = codecRate == sampleRate ? signal : Resampler.resample(signal, sampleRate, codecRate);
        byte[] mp3 = encode(in, codecRate, Math.max(8, rate));
        AudioClip decoded;
        try {
            decoded = AudioDecoder.decode(mp3, "mp3 condition (" + rate + " kbit/s)");
        } catch (AudioDecodeException e) {
            throw new IllegalStateException("the MP3 condition's own encoding did not decode: " + e.getMessage(), e);
        }
        float[] back = decoded.mono();
        if (decoded.sampleRate() != sampleRate) {
            back = Resampler.resample(back, decoded.sampleRate(), sampleRate);
        }
        int delay = delay(signal, back, (int) (MAX_DELAY_SECONDS * sampleRate));
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length && i + delay < back.length; i++) {
            out[i] = back[i + delay];
        }
        return out;
    }

    private static int codecRate(int sampleRate) {
        for (int r : MP3_RATES) {
            if (r >= sampleRate) {
                return r;
            }
        }
        return MP3_RATES[MP3_RATES.length - 1];
    }

    /** Mono 16-bit PCM of {@code x} (clipped to full scale) as constant-bit-rate MP3. */
    static byte[] encode(float[] x, int sampleRate, int kbps) {
        AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, sampleRate, 16, 1, 2, sampleRate, false);
        LameEncoder encoder = new LameEncoder(format, kbps, LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_MIDDLE, false);
        try {
            byte[] pcm = new byte[2 * x.length];
            for (int i = 0; i < x.length; i++) {
                int v = (int) Math.round(Math.max(-1, Math.min(1, x[i])) * 32767);
                pcm[2 * i] = (byte) v;
                pcm[2 * i + 1] = (byte) (v >> 8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[encoder.getMP3BufferSize()];
            int chunk = encoder.getPCMBufferSize();
            for (int at = 0; at < pcm.length; at += chunk) {
                int n = encoder.encodeBuffer(pcm, at, Math.min(chunk, pcm.length - at), buffer);
                out.write(buffer, 0, n);
            }
            int n = encoder.encodeFinish(buffer);
            out.write(buffer, 0, n);
            return out.toByteArray();
        } finally {
            encoder.close();
        }
    }

    /** The lag in {@code [0, maxLag]} at which {@code delayed} best matches {@code original} (cross-correlation peak). */
    static int delay(float[] original, float[] delayed, int maxLag) {
        int n = Math.min(original.length, delayed.length);
        if (n == 0) {
            return 0;
        }
        float[] reversed = new float[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = original[n - 1 - i];
        }
        double[] corr = FftConvolution.convolve(Arrays.copyOf(delayed, n), reversed); // corr[n - 1 + lag]
        int best = 0;
        for (int lag = 1; lag <= Math.min(maxLag, n - 1); lag++) {
            if (corr[n - 1 + lag] > corr[n - 1 + best]) {
                best = lag;
            }
        }
        return best;
    }

    @Override
    public String spec() {
        return "mp3:kbps=" + kbps;
    }
}
