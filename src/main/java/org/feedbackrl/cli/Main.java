package org.feedbackrl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code feedbackrl} command. */
@Command(name = "feedbackrl", mixinStandardHelpOptions = true, version = "feedback-rl 0.1.0",
        description = "Learn precise control from minutes of real data: a model-based tracking controller, "
                + "a small network that corrects it, and policy gradients along recorded trajectories.",
        subcommands = {DemoCommand.class, TrainCommand.class, ExperimentCommand.class, GradientCommand.class, CheckModelCommand.class,
                AnalyzeCommand.class, CheckStabilityCommand.class, HwCommand.class, BenchCommand.class,
                EvaluateCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with one-line error reporting; tests call this. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("baseline", BaselineCommand.commandLine());   // flags generated from the config records
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("feedbackrl: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((thrown, c, parsed) -> {
            // Work run on a pool (the experiments' seeds) arrives wrapped; what the user must read is the cause.
            Exception ex = thrown;
            while ((ex instanceof java.util.concurrent.ExecutionException || ex instanceof java.util.concurrent.CompletionException)
                    && ex.getCause() instanceof Exception cause) ex = cause;
            if (ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof org.feedbackrl.train.Trainer.TrainingException) {
                c.getErr().println("feedbackrl: " + ex.getMessage());
                c.getErr().flush();
                return ex instanceof UserError ue ? ue.exitCode() : 2;
            }
            throw thrown;
        });
        return cl;
    }

    /** Runs the CLI and returns its exit code (no System.exit), for tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
