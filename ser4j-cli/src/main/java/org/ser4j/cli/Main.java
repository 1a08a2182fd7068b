package org.ser4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ser4j} command: speech emotion recognition for the JVM. */
@Command(
        name = "ser4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Speech emotion recognition: features, datasets, training, evaluation, prediction, server.",
        subcommands = {
            CommandLine.HelpCommand.class,
            FeaturesCommand.class,
            DatasetsCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            RobustnessCommand.class,
            EnsembleCommand.class,
            PredictCommand.class,
            ListenCommand.class,
            ServeCommand.class,
        })
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Builds the command line with every subcommand; tests execute it with captured writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ser4j " + (v == null ? "development build" : v)};
        }
    }
}
