package org.ser4j.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;

/**
 * FLAC through jflac-codec's {@link FLACDecoder}, bit-exact: the decoder's integer samples are
 * scaled by {@code 2^(bps-1)} (16-bit: / 32768, the seed's convention).
 *
 * <p>We walk the metadata blocks ourselves and hand jflac only the STREAMINFO block and the audio
 * frames, so that a hostile VORBIS_COMMENT or PICTURE block cannot make it allocate what the header
 * claims. jflac silently zeroes frames with a CRC error and skips undecodable ones; we listen to its
 * error reports and turn any of them into an {@link AudioDecodeException}, as we do a stream that ends
 * before the sample count STREAMINFO declares.
 */
final class FlacStreamDecoder {

    /** STREAMINFO payload size (FLAC format specification, METADATA_BLOCK_STREAMINFO). */
    private static final int STREAMINFO_BYTES = 34;
    private static final int BLOCK_HEADER_BYTES = 4;
    private static final int TYPE_STREAMINFO = 0;
    /** Metadata block type 127 is forbidden (it would be confused with a frame sync). */
    private static final int TYPE_INVALID = 127;
    /** Bit depths jflac decodes correctly: 4..24 (its side-channel arithmetic is int). */
    private static final int MIN_BITS = 4;
    private static final int MAX_BITS = 24;

    private FlacStreamDecoder() {}

    static AudioClip decode(byte[] data, int start, String source) throws AudioDecodeException {
        int end = data.length;
        int pos = start + 4; // "fLaC"
        int streamInfo = -1;
        boolean last = false;
        while (!last) {
            if (end - pos < BLOCK_HEADER_BYTES) {
                throw new AudioDecodeException(source, "truncated FLAC: metadata ends at offset " + pos
                        + " without a last-block flag (file has " + (end - start) + " bytes)");
            }
            int h = data[pos] & 0xFF;
            last = (h & 0x80) != 0;
            int type = h & 0x7F;
            int length = (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8 | (data[pos + 3] & 0xFF);
            int body = pos + BLOCK_HEADER_BYTES;
            if (type == TYPE_INVALID) {
                throw new AudioDecodeException(source, "invalid FLAC metadata block type 127 at offset " + pos);
            }
            if (length > end - body) {
                throw new AudioDecodeException(source, "truncated FLAC: metadata block of type " + type + " at offset "
                        + pos + " declares " + length + " bytes but only " + (end - body) + " follow");
            }
            if (streamInfo < 0) {
                if (type != TYPE_STREAMINFO || length != STREAMINFO_BYTES) {
                    throw new AudioDecodeException(source, "FLAC stream must begin with a 34-byte STREAMINFO block, found type "
                            + type + " of " + length + " bytes");
                }
                streamInfo = body;
            }
            pos = body + length;
        }
        StreamInfo info = StreamInfo.parse(data, streamInfo, source);
        if (pos == end) {
            throw new AudioDecodeException(source, "FLAC stream has no audio frames (it ends after its metadata)");
        }
        byte[] head = new byte[4 + BLOCK_HEADER_BYTES + STREAMINFO_BYTES];
        System.arraycopy(data, start, head, 0, 4);
        head[4] = (byte) 0x80; // STREAMINFO, flagged as the last metadata block
        head[7] = STREAMINFO_BYTES;
        System.arraycopy(data, streamInfo, head, 8, STREAMINFO_BYTES);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(head),
                new ByteArrayInputStream(data, pos, end - pos));
        long maxSamples = AudioDecoder.maxDecodedSamples(end - start);
        try {
            return decodeFrames(in, info, source, maxSamples);
        } catch (AudioDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AudioDecodeException(source, "corrupt FLAC stream (" + e + ")", e);
        }
    }

    private static AudioClip decodeFrames(InputStream in, StreamInfo info, String source, long maxSamples)
            throws IOException {
        FLACDecoder decoder = new FLACDecoder(in);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        decoder.addFrameListener(new FrameListener() {
            @Override
            public void processMetadata(Metadata metadata) {}

            @Override
            public void processFrame(Frame frame) {}

            @Override
            public void processError(String msg) {
                errors.add(msg);
            }
        });
        decoder.readStreamInfo();
        SampleAccumulator acc = new SampleAccumulator(source, info.channels, maxSamples);
        float scale = (float) Math.scalb(1.0, -(info.bits - 1));
        int frameIndex = 0;
        while (info.totalSamples == 0 || acc.frames() < info.totalSamples) {
            Frame frame = decoder.readNextFrame();
            if (!errors.isEmpty()) {
                throw new AudioDecodeException(source, "corrupt FLAC frame " + frameIndex + " after sample " + acc.frames()
                        + ": " + errors.get(0));
            }
            if (frame == null) {
                break;
            }
            var h = frame.header;
            if (h.channels != info.channels || h.bitsPerSample != info.bits || h.sampleRate != info.sampleRate) {
                throw new AudioDecodeException(source, "FLAC frame " + frameIndex + " has " + h.channels + " channels, "
                        + h.bitsPerSample + " bits, " + h.sampleRate + " Hz; STREAMINFO says " + info.channels
                        + " channels, " + info.bits + " bits, " + info.sampleRate + " Hz");
            }
            int n = h.blockSize;
            int first = acc.reserve(n);
            for (int c = 0; c < info.channels; c++) {
                int[] pcm = decoder.getChannelData()[c].getOutput();
                float[] dst = acc.channel(c);
                for (int i = 0; i < n; i++) {
                    dst[first + i] = pcm[i] * scale;
                }
            }
            frameIndex++;
        }
        if (acc.frames() == 0) {
            throw new AudioDecodeException(source, "FLAC stream holds no decodable audio frame");
        }
        if (info.totalSamples != 0 && acc.frames() != info.totalSamples) {
            throw new AudioDecodeException(source, "truncated FLAC: STREAMINFO declares " + info.totalSamples
                    + " samples per channel, the frames hold " + acc.frames());
        }
        return acc.toClip(info.sampleRate);
    }

    /** The STREAMINFO fields we check (FLAC format specification, METADATA_BLOCK_STREAMINFO). */
    private record StreamInfo(int sampleRate, int channels, int bits, long totalSamples) {

        static StreamInfo parse(byte[] d, int o, String source) throws AudioDecodeException {
            // bytes 10..17: sample rate (20 bits), channels-1 (3), bits-1 (5), total samples (36)
            long x = 0;
            for (int i = 0; i < 8; i++) {
                x = x << 8 | (d[o + 10 + i] & 0xFF);
            }
            int rate = (int) (x >>> 44);
            int channels = (int) (x >>> 41 & 0x7) + 1;
            int bits = (int) (x >>> 36 & 0x1F) + 1;
            long total = x & 0xF_FFFF_FFFFL;
            AudioDecoder.checkSampleRate(source, rate);
            if (bits < MIN_BITS || bits > MAX_BITS) {
                throw new AudioDecodeException(source, "FLAC with " + bits + " bits per sample is not supported (expected "
                        + MIN_BITS + " to " + MAX_BITS + ")");
            }
            return new StreamInfo(rate, channels, bits, total);
        }
    }
}
