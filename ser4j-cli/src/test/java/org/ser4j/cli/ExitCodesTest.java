package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.model.Architecture;
import org.ser4j.predict.UntrainedBundle;
import picocli.CommandLine;

/**
 * Issue 19: one table of exit codes for every command (a model that did not load ended predict with
 * 2 and evaluate with 1), closed option sets parsed by picocli, help that ends with the table, and
 * a shell completion script.
 */
class ExitCodesTest {

    @TempDir
    static Path tmp;
    private static Path bundle;
    private static Path corpus;
    private static Path clip;

    @BeforeAll
    static void fixtures() throws IOException {
        bundle = UntrainedBundle.write(Architecture.COMPACT_CNN, tmp.resolve("model"));
        corpus = TinyCorpus.write(tmp.resolve("corpus"), 1);
        try (var clips = Files.walk(corpus)) {
            clip = clips.filter(p -> p.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
    }

    private static PredictCommandTest.Run run(String... args) {
        return PredictCommandTest.run(args);
    }

    private static void assertRefused(int code, String start, String contains, PredictCommandTest.Run r) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().startsWith(start), r.err());
        assertTrue(r.err().contains(contains), r.err());
        assertFalse(r.err().contains("\tat org.ser4j"), "no stack trace for a failure of the input:\n" + r.err());
    }

    @Test
    void aModelThatCannotBeLoadedIsCodeThreeInEveryCommand() throws IOException {
        Path none = tmp.resolve("no-such-model");
        Path damaged = Files.createDirectories(tmp.resolve("damaged"));
        Files.writeString(damaged.resolve("bundle.json"), "{ not json");
        String out = tmp.resolve("out").toString();
        for (Path model : List.of(none, damaged)) {
            String m = model.toString();
            assertRefused(ExitCodes.MODEL, "ser4j predict: ", model.getFileName().toString(),
                    run("predict", "--model", m, clip.toString()));
            assertRefused(ExitCodes.MODEL, "ser4j serve: ", model.getFileName().toString(),
                    run("serve", "--model", m, "--port", "0", "--run-seconds", "0.1"));
            assertRefused(ExitCodes.MODEL, "ser4j evaluate: ", model.getFileName().toString(),
                    run("evaluate", "--model", m, "--data", corpus.toString(), "--out", out));
            assertRefused(ExitCodes.MODEL, "ser4j robustness: ", model.getFileName().toString(),
                    run("robustness", "--model", m, "--data", corpus.toString(), "--out", out));
            assertRefused(ExitCodes.MODEL, "ser4j ensemble: ", model.getFileName().toString(),
                    run("ensemble", "--out", tmp.resolve("ens").toString(), bundle.toString(), m));
        }
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void wrongOptionsAreCodeTwoAndNameTheRightValues() {
        assertRefused(ExitCodes.USAGE, "Invalid value for option '--optimizer'", "expected sgd or adamw",
                run("train", "--data", corpus.toString(), "--architecture", "compact-cnn", "--optimizer", "adam",
                        "--out", tmp.resolve("run").toString()));
        assertRefused(ExitCodes.USAGE, "Invalid value for option '--architecture'", "compact-cnn-deep",
                run("train", "--data", corpus.toString(), "--model", "resnet", "--out", tmp.resolve("run").toString()));
        assertRefused(ExitCodes.USAGE, "ser4j train: ", "--fold belongs to --protocol kfold",
                run("train", "--data", corpus.toString(), "--architecture", "compact-cnn", "--fold", "1",
                        "--out", tmp.resolve("run").toString()));
        assertRefused(ExitCodes.USAGE, "ser4j predict: ", "hop must be at least 0.1 s",
                run("predict", "--model", bundle.toString(), "--hop", "0.01", clip.toString()));
        assertRefused(ExitCodes.USAGE, "ser4j evaluate: ", "--speakers",
                run("evaluate", "--model", bundle.toString(), "--data", corpus.toString(), "--speakers", "99",
                        "--out", tmp.resolve("e").toString()));
        assertRefused(ExitCodes.USAGE, "ser4j evaluate: ", "--condition",
                run("evaluate", "--model", bundle.toString(), "--data", corpus.toString(), "--condition", "thunder=3",
                        "--out", tmp.resolve("e").toString()));
        assertRefused(ExitCodes.USAGE, "Unknown option", "--no-such-option", run("predict", "--no-such-option", clip.toString()));
        assertFalse(Files.exists(tmp.resolve("run")), "nothing trained");
    }

    @Test
    void everyCommandsHelpEndsWithTheTable() {
        CommandLine cl = Main.commandLine();
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            String help = cl.getSubcommands().get(name).getUsageMessage();
            assertTrue(help.contains("Exit codes:"), name + ":\n" + help);
            for (var e : ExitCodes.table().entrySet()) {
                assertTrue(help.contains(e.getKey() + "   " + e.getValue().substring(0, Math.min(20, e.getValue().length()))), name + ":\n" + help);
            }
        }
    }

    @Test
    void theCompletionScriptOffersCommandsAndClosedSets() {
        PredictCommandTest.Run r = run("generate-completion");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("complete -F"), "a bash completion script");
        for (String word : List.of("robustness", "--architecture", "compact-cnn-deep", "adamw", "cosine", "kfold", "speech-16k")) {
            assertTrue(r.out().contains(word), word);
        }
    }
}
