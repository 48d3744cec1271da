package io.ofql.experiments.cli;

import io.ofql.config.Protocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import picocli.CommandLine.Option;

/**
 * The options several commands share, each defined once as a picocli mixin
 * ({@code @Mixin SharedOptions.Device device;}), so their names, meaning and help agree everywhere.
 */
final class SharedOptions {
    private SharedOptions() {}

    /** {@code --device cpu|gpu}. */
    static final class Device {
        @Option(names = "--device", description = "cpu or gpu (default: gpu when present).")
        String device;
    }

    /** {@code --out DIR}: the root that run directories go under. */
    static final class OutputRoot {
        @Option(names = "--out", defaultValue = "runs", description = "Output root (default: ${DEFAULT-VALUE}).")
        Path out;
    }

    /** {@code --steps N}: gradient steps of each run. */
    static final class Steps {
        @Option(names = "--steps", description = "Gradient steps per run (default: the algorithm's preset for the task, e.g. 1M).")
        Long steps;
    }

    /** {@code --seeds 0,1,2}: the ensemble's seeds, one member each. */
    static final class Seeds {
        @Option(names = "--seeds", description = "Comma-separated seeds, one ensemble member each "
                + "(default: 0 for train and demo; 0,1,2 for sweep).")
        String seeds;

        /** The seeds given, or {@code fallback} (comma-separated) when the option is absent. */
        long[] orElse(String fallback) {
            return TrainOptions.seeds(seeds != null ? seeds : fallback);
        }
    }

    /**
     * {@code --task}, {@code --device} and {@code --seed} of the benchmarks that train on synthetic
     * Hopper-sized data ({@code bench agents}, {@code bench memory}); the device defaults to the CPU
     * so that a benchmark never moves to a GPU unasked.
     */
    static final class SyntheticData {
        @Option(names = "--task", description = "Task whose presets size the networks and batch (default: ${DEFAULT-VALUE}).")
        String task = "hopper-medium-v2";

        @Option(names = "--device", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
        String device = "cpu";

        @Option(names = "--seed", description = "Seed of the synthetic data and of the agents (default: ${DEFAULT-VALUE}).")
        long seed = 0;
    }

    /** {@code --protocol paper|shared}: the evaluation protocol of the runs. */
    static final class EvaluationProtocol {
        @Option(names = "--protocol", description = "Evaluation protocol: paper (each algorithm as its paper "
                + "evaluates it) or shared (one protocol for every algorithm; see docs/protocols.md) (default: paper).")
        String protocol;

        /** The protocol given, or {@link Protocol#PAPER} when the option is absent. */
        Protocol value() {
            return Protocol.parse(protocol);
        }
    }

    /** {@code --set name=value} (repeatable): hyperparameter overrides. */
    static final class Overrides {
        @Option(names = "--set", description = "Hyperparameter override name=value (repeatable).")
        List<String> set = new ArrayList<>();

        SortedMap<String, String> pairs() {
            return TrainOptions.pairs("--set", set);
        }
    }
}
