package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ser4j.data.CorpusScan;
import org.ser4j.data.CorpusSummary;
import org.ser4j.data.RavdessCorpus;
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

    @Parameters(index = "0", paramLabel = "DIR", description = "corpus directory (RAVDESS layout)")
    Path dir;

    @Option(names = "--charts", paramLabel = "OUT_DIR",
            description = "write corpus-emotions.png, corpus-intensity.png, corpus-gender.png, corpus-speakers.png here")
    Path charts;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CorpusScan scan;
        try {
            scan = RavdessCorpus.scan(dir);
        } catch (IOException e) {
            String m = e.getMessage();
            err.println("ser4j datasets summary: " + (m != null && m.length() > dir.toString().length() && m.contains(dir.toString())
                    ? m : "cannot read " + dir + " (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")"));
            return 1;
        }
        if (!scan.problems().isEmpty()) {
            err.println(scan.problems().size() + " file(s) skipped (not valid RAVDESS speech clips):");
            for (String p : scan.problems()) {
                err.println("  " + p);
            }
        }
        if (scan.utterances().isEmpty()) {
            err.println("ser4j datasets summary: no RAVDESS clips found in " + dir
                    + " (expected Actor_NN/MM-VV-EE-II-SS-RR-AA.wav or .flac)");
            return 1;
        }
        CorpusSummary summary = CorpusSummary.of(scan.utterances());
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
