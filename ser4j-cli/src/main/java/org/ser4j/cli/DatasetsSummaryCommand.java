package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ser4j.data.Corpora;
import org.ser4j.data.CorpusSummary;
import org.ser4j.report.Charts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ser4j datasets summary DIR [--charts OUT_DIR]}: counts of a RAVDESS directory per emotion,
 * intensity, gender and speaker; files that are not valid RAVDESS clips are listed on stderr.
 */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = {"Print utterance counts per emotion, intensity, gender and speaker of a RAVDESS directory"
                + " (Actor_NN/MM-VV-EE-II-SS-RR-AA.wav or .flac) and optionally write the bar charts as PNG.",
            "Files with invalid names are listed on stderr with the reason."})
public final class DatasetsSummaryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "[NAME:]PATH", description = "corpus directory or manifest: " + DataSources.HELP)
    List<String> specs;

    @Option(names = "--labels", paramLabel = "MAPPING", description = "label mapping (default none: the corpus's own"
            + " labels; common shows them as training sees them by default)")
    String labels = "none";

    @Option(names = "--charts", paramLabel = "OUT_DIR",
            description = "write corpus-emotions.png, corpus-intensity.png, corpus-gender.png, corpus-speakers.png here")
    Path charts;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Corpora.Loaded loaded;
        try {
            loaded = Corpora.load(specs, labels);
        } catch (IOException e) {
            String m = e.getMessage();
            err.println("ser4j datasets summary: " + (m != null && specs.stream().anyMatch(m::contains)
                    ? m : "cannot read " + String.join(", ", specs) + " (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")"));
            return 1;
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
        if (!loaded.problems().isEmpty()) {
            err.println(loaded.problems().size() + " file(s) skipped (not clips of the corpus's naming scheme):");
            for (String p : loaded.problems()) {
                err.println("  " + p);
            }
        }
        if (loaded.utterances().isEmpty()) {
            err.println("ser4j datasets summary: no clips found in " + String.join(", ", specs)
                    + " (RAVDESS: Actor_NN/MM-VV-EE-II-SS-RR-AA.wav or .flac; other corpora: NAME:PATH)");
            return 1;
        }
        CorpusSummary summary = CorpusSummary.of(loaded.utterances());
        out.print(summary.toText());
        if (charts != null) {
            List<Path> files = Charts.corpus(summary, charts);
            out.println();
            for (Path f : files) {
                out.println("wrote " + f);
            }
        }
        out.flush();
        return 0;
    }
}
