package org.ser4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
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
            AutoComplete.GenerateCompletion.class,
        })
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Builds the command line with every subcommand; tests execute it with captured writers. One
     * handler turns what a command throws into a line on standard error and an exit code of
     * {@link ExitCodes}; every command's help ends with that table.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::failed);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        withExitCodes(cl);
        return cl;
    }

    private static void withExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.table());
        for (CommandLine sub : cl.getSubcommands().values()) {
            withExitCodes(sub);
        }
    }

    /**
     * The one exception handler: {@code ser4j COMMAND: message} on standard error (never "null"), the
     * stack trace too where the failure is a fault of ser4j rather than of its input, and the code.
     */
    static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        cl.getOut().flush();
        err.println("ser4j " + cl.getCommandName() + ": " + Messages.of(e));
        if (!ExitCodes.expected(e)) {
            err.println("(an unexpected failure in ser4j itself; please report it with this trace)");
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(e);
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
