package org.ser4j.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * TEMPORARY stand-in on branch serve until branch audio lands (deleted before merging it):
 * the contract's signatures over javax.sound, PCM WAV only.
 */
public final class AudioDecoder {

    private AudioDecoder() {}

    public static AudioClip decode(Path file) throws AudioDecodeException {
        try {
            return decode(Files.readAllBytes(file), file.getFileName().toString());
        } catch (AudioDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioDecodeException(file.toString(), "cannot read: " + e, e);
        }
    }

    public static AudioClip decode(InputStream in, String sourceName) throws AudioDecodeException {
        try {
            return decode(in.readAllBytes(), sourceName);
        } catch (AudioDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioDecodeException(sourceName, "cannot read: " + e, e);
        }
    }

    public static AudioClip decode(byte[] data, String sourceName) throws AudioDecodeException {
        if (data.length == 0) {
            throw new AudioDecodeException(sourceName, "empty input (0 bytes)");
        }
        try (AudioInputStream ais = AudioSystem.getAudioInputStream(new ByteArrayInputStream(data))) {
            AudioFormat f = ais.getFormat();
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16,
                    f.getChannels(), 2 * f.getChannels(), f.getSampleRate(), false);
            try (AudioInputStream pcm = AudioSystem.getAudioInputStream(target, ais)) {
                byte[] b = pcm.readAllBytes();
                int ch = f.getChannels();
                int n = b.length / (2 * ch);
                float[][] out = new float[ch][n];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < ch; c++) {
                        int k = 2 * (i * ch + c);
                        out[c][i] = (short) ((b[k] & 0xff) | (b[k + 1] << 8)) / 32768f;
                    }
                }
                return new AudioClip(out, Math.round(f.getSampleRate()));
            }
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new AudioDecodeException(sourceName, "not a supported audio file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AudioDecodeException(sourceName, "cannot decode: " + e, e);
        }
    }
}
