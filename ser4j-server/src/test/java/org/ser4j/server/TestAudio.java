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
