package org.ser4j.augment.condition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shared noise and room pools ({@code ../shared/data/noise}, {@code ../shared/data/rir}) split by
 * kind and by room into three disjoint parts, so that the noise kinds and rooms a model is tested on
 * were used neither for training nor for choices:
 *
 * <table>
 * <caption>the split</caption>
 * <tr><th>part</th><th>noise kinds (files)</th><th>generated noise</th><th>rooms (files)</th></tr>
 * <tr><td>train</td><td>air_conditioner, drilling, siren, factory1</td><td>white, brown, hum, babble;
 *     simulated rooms</td><td>the 24 other Voxengo rooms</td></tr>
 * <tr><td>validation</td><td>children_playing, buccaneer1 (jet cockpit)</td><td>pink, babble</td>
 *     <td>openair medium_room, hall; voxengo nice_drum_room, masonic_lodge</td></tr>
 * <tr><td>test</td><td>engine_idling, street_music, dog_bark, factory2</td><td>babble</td>
 *     <td>openair small_room, medium_hall, large_church; voxengo french_18th_century_salon,
 *     parking_garage, highly_damped_large_room</td></tr>
 * </table>
 *
 * <p>Babble is made in every part, always from training speakers' clips (never validation or test
 * speakers): it is the one kind that training and testing share, with other voices mixed.
 */
public final class ConditionPools {

    /** Which part of the pools. */
    public enum Role {
        TRAIN, VALIDATION, TEST;

        /** Parses {@code train}, {@code validation} or {@code test}. */
        public static Role parse(String text) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(text.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown pool part '" + text + "', expected train, validation or test");
        }
    }

    /** UrbanSound8K class ids (the second field of its file names) and their names. */
    static final Map<String, String> URBANSOUND_CLASSES = Map.of(
            "0", "air_conditioner", "1", "car_horn", "2", "children_playing", "3", "dog_bark", "4", "drilling",
            "5", "engine_idling", "6", "gun_shot", "7", "jackhammer", "8", "siren", "9", "street_music");

    private static final Map<Role, Set<String>> NOISE_KINDS = Map.of(
            Role.TRAIN, Set.of("air_conditioner", "drilling", "siren", "factory1"),
            Role.VALIDATION, Set.of("children_playing", "buccaneer1"),
            Role.TEST, Set.of("engine_idling", "street_music", "dog_bark", "factory2"));

    private static final Map<Role, Set<String>> ROOMS = Map.of(
            Role.VALIDATION, Set.of("medium_room", "hall", "nice_drum_room", "masonic_lodge"),
            Role.TEST, Set.of("small_room", "medium_hall", "large_church", "french_18th_century_salon",
                    "parking_garage", "highly_damped_large_room"));

    /** Generated noise kinds of each part (babble is in every part, from training speakers). */
    private static final Map<Role, List<GeneratedNoise.Kind>> GENERATED = Map.of(
            Role.TRAIN, List.of(GeneratedNoise.Kind.WHITE, GeneratedNoise.Kind.BROWN, GeneratedNoise.Kind.HUM),
            Role.VALIDATION, List.of(GeneratedNoise.Kind.PINK),
            Role.TEST, List.of());

    private ConditionPools() {}

    /** The generated noise kinds a part may use (babble aside). */
    public static List<GeneratedNoise.Kind> generatedKinds(Role role) {
        return GENERATED.get(role);
    }

    /** Which part a noise kind belongs to, or null for a kind outside the table. */
    public static Role roleOfNoiseKind(String kind) {
        for (Role r : Role.values()) {
            if (NOISE_KINDS.get(r).contains(kind)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The pools of one part.
     *
     * @param noiseDir the noise folder (with {@code urbansound8k/} and {@code noisex92/}); may be missing
     * @param roomDir the impulse-response folder (with {@code voxengo/} and {@code openair/}); may be missing
     * @param role which part
     * @return the noise and room pools of the part, an empty babble pool
     */
    public static ConditionSources load(Path noiseDir, Path roomDir, Role role) {
        List<SoundPool.Entry> noise = new ArrayList<>();
        for (Path f : files(noiseDir == null ? null : noiseDir.resolve("urbansound8k"), ".flac", ".wav")) {
            String name = stem(f);
            String[] parts = name.split("-");
            String kind = parts.length >= 2 ? URBANSOUND_CLASSES.get(parts[1]) : null;
            if (kind != null && NOISE_KINDS.get(role).contains(kind)) {
                noise.add(new SoundPool.Entry(name, kind, f));
            }
        }
        for (Path f : files(noiseDir == null ? null : noiseDir.resolve("noisex92"), ".flac", ".wav")) {
            String name = stem(f);
            if (NOISE_KINDS.get(role).contains(name)) {
                noise.add(new SoundPool.Entry(name, name, f));
            }
        }
        List<SoundPool.Entry> rooms = new ArrayList<>();
        for (String library : List.of("openair", "voxengo")) {
            for (Path f : files(roomDir == null ? null : roomDir.resolve(library), ".wav", ".flac")) {
                String name = stem(f);
                if (role == Role.TRAIN ? !library.equals("openair") && !isHeldOut(name) : ROOMS.get(role).contains(name)) {
                    rooms.add(new SoundPool.Entry(name, name, f));
                }
            }
        }
        String where = "the " + role.name().toLowerCase(Locale.ROOT) + " part of the pools in " + noiseDir + " and " + roomDir;
        return new ConditionSources(SoundPool.ofFiles(noise, false), SoundPool.ofFiles(rooms, true), SoundPool.empty(),
                where);
    }

    private static boolean isHeldOut(String room) {
        return ROOMS.get(Role.VALIDATION).contains(room) || ROOMS.get(Role.TEST).contains(room);
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    private static List<Path> files(Path dir, String... extensions) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                for (String e : extensions) {
                    if (n.endsWith(e)) {
                        return Files.isRegularFile(p);
                    }
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the condition recordings", e);
        }
    }
}
