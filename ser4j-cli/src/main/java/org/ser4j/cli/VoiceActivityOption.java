package org.ser4j.cli;

import org.ser4j.predict.PredictionSettings;
import picocli.CommandLine.Option;

/**
 * The {@code --no-vad} option shared by predict, listen and serve: by default a loud window without
 * speech (noise, music, hum) is reported as "no speech" and not classified; with it every window
 * above the silence threshold is classified.
 */
public final class VoiceActivityOption {

    @Option(names = "--no-vad",
            description = "Classify every window that is not silent, also those the voice activity detector finds no speech in"
                    + " (default: such windows are reported as no speech).")
    boolean off;

    /** {@code settings} with voice activity detection as the option says. */
    PredictionSettings apply(PredictionSettings settings) {
        return settings.withVoiceActivity(!off);
    }
}
