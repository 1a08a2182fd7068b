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

    private Mp3Decoder() {}

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
