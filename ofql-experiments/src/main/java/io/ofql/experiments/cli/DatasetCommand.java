package io.ofql.experiments.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ofql.InputException;
import io.ofql.data.D4rlDataset;
import io.ofql.data.D4rlReader;
import io.ofql.data.Transitions;
import io.ofql.env.EnvSpec;
import io.ofql.task.TaskRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ofql dataset}: inspect offline datasets; each action is a subcommand. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Inspect D4RL-layout HDF5 datasets.",
        subcommands = {DatasetCommand.Info.class})
public final class DatasetCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a dataset subcommand is required");
    }

    /**
     * {@code ofql dataset info FILE [--json] [--expect-dims OBS,ACT] [--task NAME]}: validates the
     * file (every check of {@link D4rlReader}, plus the sizes when asked) and prints its size,
     * types, episodes and flags.
     */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = {
                "Validate a D4RL HDF5 file and print transitions, observation and action sizes and dtypes, "
                        + "episodes, episode return mean/min/max, terminal and time-out counts and the keys.",
                "Exit code 2 with one line on stderr when the file is missing, not HDF5, truncated, lacks a "
                        + "required key, has keys of different lengths, holds NaN/Inf, or has other sizes than "
                        + "--expect-dims or the --task environment."
            })
    static final class Info implements Runnable {
        @Parameters(index = "0", paramLabel = "FILE", description = "The HDF5 dataset file.")
        Path file;

        @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
        boolean json;

        @Option(
                names = "--expect-dims",
                split = ",",
                paramLabel = "OBS,ACT",
                description = "Require these observation and action sizes (e.g. 11,3 for Hopper).")
        int[] expectDims;

        @Option(
                names = "--task",
                paramLabel = "NAME",
                description = "Require the observation and action sizes of this task's environment "
                        + "(e.g. hopper-medium-v2).")
        String task;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (expectDims != null && expectDims.length != 2) {
                throw new InputException("--expect-dims " + Arrays.toString(expectDims)
                        + ": expected two sizes OBS,ACT such as 11,3");
            }
            D4rlDataset data = D4rlReader.read(file);
            if (expectDims != null) {
                data.requireDims(expectDims[0], expectDims[1], "--expect-dims " + expectDims[0] + "," + expectDims[1]);
            }
            if (task != null) {
                EnvSpec env = EnvSpec.forId(TaskRegistry.environmentOf(task));
                data.requireDims(env.observationDim(), env.actionDim(), task);
            }
            Summary s = new Summary(data);
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? s.toJson() : s.toText());
            out.flush();
        }
    }

    /** What {@code info} reports, computed once for both output formats. */
    static final class Summary {
        final D4rlDataset data;
        final double returnMean;
        final double returnMin;
        final double returnMax;
        final int lengthMin;
        final int lengthMax;
        final int qLearningTransitions;

        Summary(D4rlDataset data) {
            this.data = data;
            double[] returns = data.episodeReturns();
            int[] lengths = data.episodeLengths();
            returnMean = Arrays.stream(returns).average().orElse(Double.NaN);
            returnMin = Arrays.stream(returns).min().orElse(Double.NaN);
            returnMax = Arrays.stream(returns).max().orElse(Double.NaN);
            lengthMin = Arrays.stream(lengths).min().orElse(0);
            lengthMax = Arrays.stream(lengths).max().orElse(0);
            int usable;
            try {
                usable = Transitions.from(data).size();
            } catch (InputException e) {
                // Without next_observations a file of time-out steps only leaves nothing to learn from.
                usable = 0;
            }
            qLearningTransitions = usable;
        }

        String toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("file", data.file().toString());
            o.addProperty("transitions", data.size());
            o.addProperty("q_learning_transitions", qLearningTransitions);
            o.addProperty("observation_dim", data.obsDim());
            o.addProperty("action_dim", data.actDim());
            o.addProperty("observation_dtype", data.observationDtype());
            o.addProperty("action_dtype", data.actionDtype());
            o.addProperty("episodes", data.episodeCount());
            o.addProperty("episode_length_min", lengthMin);
            o.addProperty("episode_length_max", lengthMax);
            o.addProperty("return_mean", returnMean);
            o.addProperty("return_min", returnMin);
            o.addProperty("return_max", returnMax);
            o.addProperty("terminals", data.terminalCount());
            o.addProperty("timeouts", data.timeoutCount());
            o.addProperty("has_next_observations", data.hasNextObservations());
            JsonArray keys = new JsonArray();
            data.keys().forEach(keys::add);
            o.add("keys", keys);
            return new Gson().toJson(o);
        }

        String toText() {
            StringBuilder b = new StringBuilder();
            line(b, "file", data.file().toString());
            line(b, "transitions", data.size() + " steps (" + qLearningTransitions + " for Q-learning)");
            line(b, "observations", data.obsDim() + " (" + data.observationDtype() + ")");
            line(b, "actions", data.actDim() + " (" + data.actionDtype() + ")");
            line(b, "episodes", data.episodeCount() + " (length " + lengthMin + " to " + lengthMax + ")");
            line(b, "return", String.format(Locale.ROOT, "mean %.3f, min %.3f, max %.3f", returnMean, returnMin,
                    returnMax));
            line(b, "terminals", String.valueOf(data.terminalCount()));
            line(b, "timeouts", String.valueOf(data.timeoutCount()));
            line(b, "next_observations", data.hasNextObservations() ? "yes" : "no (next = observations[i+1])");
            b.append(String.format(Locale.ROOT, "%-18s %s", "keys", String.join(", ", data.keys())));
            return b.toString();
        }

        private static void line(StringBuilder b, String label, String value) {
            b.append(String.format(Locale.ROOT, "%-18s %s%n", label, value));
        }
    }
}
