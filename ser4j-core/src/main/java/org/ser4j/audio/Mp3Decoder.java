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
        try {
            return decodeFrames(data, start, source, limits);
        } catch (AudioDecodeException e) {
            throw e;
        } catch (BitstreamException | DecoderException | RuntimeException e) {
            throw new AudioDecodeException(source, "corrupt MP3 stream (" + e + ")", e);
        }
    }

    private static AudioClip decodeFrames(byte[] data, int start, String source, DecodeLimits limits)
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
                acc = new SampleAccumulator(source, channels, rate, maxSamples, limits);
            }
            if (frameRate != rate || frameChannels != channels) {
                throw new AudioDecodeException(source, "MP3 frame " + frameIndex + " switches to " + frameRate + " Hz, "
                        + frameChannels + " channels from " + rate + " Hz, " + channels
                        + " channels; concatenated streams are not supported");
            }
            short[] pcm = out.getBuffer();
            int n = out.getBufferLength() / channels;
            int first = acc.reserve(n);
            for (int c = 0; c < channels; c++) {
                float[] dst = acc.channel(c);
                for (int i = 0, p = c; i < n; i++, p += channels) {
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
