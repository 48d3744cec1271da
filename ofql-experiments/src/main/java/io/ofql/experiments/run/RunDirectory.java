package io.ofql.experiments.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one run: {@code OUT/<task>/<algo>/}. All seeds of a run form one ensemble model, so
 * they share this directory; the per-seed rows are told apart by the {@code seed} column.
 *
 * <pre>
 * config.json        settings, resolved hyperparameters, device and library versions
 * train.csv          step, seed, wall_s, then the algorithm's metrics (losses, Q statistics)
 * evals.csv          step, seed, wall_s, return and normalized score mean/std, episodes[, extras]
 * normalizer.json    observation mean/std fitted on the dataset (D4RL tasks)
 * state.json         the committed checkpoint: its step and the wall time so far
 * checkpoint-&lt;step&gt;/ the agent's networks and optimiser state at that step
 * summary.json       written last; its presence marks the run finished
 * failed.json        written when training stopped on an exception: step and error line
 * </pre>
 */
public record RunDirectory(Path root) {

    public static RunDirectory of(Path out, String task, String algo) {
        return new RunDirectory(out.resolve(task).resolve(algo));
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path trainCsv() {
        return root.resolve("train.csv");
    }

    public Path evalsCsv() {
        return root.resolve("evals.csv");
    }

    public Path normalizer() {
        return root.resolve("normalizer.json");
    }

    public Path state() {
        return root.resolve("state.json");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    /** Written when a run stops on an exception; deleted when it resumes. */
    public Path failure() {
        return root.resolve("failed.json");
    }

    public Path checkpoint(long step) {
        return root.resolve("checkpoint-" + step);
    }

    public boolean isFinished() {
        return Files.isRegularFile(summary());
    }

    public boolean isStarted() {
        return Files.isRegularFile(config());
    }
}
