package org.ser4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ser4j datasets}: commands about corpora ({@code summary}). */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Inspect speech emotion corpora (RAVDESS, TESS, CREMA-D, SAVEE, EmoDB, EMOVO, folders, CSV).",
        subcommands = {DatasetsSummaryCommand.class})
public final class DatasetsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
