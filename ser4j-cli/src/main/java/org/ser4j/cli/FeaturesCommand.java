package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.MelSettings;
import org.ser4j.features.Npy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ser4j features}: the mel spectrogram of one file as a float64 {@code .npy}, to compare with librosa. */
@Command(
        name = "features",
        header = "Writes one file's mel spectrogram as a float64 .npy, exactly as librosa computes it.",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the mel spectrogram of one audio file (WAV, AIFF, FLAC, MP3) as a (n_mels, frames) float64 .npy,",
            "exactly as librosa computes it (dB with ref=max unless --power)."
        })
public final class FeaturesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", defaultValue = "sec-pytorch", paramLabel = "NAME", completionCandidates = PresetNames.class,
            description = "Feature preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). The old names seed,"
                    + " seed-chunked, seed-constant and seed-whole-clip still work.")
    String preset;

    @Option(names = "--pad", paramLabel = "MODE",
            description = "STFT padding: reflect (librosa 0.8, SEC-PyTorch) or constant (librosa >= 0.9); default: the preset's.")
    String pad;

    @Option(names = "--power", description = "Write the mel power spectrogram instead of dB.")
    boolean power;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.npy", description = "Output .npy file.")
    Path out;

    @Parameters(index = "0", paramLabel = "AUDIO", description = "Audio file.")
    Path audio;

    /** The built-in preset names, for help and completion. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FeaturePreset.names().iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        FeaturePreset p;
        try {
            p = FeaturePreset.byName(preset);
            if (pad != null) {
                p = p.withPadMode(MelSettings.PadMode.fromId(pad));
            }
        } catch (IllegalArgumentException e) {
            err.println("ser4j features: " + Messages.of(e));
            return CommandLine.ExitCode.USAGE;
        }
        double[][] values;
        try {
            AudioClip clip = AudioDecoder.decode(audio);
            float[] signal = p.signal(clip);
            values = power ? p.melPower(signal) : p.melDb(signal);
        } catch (IOException | IllegalArgumentException e) {
            err.println("ser4j features: " + Messages.of(e));
            return CommandLine.ExitCode.SOFTWARE;
        }
        try {
            Npy.write(out, values);
        } catch (IOException e) {
            err.println("ser4j features: cannot write " + out + ": " + Messages.of(e));
            return CommandLine.ExitCode.SOFTWARE;
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d x %d %s (%s, %s padding) -> %s%n", audio,
                values.length, values.length == 0 ? 0 : values[0].length, power ? "mel power" : "mel dB",
                p.name(), p.mel().padMode().id(), out);
        return CommandLine.ExitCode.OK;
    }
}
