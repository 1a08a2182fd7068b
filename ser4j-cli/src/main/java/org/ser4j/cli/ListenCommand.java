package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.EmotionStream;
import org.ser4j.predict.PredictionSettings;
import org.ser4j.predict.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ser4j listen}: live emotion from the default microphone, one line per hop. */
@Command(name = "listen",
        header = "Live prediction from the default microphone, one line per hop.", mixinStandardHelpOptions = true,
        description = {"Live prediction from the default microphone (javax.sound): once a window has been heard,",
                "one line per hop with the time, the emotion, its confidence and the runners-up. Ctrl-C stops."})
public final class ListenCommand implements Callable<Integer> {

    /** Capture rates tried in order: the SEC-PyTorch models' rate first, then common microphone rates. */
    static final float[] CAPTURE_RATES = {48_000f, 16_000f, 44_100f};
    /** Samples read from the line at a time: 50 ms. */
    private static final double READ_SECONDS = 0.05;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    VoiceActivityOption voiceActivity;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after this many seconds (default: until Ctrl-C).")
    Double seconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataLine.Info line = captureLine();
        if (line == null) {
            List<String> rates = new ArrayList<>();
            for (float r : CAPTURE_RATES) {
                rates.add(String.valueOf((int) r));
            }
            err.println("ser4j listen: no audio capture device found (javax.sound offers no microphone line for 16-bit mono at "
                    + String.join(", ", rates) + " Hz). Connect a microphone, or analyse a recording with 'ser4j predict FILE'.");
            return ExitCodes.FAILED;
        }
        AudioFormat format = line.getFormats()[0];
        int rate = (int) format.getSampleRate();
        try (EmotionRecognizer recognizer = model.load(voiceActivity.apply(PredictionSettings.DEFAULT))) {
            return listen(recognizer, line, format, rate, err, out);
        }
    }

    /** Opens the microphone and listens; a microphone that cannot be opened is reported (exit code 1). */
    private int listen(EmotionRecognizer recognizer, DataLine.Info line, AudioFormat format, int rate, PrintWriter err,
            PrintWriter out) {
        try (TargetDataLine mic = (TargetDataLine) AudioSystem.getLine(line)) {
            mic.open(format);
            mic.start();
            Thread closeOnExit = new Thread(mic::close);
            Runtime.getRuntime().addShutdownHook(closeOnExit);
            try {
                return listen(recognizer, mic, rate, out);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(closeOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook runs anyway
                }
            }
        } catch (LineUnavailableException | IllegalArgumentException e) {
            err.println("ser4j listen: the microphone cannot be opened: " + Messages.of(e));
            return ExitCodes.FAILED;
        }
    }

    /** Reads the microphone and prints a line per hop until it closes or {@code --seconds} have passed. */
    private int listen(EmotionRecognizer recognizer, TargetDataLine mic, int rate, PrintWriter out) {
        EmotionStream stream = recognizer.stream(rate);
        out.printf(Locale.ROOT, "listening at %d Hz; first verdict after %.1f s, then every %.1f s (Ctrl-C stops)%n",
                rate, recognizer.windowSeconds(), recognizer.hopSeconds());
        out.flush();
        byte[] buf = new byte[2 * (int) (rate * READ_SECONDS)];
        float[] x = new float[buf.length / 2];
        while (mic.isOpen() && (seconds == null || stream.seconds() < seconds)) {
            int n = mic.read(buf, 0, buf.length);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n / 2; i++) {
                x[i] = (short) ((buf[2 * i] & 0xFF) | (buf[2 * i + 1] << 8)) / 32768f;
            }
            for (Segment s : stream.push(x, 0, n / 2)) {
                out.println(line(s));
                out.flush();
            }
        }
        return 0;
    }

    /** The first capture line javax.sound supports, 16-bit signed little-endian mono, or null. */
    static DataLine.Info captureLine() {
        for (float rate : CAPTURE_RATES) {
            AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, f);
            try {
                if (AudioSystem.isLineSupported(info)) {
                    return info;
                }
            } catch (RuntimeException e) {
                // a broken sound system counts as no device
            }
        }
        return null;
    }

    static String line(Segment s) {
        switch (s.activity()) {
            case SILENT -> {
                return String.format(Locale.ROOT, "%7.1f s  (silence)", s.end());
            }
            case NO_SPEECH -> {
                return String.format(Locale.ROOT, "%7.1f s  (no speech)", s.end());
            }
            case SPEECH -> { }
        }
        String top = s.top();
        int bars = Math.round(s.confidence() * 20);
        StringBuilder rest = new StringBuilder();
        float[] p = s.probabilities().clone();
        p[s.labels().indexOf(top)] = -1;
        for (int k = 0; k < Math.min(2, p.length - 1); k++) {
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] > p[best]) {
                    best = i;
                }
            }
            rest.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", s.labels().get(best), p[best]));
            p[best] = -1;
        }
        return String.format(Locale.ROOT, "%7.1f s  %-9s %.2f  %s%s  (%s)%s", s.end(), top, s.confidence(),
                "#".repeat(bars), ".".repeat(20 - bars), rest, PredictCommand.notes(s.warnings()));
    }
}
