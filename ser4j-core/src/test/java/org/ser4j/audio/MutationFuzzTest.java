package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short, deterministic mutation fuzz run that every {@code mvn verify} executes (the coverage-guided
 * Jazzer targets in {@link AudioDecoderFuzzTest} only replay their corpus there): random bit flips,
 * byte overwrites with boundary values, truncations, insertions, deletions and 32-bit size-field
 * overwrites applied to the valid seed files, a fixed number of times from a fixed seed. Each input
 * must end in samples or in {@link AudioDecodeException}, with the output bounded by the input size.
 */
class MutationFuzzTest {

    private static final int MUTANTS_PER_SEED = 300;
    private static final int[] BOUNDARY_BYTES = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE};
    private static final int[] BOUNDARY_INTS = {0, 1, -1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFF0, 2, 65536};

    @ParameterizedTest
    @ValueSource(strings = {"wav", "flac", "mp3"})
    void mutatedSeedsEndInSamplesOrTheDocumentedException(String format) throws IOException {
        List<byte[]> seeds = seeds(format);
        assertTrue(seeds.size() >= 3, "seed corpus for " + format + " has " + seeds.size() + " files");
        Random rng = new Random(20261127L + format.hashCode());
        // a hang fails the test instead of stalling the build (the whole run takes about a second)
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2), () -> mutateAll(format, seeds, rng));
    }

    private static void mutateAll(String format, List<byte[]> seeds, Random rng) {
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                byte[] mutant = mutate(seed, rng, 1 + rng.nextInt(4));
                try {
                    AudioDecoderFuzzTest.decodeOrRefuse(mutant);
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError(format + " mutant " + i + " (" + mutant.length + " bytes, hex "
                            + hex(mutant) + ") ended in " + e, e);
                }
            }
        }
    }

    static byte[] mutate(byte[] seed, Random rng, int rounds) {
        byte[] d = seed.clone();
        for (int r = 0; r < rounds; r++) {
            if (d.length == 0) {
                return d;
            }
            int at = rng.nextInt(d.length);
            switch (rng.nextInt(6)) {
                case 0 -> d[at] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> d[at] = (byte) BOUNDARY_BYTES[rng.nextInt(BOUNDARY_BYTES.length)];
                case 2 -> d = Arrays.copyOf(d, at);
                case 3 -> {
                    byte[] ins = new byte[1 + rng.nextInt(16)];
                    rng.nextBytes(ins);
                    byte[] out = new byte[d.length + ins.length];
                    System.arraycopy(d, 0, out, 0, at);
                    System.arraycopy(ins, 0, out, at, ins.length);
                    System.arraycopy(d, at, out, at + ins.length, d.length - at);
                    d = out;
                }
                case 4 -> {
                    int n = Math.min(d.length - at, 1 + rng.nextInt(16));
                    byte[] out = new byte[d.length - n];
                    System.arraycopy(d, 0, out, 0, at);
                    System.arraycopy(d, at + n, out, at, d.length - at - n);
                    d = out;
                }
                default -> {
                    int v = BOUNDARY_INTS[rng.nextInt(BOUNDARY_INTS.length)];
                    for (int k = 0; k < 4 && at + k < d.length; k++) {
                        d[at + k] = (byte) (v >>> (8 * (rng.nextBoolean() ? k : 3 - k)));
                    }
                }
            }
        }
        return d;
    }

    private static List<byte[]> seeds(String format) throws IOException {
        URL dir = MutationFuzzTest.class.getResource("AudioDecoderFuzzTestInputs/" + format);
        if (dir == null) {
            throw new IOException("seed directory AudioDecoderFuzzTestInputs/" + format + " not on the test class path");
        }
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path p : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(in.readAllBytes());
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        return out;
    }

    private static String hex(byte[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(d.length, 64); i++) {
            sb.append(String.format("%02x", d[i]));
        }
        return d.length > 64 ? sb + "..." : sb.toString();
    }
}
