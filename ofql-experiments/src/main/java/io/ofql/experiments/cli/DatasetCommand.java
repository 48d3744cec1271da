package io.ofql.experiments.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ofql.InputException;
import io.ofql.data.D4rlDataset;
import io.ofql.data.Datasets;
import io.ofql.data.Transitions;
import io.ofql.env.EnvironmentFactory;
import io.ofql.task.TaskRegistry;
import java.io.PrintWriter;
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
        description = "Inspect offline datasets (D4RL HDF5, Minari, OGBench .npz), or collect one in a MuJoCo environment.",
        subcommands = {DatasetCommand.Info.class, DatasetCollectCommand.class})
public final class DatasetCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a dataset subcommand is required");
    }

    /**
     * {@code ofql dataset info FILE [--json] [--expect-dims OBS,ACT] [--task NAME]}: validates the
     * dataset (a D4RL HDF5 file, an OGBench .npz, a Minari folder or id; every check of its reader,
     * {@link Datasets}, plus the sizes when asked) and prints its size, types, episodes and flags.
     */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = {
                "Validate a dataset (D4RL HDF5 file, OGBench .npz file, Minari dataset folder, or Minari id such as "
                        + "mujoco/hopper/medium-v0 under $MINARI_DATASETS_PATH or ~/.minari/datasets) and print its "
                        + "format, transitions, observation and action sizes and dtypes, episodes, episode return "
                        + "mean/min/max, terminal and time-out counts, reference scores and the keys.",
                "Exit code 2 with one line on stderr when the dataset is missing, unreadable, truncated, lacks a "
                        + "required key or group, has arrays of inconsistent lengths, holds NaN/Inf, or has other sizes "
                        + "than --expect-dims or the --task environment; with an AntMaze --task also when it lacks "
                        + "infos/goal, infos/qpos or infos/qvel of the right shape, or its terminals differ from its "
                        + "0/1 rewards."
            })
    static final class Info implements Runnable {
        @Parameters(index = "0", paramLabel = "DATASET",
                description = "A D4RL .hdf5 file, an OGBench .npz file, a Minari dataset folder or Minari id.")
        String file;

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
            EnvironmentFactory env = task == null ? null : TaskRegistry.environment(task);
            D4rlDataset data = task == null ? Datasets.read(file) : TaskRegistry.resolve(task).readDataset(file);
            if (expectDims != null) {
                data.requireDims(expectDims[0], expectDims[1], "--expect-dims " + expectDims[0] + "," + expectDims[1]);
            }
            if (env != null) {
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
            o.addProperty("format", data.format());
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
            double[] ref = data.referenceScores();
            if (ref != null) {
                o.addProperty("ref_min_score", ref[0]);
                o.addProperty("ref_max_score", ref[1]);
            }
            JsonArray keys = new JsonArray();
            data.keys().forEach(keys::add);
            o.add("keys", keys);
            return new Gson().toJson(o);
        }

        String toText() {
            StringBuilder b = new StringBuilder();
            line(b, "file", data.file().toString());
            line(b, "format", data.format());
            line(b, "transitions", data.size() + " steps (" + qLearningTransitions + " for Q-learning)");
            line(b, "observations", data.obsDim() + " (" + data.observationDtype() + ")");
            line(b, "actions", data.actDim() + " (" + data.actionDtype() + ")");
            line(b, "episodes", data.episodeCount() + " (length " + lengthMin + " to " + lengthMax + ")");
            line(b, "return", String.format(Locale.ROOT, "mean %.3f, min %.3f, max %.3f", returnMean, returnMin,
                    returnMax));
            line(b, "terminals", String.valueOf(data.terminalCount()));
            line(b, "timeouts", String.valueOf(data.timeoutCount()));
            line(b, "next_observations", data.hasNextObservations() ? "yes" : "no (next = observations[i+1])");
            double[] ref = data.referenceScores();
            if (ref != null) {
                line(b, "reference scores", String.format(Locale.ROOT, "min %.3f, max %.3f (the dataset's own)", ref[0],
                        ref[1]));
            }
            b.append(String.format(Locale.ROOT, "%-18s %s", "keys", String.join(", ", data.keys())));
            return b.toString();
        }

        private static void line(StringBuilder b, String label, String value) {
            b.append(String.format(Locale.ROOT, "%-18s %s%n", label, value));
        }
    }
}
