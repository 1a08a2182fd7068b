package org.ser4j.server;

import org.ser4j.predict.PitchClassifier;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Generated audio for server tests: 16-bit PCM WAV bytes of sine tones. */
final class TestAudio {

    private TestAudio() {}

    static byte[] wav(float[] mono, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * mono.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * mono.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * mono.length);
        for (float v : mono) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        return b.array();
    }

    /** 32-bit IEEE float WAV (format tag 3) of the samples as they are, NaN included. */
    static byte[] floatWav(float[] mono, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * mono.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 4 * mono.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 1).putInt(rate).putInt(4 * rate)
                .putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes()).putInt(4 * mono.length);
        for (float v : mono) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] toneWav(double hz, double seconds, int rate) {
        return wav(PitchClassifier.tone(hz, seconds, rate, 0.3), rate);
    }

    /**
     * A tone as a call recorder writes it: 8 kHz mono G.711 mu-law WAV (format tag 7), encoded here by
     * the standard's segment rule (ITU-T G.711, as Sun's reference g711.c encodes).
     */
    static byte[] muLawToneWav(double hz, double seconds) {
        float[] x = PitchClassifier.tone(hz, seconds, 8000, 0.3);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + x.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + x.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 7).putShort((short) 1).putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes()).putInt(x.length);
        for (float v : x) {
            b.put((byte) muLaw((int) Math.max(-32768, Math.min(32767, Math.round(v * 32768)))));
        }
        return b.array();
    }

    private static int muLaw(int pcm) {
        int p = pcm >> 2; // 14 bits
        int mask = p < 0 ? 0x7F : 0xFF;
        int magnitude = Math.min(Math.abs(p), 8159) + 33; // clipped, plus the bias
        int segment = 0;
        while (segment < 8 && magnitude > (0x40 << segment) - 1) {
            segment++;
        }
        return segment == 8 ? 0x7F ^ mask : ((segment << 4) | ((magnitude >> (segment + 1)) & 0x0F)) ^ mask;
    }

    static byte[] multipart(String boundary, String field, String filename, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/wav\r\n\r\n";
        out.writeBytes(head.getBytes());
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes());
        return out.toByteArray();
    }
}
