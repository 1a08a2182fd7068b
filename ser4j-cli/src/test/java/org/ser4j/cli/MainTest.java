package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void aRunOfOneCommandBuildsOnlyThatOne() {
        assertEquals(Set.of("predict"), Main.commandLine("predict").getSubcommands().keySet());
        assertEquals(Set.of("train"), Main.commandLine("train").getSubcommands().keySet());
        // help, completion, options and unknown words need every command (to list them or to say what is known)
        List<String> all = List.copyOf(Main.commandLine().getSubcommands().keySet());
        assertEquals(11, all.size());
        for (String first : new String[] {"help", "generate-completion", "--help", "-V", "nosuch"}) {
            assertEquals(all, List.copyOf(Main.commandLine(first).getSubcommands().keySet()), first);
        }
    }

    @Test
    void aCommandBuiltAloneParsesAndHelpsAsInTheWholeCommandLine() {
        for (String command : new String[] {"predict", "train", "serve", "evaluate"}) {
            assertEquals(run(Main.commandLine(), command, "--help"), run(Main.commandLine(command), command, "--help"), command);
        }
        assertEquals(run(Main.commandLine(), "predict", "--window"), run(Main.commandLine("predict"), "predict", "--window"));
    }

    @Test
    void predictsHelpNamesEveryExtensionAFolderIsSearchedFor() {
        String help = run(Main.commandLine("predict"), "predict", "--help").replaceAll("\\s+", " ");
        for (String extension : PredictCommand.AUDIO_EXTENSIONS) {
            assertTrue(help.contains(" " + extension + " "), extension + " in: " + help);
        }
    }

    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args);
        return code + "\n" + out;
    }

    @Test
    void onlyTheCommandsThatStartWithAModelStartTheEngineEarly() {
        assertTrue(Main.startsEngineEarly(new String[] {"predict", "a.wav"}));
        assertTrue(Main.startsEngineEarly(new String[] {"serve", "--port", "8080"}));
        assertFalse(Main.startsEngineEarly(new String[] {"predict", "--help"}));
        assertFalse(Main.startsEngineEarly(new String[] {"train", "--data", "x"}));
        assertFalse(Main.startsEngineEarly(new String[] {}));
    }
}
