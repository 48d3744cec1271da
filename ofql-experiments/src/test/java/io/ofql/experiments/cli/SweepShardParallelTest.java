package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.Test;

/** Shards run exactly their jobs; parallel sweeps run each job in its own process. */
public class SweepShardParallelTest {

    static String[] sweep(Path out, Path hopper, String... extra) {
        List<String> a = new ArrayList<>(List.of("sweep", "--tasks", "toy-bandit,hopper-expert-v2", "--algos", "test-linear",
                "--seeds", "0,1", "--steps", "40", "--eval-every", "20", "--eval-episodes", "1", "--log-every", "20",
                "--dataset", "hopper-expert-v2=" + hopper, "--device", "cpu", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    public void shardsRunTheirJobsAndParallelRunsUseProcesses() throws Exception {
        Path hopper = SharedData.cs285("hopper-expert-cs285.hdf5");
        Path out = Files.createTempDirectory("shards");
        // Sorted jobs: hopper-expert-v2/test-linear (0), toy-bandit/test-linear (1).
        Cli.Result first = Cli.run(sweep(out, hopper, "--shard", "1/2"));
        assertEquals(first.code(), 0, first.err());
        assertTrue(Files.exists(out.resolve("toy-bandit/test-linear/summary.json")));
        assertFalse(Files.exists(out.resolve("hopper-expert-v2")), "shard 1/2 must not run job 0");

        Cli.Result second = Cli.run(sweep(out, hopper, "--shard", "0/2", "--parallel", "2"));
        assertEquals(second.code(), 0, second.out() + second.err());
        assertTrue(Files.exists(out.resolve("hopper-expert-v2/test-linear/summary.json")));
        assertTrue(Files.isRegularFile(out.resolve("logs/hopper-expert-v2.test-linear.log")));

        // Everything finished: the whole sweep in parallel now starts no process.
        Cli.Result all = Cli.run(sweep(out, hopper, "--parallel", "2"));
        assertEquals(all.code(), 0, all.err());
        assertEquals(all.err().split("already finished", -1).length - 1, 2, all.err());
        assertFalse(all.err().contains("started"), all.err());
    }
}
