package org.ser4j.audio;

import java.io.ByteArrayInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.Obuffer;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG-1/2/2.5 audio layers I-III through JLayer (the decoder under mp3spi), frame by frame.
 *
 * <p>JLayer produces 16-bit samples, which become {@code v / 32768}. The output is the whole decoded
 * stream, including the encoder's delay and padding (no gapless trimming), as javax.sound with mp3spi
 * gives it. The caller strips ID3v2 tags first (JLayer would allocate whatever size a tag claims).
 * A stream whose sample rate or channel count changes between frames is rejected.
 */
final class Mp3Decoder {

    /** JLayer's 16-bit output scale: int16 / 32768. */
    private static final float SHORT_SCALE = 1f / 32768f;

    /** Whether JLayer's Huffman tables were filled at class initialisation ({@link #fillHuffmanTables}). */
    static final boolean HUFFMAN_TABLES_FILLED = fillHuffmanTables();

    private Mp3Decoder() {}

    /**
     * Fills JLayer's layer III Huffman tables once, before any decoder exists. JLayer fills them lazily
     * in {@code huffcodetab.inithuff()}, which every new layer III decoder calls: it publishes the
     * table array first and fills it after, so a second decoder starting at that moment on another
     * thread skips the filling and reads a null table ("Cannot read field val because h is null";
     * seen as one corrupt-MP3 clip in about one robustness grid in ten, a different clip each time).
     * Done here, under the class initialisation lock, the tables are complete before any thread can
     * decode. The class is package-private in JLayer, hence reflection; should that fail, decoding
     * works as before.
     */
    private static boolean fillHuffmanTables() {
        try {
            java.lang.reflect.Method init = Class.forName("javazoom.jl.decoder.huffcodetab").getMethod("inithuff");
            init.setAccessible(true);
            init.invoke(null);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    static AudioClip decode(byte[] data, int start, String source, DecodeLimits limits) throws AudioDecodeException {
        return decode(data, start, source, limits, new Keep(ALL_CHANNELS));
    }

    /** {@link #decode(byte[], int, String, DecodeLimits, Keep)} keeps every channel. */
    private static final int ALL_CHANNELS = -1;
    /** It keeps the channels' mean, summing each channel's power and the mean's. */
    private static final int MEAN = -2;

    /** What a decoding keeps, and the mix it makes when it keeps the mean (once the channels are known). */
    private static final class Keep {
        final int what;
        /** Sample frames the stream holds, counted ahead ({@link #countFrames}), or 0 where not counted. */
        final long frames;
        Downmix mix;

        Keep(int what) {
            this(what, 0);
        }

        Keep(int what, long frames) {
            this.what = what;
            this.frames = frames;
        }
    }

    /**
     * Sample frames (per channel) the stream's MPEG frames hold, counted from their headers without
     * decoding them: the length the buffers of {@link #downmixed} and {@link #channel}, which serve long
     * recordings, are given at once, so that they never grow and need no trimming copy (a 33-minute
     * stream: 96 million frames; growing by doubling and trimming held up to 2.4 times the samples).
     * Counted in the input, not claimed by a header, and within the limits and the input's bound
     * ({@link SampleAccumulator#presize}); a count that misses decoding's (a damaged frame) costs only memory.
     * 0 where the headers cannot all be read.
     */
    static long countFrames(byte[] data, int start) {
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(data, start, data.length - start));
        long frames = 0;
        try {
            for (Header header = bitstream.readFrame(); header != null; header = bitstream.readFrame()) {
                frames += header.layer() == 1 ? 384 : header.layer() == 3 && header.version() != Header.MPEG1 ? 576 : 1152;
                bitstream.closeFrame();
            }
        } catch (BitstreamException | RuntimeException e) {
            return 0;
        }
        return frames;
    }

    /**
     * The stream's samples as one channel, mixed as {@link AudioClip#downmix()} mixes the decoded clip
     * (the mean, or the louder channel where the mean cancels them: the stream is then decoded again for
     * it), never holding both channels. The same samples as {@code decode(...).downmix()}, to the bit.
     */
    static AudioClip downmixed(byte[] data, int start, String source, DecodeLimits limits) throws AudioDecodeException {
        long frames = countFrames(data, start);
        Keep keep = new Keep(MEAN, frames);
        AudioClip mean = decode(data, start, source, limits, keep);
        int loudest = keep.mix.loudestIfCancelled(mean.frames());
        if (loudest < 0) {
            return mean;
        }
        mean = null; // let it go before the second decode
        return decode(data, start, source, limits, new Keep(loudest, frames));
    }

    /** Channel {@code channel} (0 or 1) alone: the same samples as {@code decode(...)}'s channel; the other is never held. */
    static AudioClip channel(byte[] data, int start, String source, DecodeLimits limits, int channel) throws AudioDecodeException {
        if (channel < 0 || channel > 1) {
            throw new IllegalArgumentException("channel " + channel + " of an MP3 stream");
        }
        return decode(data, start, source, limits, new Keep(channel, countFrames(data, start)));
    }

    /** The channel count of the stream's first frame (1 or 2), or 0 where no frame header can be read. */
    static int channels(byte[] data, int start) {
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(data, start, data.length - start));
        try {
            Header header = bitstream.readFrame();
            return header == null ? 0 : header.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
        } catch (BitstreamException | RuntimeException e) {
            return 0;
        }
    }

