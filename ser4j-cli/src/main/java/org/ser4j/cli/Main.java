package org.ser4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.ser4j.bundle.Engines;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ser4j} command: speech emotion recognition for the JVM. */
@Command(
        name = "ser4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Speech emotion recognition: features, datasets, training, evaluation, prediction, server.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands by name, in the order help lists them. Registered in code rather than in the
     * annotation so that a run of one command builds only that one: picocli reflects over every
     * command it is given, about 0.3 s of a cold start for all ten (issue 17).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("help", CommandLine.HelpCommand::new);
        m.put("features", FeaturesCommand::new);
        m.put("datasets", DatasetsCommand::new);
        m.put("train", TrainCommand::new);
        m.put("evaluate", EvaluateCommand::new);
        m.put("robustness", RobustnessCommand::new);
        m.put("ensemble", EnsembleCommand::new);
        m.put("predict", PredictCommand::new);
        m.put("listen", ListenCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("generate-completion", AutoComplete.GenerateCompletion::new);
        return m;
    }

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
        return commandLine(null);
    }

    /**
     * The command line with only subcommand {@code only} when it names one (and is not help or
     * completion, which need them all), else with every subcommand. Parsing and running that command
     * is the same either way.
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main());
        boolean one = only != null && SUBCOMMANDS.containsKey(only) && !only.equals("help")
                && !only.equals("generate-completion");
        SUBCOMMANDS.forEach((name, command) -> {
            if (!one || name.equals(only)) {
                cl.addSubcommand(command.get());
            }
        });
        cl.setExecutionExceptionHandler(Main::failed);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        if (!one) {
            cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        }
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

    /** Commands whose first work is a model: PyTorch's native library starts loading before their command line is read. */
    static final Set<String> MODEL_FIRST = Set.of("predict", "listen", "serve");

    /**
     * Whether {@code args} run a command of {@link #MODEL_FIRST} (not its help or version), so that
     * starting the engine early pays. {@code -Dser4j.engine.late=true} turns it off (for measuring it).
     */
    static boolean startsEngineEarly(String[] args) {
        if (args.length == 0 || !MODEL_FIRST.contains(args[0]) || Boolean.getBoolean("ser4j.engine.late")) {
            return false;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) {
        if (startsEngineEarly(args)) {
            // about 1 s of a cold predict, now beside picocli, Jackson and the bundle files (docs/performance.md)
            Engines.startInBackground();
        }
        int code = commandLine(args.length > 0 ? args[0] : null).execute(args);
        // a command that failed before it needed the engine leaves the load running: let it end before
        // the process does, so the native library is never torn down half-loaded
        Engines.awaitStart();
        System.exit(code);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ser4j " + (v == null ? "development build" : v)};
        }
    }
}
