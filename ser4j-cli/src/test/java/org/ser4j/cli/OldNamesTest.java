package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ser4j.features.FeaturePreset;
import org.ser4j.train.Experiment;
import org.ser4j.train.TrainingConfig;
import picocli.CommandLine;

/**
 * Issue 19: the ids that said "seed" for the original system (SEC-PyTorch) were renamed; the old ones
 * still work as deprecated aliases, but help and completion offer only the new ones.
 */
class OldNamesTest {

    private static List<String> offered(Iterable<String> choices) {
        List<String> out = new ArrayList<>();
        choices.forEach(out::add);
        return out;
    }

    @Test
    void oldProtocolNamesParseAsTheRenamedProtocols() {
        Choices.Protocols protocols = new Choices.Protocols();
        assertSame(Experiment.Protocol.RANDOM, protocols.convert("seed"));
        assertSame(Experiment.Protocol.RANDOM, protocols.convert("random"));
        assertSame(Experiment.Protocol.SEC_PYTORCH_LEAKY, protocols.convert("seed-leaky"));
        assertSame(Experiment.Protocol.SEC_PYTORCH_LEAKY, protocols.convert("sec-pytorch-leaky"));
        List<String> ids = offered(protocols);
        assertEquals(List.of("random", "speaker", "kfold", "leave-one-corpus-out", "sec-pytorch-leaky"), ids);
    }

    @Test
    void oldPresetNamesParseAsTheRenamedPresets() {
        Choices.Presets presets = new Choices.Presets();
        assertSame(FeaturePreset.SEC_PYTORCH, presets.convert("seed"));
        assertSame(FeaturePreset.SEC_PYTORCH_CHUNKED, presets.convert("seed-chunked"));
        assertSame(FeaturePreset.SEC_PYTORCH_CONSTANT, presets.convert("seed-constant"));
        assertSame(FeaturePreset.SEC_PYTORCH_WHOLE_CLIP, presets.convert("seed-whole-clip"));
        List<String> names = offered(presets);
        assertTrue(names.contains("sec-pytorch-chunked"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("seed")), names.toString());
    }

    @Test
    void theOldRecipeNameLoadsTheRenamedRecipe() {
        Path run = Path.of("/runs/x");
        TrainingConfig renamed = Recipes.load("sec-pytorch-parallel-cnn-transformer").setRunDir(run).build();
        assertEquals(renamed, Recipes.load("seed-parallel-cnn-transformer").setRunDir(run).build());
        assertSame(FeaturePreset.SEC_PYTORCH, renamed.preset());
        assertFalse(Recipes.NAMES.contains("seed-parallel-cnn-transformer"), "help names the new recipe only");
    }

    @Test
    void defaultsAndHelpUseTheNewNames() {
        CommandLine train = Main.commandLine().getSubcommands().get("train");
        assertEquals("random", train.getCommandSpec().findOption("--protocol").defaultValue());
        String help = train.getUsageMessage();
        assertTrue(help.contains("sec-pytorch-leaky") && help.contains("sec-pytorch-parallel-cnn-transformer"), help);
        CommandLine features = Main.commandLine().getSubcommands().get("features");
        assertEquals("sec-pytorch", features.getCommandSpec().findOption("--preset").defaultValue());
    }
}