    private static AudioClip decode(byte[] data, int start, String source, DecodeLimits limits, Keep keep)
            throws AudioDecodeException {
        try {
            return decodeFrames(data, start, source, limits, keep);
        } catch (AudioDecodeException e) {
            throw e;
        } catch (BitstreamException | DecoderException | RuntimeException e) {
            throw new AudioDecodeException(source, "corrupt MP3 stream (" + e + ")", e);
        }
    }

    private static AudioClip decodeFrames(byte[] data, int start, String source, DecodeLimits limits, Keep keep)
            throws AudioDecodeException, BitstreamException, DecoderException {
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(data, start, data.length - start));
        Decoder decoder = new Decoder();
        long maxSamples = AudioDecoder.maxDecodedSamples(data.length - start);
        SampleAccumulator acc = null;
        int rate = 0;
        int channels = 0;
        int frameIndex = 0;
        for (Header header = bitstream.readFrame(); header != null; header = bitstream.readFrame()) {
            Obuffer decoded = decoder.decodeFrame(header, bitstream);
            if (!(decoded instanceof SampleBuffer out)) {
                throw new AudioDecodeException(source, "MP3 decoder returned no sample buffer at frame " + frameIndex);
            }
            int frameChannels = header.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
            int frameRate = header.frequency();
            if (acc == null) {
                rate = frameRate;
                channels = out.getChannelCount();
                AudioDecoder.checkSampleRate(source, rate);
                acc = new SampleAccumulator(source, keep.what == ALL_CHANNELS ? channels : 1, channels, rate, maxSamples, limits);
                keep.mix = new Downmix(channels);
                acc.presize(keep.frames);
            }
            if (frameRate != rate || frameChannels != channels) {
                throw new AudioDecodeException(source, "MP3 frame " + frameIndex + " switches to " + frameRate + " Hz, "
                        + frameChannels + " channels from " + rate + " Hz, " + channels
                        + " channels; concatenated streams are not supported");
            }
            short[] pcm = out.getBuffer();
            int n = out.getBufferLength() / channels;
            int first = acc.reserve(n);
            if (keep.what == ALL_CHANNELS) {
                for (int c = 0; c < channels; c++) {
                    float[] dst = acc.channel(c);
                    for (int i = 0, p = c; i < n; i++, p += channels) {
                        dst[first + i] = pcm[p] * SHORT_SCALE;
                    }
                }
            } else if (keep.what == MEAN) {
                float[] dst = acc.channel(0);
                for (int i = 0, p = 0; i < n; i++, p += channels) {
                    for (int c = 0; c < channels; c++) {
                        keep.mix.add(c, pcm[p + c] * SHORT_SCALE);
                    }
                    dst[first + i] = keep.mix.endFrame();
                }
            } else {
                float[] dst = acc.channel(0);
                for (int i = 0, p = keep.what; i < n; i++, p += channels) {
                    dst[first + i] = pcm[p] * SHORT_SCALE;
                }
            }
            bitstream.closeFrame();
            frameIndex++;
        }
        if (acc == null || acc.frames() == 0) {
            throw new AudioDecodeException(source, "no decodable MPEG audio frame found");
        }
        return acc.toClip(rate);
    }
}
