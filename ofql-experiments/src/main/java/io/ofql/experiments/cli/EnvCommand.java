package io.ofql.experiments.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ofql.InputException;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.Environments;
import io.ofql.task.TaskRegistry;
import io.ofql.eval.EvalResult;
import io.ofql.eval.Evaluator;
import io.ofql.eval.ExpertPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ofql env}: the environments ({@code info}) and a policy check ({@code check}). */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "The MuJoCo environments (locomotion, AntMaze): list them, or roll out a policy.",
        subcommands = {EnvCommand.Info.class, EnvCommand.Check.class})
public final class EnvCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an env subcommand is required (info, check)");
    }

    /** {@code ofql env info}: sizes, time limits, D4RL reference returns and the episode rule. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "List the environments.")
    static final class Info implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-15s %-16s %4s %4s %6s %12s %10s  %s%n",
                    "env", "name", "obs", "act", "steps", "ref_min", "ref_max", "model and episode end");
            for (EnvironmentFactory e : Environments.all()) {
                out.printf(Locale.ROOT, "%-15s %-16s %4d %4d %6d %12.6f %10.1f  %s%n",
                        e.id(), e.displayName(), e.observationDim(), e.actionDim(), e.maxEpisodeSteps(),
                        e.refMin(), e.refMax(), e.description());
            }
            out.println("A time limit is a time-out, not a terminal; normalized score = 100 * (return - ref_min)"
                    + " / (ref_max - ref_min) (AntMaze: the success rate x 100). Tasks name their environment:"
                    + " hopper-medium-v2 -> hopper, antmaze-medium-play-v2 -> antmaze-medium.");
            out.flush();
        }
    }

    /** {@code ofql env check}: roll out a CS285-format MLP policy and report D4RL scores. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Roll out an MLP policy (CS285 HDF5 format) and print returns and normalized scores.")
    static final class Check implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--env", required = true,
                description = "hopper, halfcheetah, walker2d, ant, antmaze-umaze, antmaze-medium, antmaze-large,"
                        + " or a D4RL task name (hopper-medium-v2, antmaze-umaze-v2).")
        String env;

        @Option(names = "--policy", required = true, description = "Policy HDF5 file (obs_mean, obs_std, hidden/k/{W,b}, out/{W,b}).")
        Path policy;

        @Option(names = "--episodes", defaultValue = "5", description = "Episodes to run (default ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--seed", defaultValue = "0", description = "Base seed of the reset noise (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", description = "Simulator threads (default: all cores).")
        Integer threads;

        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        @Override
        public void run() {
            EnvironmentFactory environment = TaskRegistry.environment(env);
            if (episodes < 1) {
                throw new InputException("--episodes must be >= 1, got " + episodes);
            }
            int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (nThreads < 1) {
                throw new InputException("--threads must be >= 1, got " + nThreads);
            }
            ExpertPolicy expert = ExpertPolicy.load(policy);
            environment.requireMatches(expert.observationDim(), expert.actionDim(), "policy " + policy);
            EvalResult result;
            try (Evaluator evaluator = new Evaluator(environment, nThreads)) {
                result = evaluator.evaluate(expert, episodes, seed);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(toJson(result)));
            } else {
                printTable(out, result);
            }
            out.flush();
        }

        private JsonObject toJson(EvalResult r) {
            JsonObject o = new JsonObject();
            o.addProperty("env", r.env().id());
            o.addProperty("task", env);
            o.addProperty("policy", policy.toString());
            o.addProperty("episodes", r.episodes());
            o.addProperty("seed", r.seed());
            JsonArray returns = new JsonArray();
            JsonArray lengths = new JsonArray();
            JsonArray scores = new JsonArray();
            for (int i = 0; i < r.episodes(); i++) {
                returns.add(r.returns()[i]);
                lengths.add(r.lengths()[i]);
                scores.add(r.normalizedScores()[i]);
            }
            o.add("returns", returns);
            o.add("lengths", lengths);
            o.add("normalized_scores", scores);
            o.addProperty("return_mean", r.returnMean());
            o.addProperty("return_std", r.returnStd());
            o.addProperty("normalized_score_mean", r.normalizedScoreMean());
            o.addProperty("normalized_score_std", r.normalizedScoreStd());
            o.addProperty("std", "population");
            return o;
        }

        private void printTable(PrintWriter out, EvalResult r) {
            out.printf(Locale.ROOT, "%s (%s), policy %s, %d episodes, seed %d%n",
                    r.env().id(), r.env().displayName(), policy, r.episodes(), r.seed());
            out.printf(Locale.ROOT, "%-8s %12s %7s %11s%n", "episode", "return", "length", "normalized");
            for (int i = 0; i < r.episodes(); i++) {
                out.printf(Locale.ROOT, "%-8d %12.2f %7d %11.2f%n",
                        i, r.returns()[i], r.lengths()[i], r.normalizedScores()[i]);
            }
            out.printf(Locale.ROOT, "mean +- std (population): return %.2f +- %.2f, normalized %.2f +- %.2f%n",
                    r.returnMean(), r.returnStd(), r.normalizedScoreMean(), r.normalizedScoreStd());
        }
    }
}
