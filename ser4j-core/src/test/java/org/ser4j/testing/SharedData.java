package org.ser4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (RAVDESS FLAC copy, recorded noise and librosa golden arrays) for tests. Tests that need
 * it call {@link #ravdess()}, {@link #noise()} or {@link #golden()}, which skip the test with a message when the data
 * is absent. CI sets {@code CI=true}; there a missing directory fails instead of skipping. A TESS copy, outside
 * {@code ../shared}, is found by {@link #tess()}.
 */
public final class SharedData {

    /** The default place of a TESS copy on the development machines (not part of {@code ../shared}). */
    public static final String TESS_DEFAULT = "/work/data/TESS_Toronto_emotional_speech_set_data";

    private SharedData() {}

    /** The shared directory, from {@code -Dser4j.shared.dir} (set by the POM) or {@code ../shared}. */
    public static Path root() {
        String prop = System.getProperty("ser4j.shared.dir");
        return Path.of(prop != null ? prop : "../shared").toAbsolutePath().normalize();
    }

    public static Path ravdess() {
        return require(root().resolve("data/ravdess"), "RAVDESS copy");
    }

    /** The shared noise recordings ({@code data/noise}). */
    public static Path noise() {
        return require(root().resolve("data/noise"), "noise recordings");
    }

    /** The shared room impulse responses ({@code data/rir}). */
    public static Path rooms() {
        return require(root().resolve("data/rir"), "room impulse responses");
    }

    public static Path golden() {
        return require(root().resolve("golden"), "librosa golden arrays");
    }

    /**
     * A copy of TESS (the Toronto emotional speech set, as distributed: {@code OAF_angry/...}), from
     * {@code -Dser4j.tess.dir} or {@value #TESS_DEFAULT}. TESS is not in {@code ../shared}: a test that needs
     * it is skipped where it is absent, on CI too.
     */
    public static Path tess() {
        Path dir = Path.of(System.getProperty("ser4j.tess.dir", TESS_DEFAULT));
        assumeTrue(Files.isDirectory(dir), "skipped: needs a TESS copy at " + dir + " (-Dser4j.tess.dir; not present on"
                + " this machine)");
        return dir;
    }

    private static Path require(Path dir, String what) {
        boolean present = Files.isDirectory(dir);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have the " + what + " at " + dir);
        }
        assumeTrue(present, "skipped: needs the " + what + " at " + dir + " (not present on this machine)");
        return dir;
    }
}
