package io.ofql.experiments.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code ofql train} invocation: the run's settings plus where it reads and writes.
 *
 * @param out output root; the run lives in {@code out/<task>/<algo>/}
 * @param dataDir directory of D4RL files, or {@code null} for {@link io.ofql.task.Task#defaultDataDir()}
 * @param device {@code cpu}, {@code gpu}, or {@code null} for the GPU when there is one
 */
public record TrainRequest(RunSettings settings, Path out, Path dataDir, String device) {

    public RunDirectory directory() {
        return RunDirectory.of(out, settings.task(), settings.algo());
    }

    /** The {@code ofql train} arguments that make the same request (used to start worker processes). */
    public List<String> toArgs() {
        RunSettings s = settings;
        List<String> a = new ArrayList<>(List.of(
                "train", "--algo", s.algo(), "--task", s.task(),
                "--seeds", Arrays.stream(s.seeds()).mapToObj(Long::toString).collect(Collectors.joining(",")),
                "--steps", Long.toString(s.steps()),
                "--eval-every", Long.toString(s.evalEvery()),
                "--eval-episodes", Integer.toString(s.evalEpisodes()),
                "--log-every", Long.toString(s.logEvery()),
                "--checkpoint-every", Long.toString(s.checkpointEvery()),
                "--protocol", s.protocol().cliName(),
                "--out", out.toString()));
        if (s.dataset() != null) {
            a.addAll(List.of("--dataset", s.dataset()));
        }
        if (dataDir != null) {
            a.addAll(List.of("--data-dir", dataDir.toString()));
        }
        if (device != null) {
            a.addAll(List.of("--device", device));
        }
        for (Map.Entry<String, String> e : s.overrides().entrySet()) {
            a.addAll(List.of("--set", e.getKey() + "=" + e.getValue()));
        }
        return a;
    }
}
