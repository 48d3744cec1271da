package io.ofql.experiments.run;

import io.ofql.InputException;
import io.ofql.config.Protocol;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one {@code ofql train} run was asked to do, apart from where it writes. Stored in the run's
 * {@code config.json}; a resumed run must be asked for the same settings (see {@link #differences}).
 *
 * @param algo algorithm name (an {@link io.ofql.agent.AgentFactory#algorithm()})
 * @param task task name, e.g. {@code toy-bandit} or {@code hopper-medium-v2}
 * @param seeds one seed per ensemble member, all trained as one batched model
 * @param steps total gradient steps
 * @param evalEvery evaluate after every this many steps (and after the last)
 * @param evalEpisodes episodes per seed per evaluation before the last step, which runs the
 *     protocol's {@code finalEpisodes} (both ignored by {@code toy-bandit})
 * @param logEvery read the training metrics every this many steps
 * @param checkpointEvery write a checkpoint every this many steps (and after the last)
 * @param overrides hyperparameter overrides ({@code --set name=value}), sorted by name
 * @param dataset the dataset file, or {@code null} for the task's default (or a generated task)
 * @param protocol the evaluation protocol the algorithm's settings are resolved under
 */
public record RunSettings(
        String algo,
        String task,
        long[] seeds,
        long steps,
        long evalEvery,
        int evalEpisodes,
        long logEvery,
        long checkpointEvery,
        SortedMap<String, String> overrides,
        String dataset,
        Protocol protocol) {

    public RunSettings {
        requirePositive("--steps", steps);
        requirePositive("--eval-every", evalEvery);
        requirePositive("--eval-episodes", evalEpisodes);
        requirePositive("--log-every", logEvery);
        requirePositive("--checkpoint-every", checkpointEvery);
        if (seeds.length == 0) {
            throw new InputException("--seeds: at least one seed is required");
        }
        if (Arrays.stream(seeds).distinct().count() != seeds.length) {
            throw new InputException("--seeds " + Arrays.toString(seeds) + " lists a seed twice");
        }
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must be set");
        }
        seeds = seeds.clone();
        overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
    }

    /** Settings under the {@link Protocol#PAPER paper} protocol. */
    public RunSettings(String algo, String task, long[] seeds, long steps, long evalEvery, int evalEpisodes,
            long logEvery, long checkpointEvery, SortedMap<String, String> overrides, String dataset) {
        this(algo, task, seeds, steps, evalEvery, evalEpisodes, logEvery, checkpointEvery, overrides, dataset,
                Protocol.PAPER);
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) {
            throw new InputException(option + " must be a positive integer, got " + value);
        }
    }

    @Override
    public long[] seeds() {
        return seeds.clone();
    }

    /** Whether a step is an evaluation step (every {@code evalEvery} steps, and the last). */
    public boolean isEvalStep(long step) {
        return step % evalEvery == 0 || step == steps;
    }

    public boolean isCheckpointStep(long step) {
        return step % checkpointEvery == 0 || step == steps;
    }

    public boolean isLogStep(long step) {
        return step % logEvery == 0 || step == steps;
    }

    /**
     * The first step after {@code from} at which the trainer must stop to log nothing but
     * evaluate or checkpoint (the end of the next training segment).
     */
    public long nextBoundary(long from) {
        long nextEval = (from / evalEvery + 1) * evalEvery;
        long nextCkpt = (from / checkpointEvery + 1) * checkpointEvery;
        return Math.min(steps, Math.min(nextEval, nextCkpt));
    }

    /**
     * The settings that differ from {@code stored} in a way that would make continuing the stored
     * run wrong, as {@code name: stored -> requested}; empty when the run can be resumed. The
     * checkpoint interval is free to change: it moves no row of the results.
     */
    public String differences(RunSettings stored) {
        StringBuilder sb = new StringBuilder();
        diff(sb, "algo", stored.algo, algo);
        diff(sb, "task", stored.task, task);
        diff(sb, "seeds", Arrays.toString(stored.seeds), Arrays.toString(seeds));
        diff(sb, "steps", stored.steps, steps);
        diff(sb, "eval-every", stored.evalEvery, evalEvery);
        diff(sb, "eval-episodes", stored.evalEpisodes, evalEpisodes);
        diff(sb, "log-every", stored.logEvery, logEvery);
        diff(sb, "set", stored.overrides, overrides);
        diff(sb, "dataset", stored.dataset, dataset);
        diff(sb, "protocol", stored.protocol.cliName(), protocol.cliName());
        return sb.toString();
    }

    private static void diff(StringBuilder sb, String name, Object stored, Object requested) {
        if (!java.util.Objects.equals(stored, requested)) {
            sb.append(sb.length() == 0 ? "" : "; ").append(name).append(": ").append(stored).append(" -> ").append(requested);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSettings r && differences(r).isEmpty();
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(algo, task, Arrays.hashCode(seeds), steps, overrides);
    }

    @Override
    public String toString() {
        return "RunSettings[algo=" + algo + ", task=" + task + ", seeds=" + Arrays.toString(seeds) + ", steps=" + steps
                + ", evalEvery=" + evalEvery + ", evalEpisodes=" + evalEpisodes + ", logEvery=" + logEvery
                + ", checkpointEvery=" + checkpointEvery + ", overrides=" + overrides + ", dataset=" + dataset
                + ", protocol=" + protocol.cliName() + "]";
    }
}
