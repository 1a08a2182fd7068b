package org.ser4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ser4j.data.Json;
import org.ser4j.train.TrainingConfig;

/**
 * {@code train --recipe NAME|FILE}: training settings from a JSON file (a run's config.json is one)
 * or from a named recipe shipped with ser4j ({@code src/main/resources/org/ser4j/cli/recipes/}).
 */
final class Recipes {

    /** The named recipes, in the jar. */
    static final List<String> NAMES = List.of("robust-deep", "robust-deep-pcen", "robust-deep-dual", "clean-deep",
            "sec-pytorch-parallel-cnn-transformer");

    /** Deprecated recipe names that still work, each with its new name (issue 19). */
    static final Map<String, String> OLD_NAMES = Map.of(
            "seed-parallel-cnn-transformer", "sec-pytorch-parallel-cnn-transformer");

    private Recipes() {}

    /**
     * The settings of {@code nameOrFile}: a JSON file, a run directory (its config.json) or a name of
     * {@link #NAMES} (or of {@link #OLD_NAMES}).
     *
     * @throws UsageException when it is none of these, is not JSON or holds an unknown setting
     */
    static TrainingConfig.Builder load(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("config.json"))) {
            p = p.resolve("config.json");
        }
        String name = OLD_NAMES.getOrDefault(nameOrFile, nameOrFile); // a named recipe under its current name
        JsonNode recipe;
        String where;
        try {
            if (Files.isRegularFile(p)) {
                where = p.toString();
                recipe = Json.MAPPER.readTree(p.toFile());
            } else if (NAMES.contains(name)) {
                where = "recipe " + name;
                try (InputStream in = Recipes.class.getResourceAsStream("recipes/" + name + ".json")) {
                    if (in == null) {
                        throw new IllegalStateException("recipe " + name + " is missing from the jar");
                    }
                    recipe = Json.MAPPER.readTree(in);
                }
            } else {
                throw new UsageException("--recipe " + nameOrFile + ": no such file or run directory, and no recipe of"
                        + " that name (named recipes: " + String.join(", ", NAMES) + ")");
            }
        } catch (IOException e) {
            throw new UsageException("--recipe " + nameOrFile + ": cannot be read as JSON: " + Messages.of(e), e);
        }
        try {
            return TrainingConfig.fromRecipe(recipe);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--recipe " + where + ": " + Messages.of(e), e);
        }
    }
}
