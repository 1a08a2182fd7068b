package org.ser4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ser4j.augment.condition.ConditionPools;
import org.ser4j.augment.condition.ConditionSources;
import picocli.CommandLine.Option;

/**
 * The {@code --noise DIR} and {@code --rooms DIR} options of the commands that apply recording
 * conditions (picocli mixin): where noise recordings and room impulse responses lie.
 */
final class ConditionDataOption {

    /** Where the shared data sit beside a checkout of this repository. */
    private static final Path SHARED_NOISE = Path.of("..", "shared", "data", "noise");
    private static final Path SHARED_ROOMS = Path.of("..", "shared", "data", "rir");

    @Option(names = "--noise", paramLabel = "DIR", description = "Noise recordings for noise=files|KIND conditions"
            + " (urbansound8k/ and noisex92/ inside; default: ../shared/data/noise when present).")
    Path noise;

    @Option(names = "--rooms", paramLabel = "DIR", description = "Room impulse responses for reverb=files|ROOM"
            + " conditions (voxengo/ and openair/ inside; default: ../shared/data/rir when present).")
    Path rooms;

    /** The noise folder: the option, else the shared one beside the project or the working directory, else null. */
    Path noiseDir() {
        return noise != null ? noise : shared(SHARED_NOISE);
    }

    /** The room folder: the option, else the shared one, else null. */
    Path roomDir() {
        return rooms != null ? rooms : shared(SHARED_ROOMS);
    }

    /** The pools of one part (without babble). */
    ConditionSources sources(ConditionPools.Role role) {
        return ConditionPools.load(noiseDir(), roomDir(), role);
    }

    private static Path shared(Path relative) {
        String home = System.getProperty("ser4j.home");
        for (Path base : home == null ? new Path[] {Path.of("")} : new Path[] {Path.of(home), Path.of("")}) {
            Path p = base.resolve(relative).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
