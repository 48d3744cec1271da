package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.run.CsvTable;
import io.ofql.experiments.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class BenchMemoryCommandTest {

    @Test
    public void samplesEveryKStepsFromStepZero() throws Exception {
        Path out = Files.createTempDirectory("bench").resolve("memory.csv");
        int code = Ofql.execute("bench", "memory", "--algo", "fql", "--task", "toy-bandit", "--steps", "25",
                "--sample-every", "10", "--out", out.toString());
        assertEquals(code, 0);
        CsvTable table = CsvTable.read(out);
        assertEquals(String.join(",", table.header()), BenchMemoryCommand.HEADER);
        // Step 0, every 10 steps, and the last step (the loop reads metrics back there too).
        assertEquals(table.size(), 4);
        double[] steps = {0, 10, 20, 25};
        for (int r = 0; r < table.size(); r++) {
            assertEquals(table.number(r, "step"), steps[r]);
            assertTrue(table.number(r, "rss_mb") > table.number(r, "heap_used_mb"), "row " + r);
            assertTrue(table.number(r, "heap_committed_mb") >= table.number(r, "heap_used_mb"), "row " + r);
            assertTrue(table.number(r, "live_arrays") > 0, "row " + r);
            // The live heap after a full collection: some objects survive, and never more than the heap may hold.
            assertTrue(table.number(r, "heap_live_mb") > 0, "row " + r);
            assertTrue(table.number(r, "heap_live_mb") <= table.number(r, "max_heap_mb"), "row " + r);
            assertTrue(Double.isNaN(table.number(r, "gpu_used_mb")), "no GPU memory on the CPU");
        }
        assertTrue(Double.isNaN(table.number(0, "window_step_ms")));
        for (int r = 1; r < table.size(); r++) {
            assertTrue(table.number(r, "window_step_ms") > 0, "row " + r);
            assertTrue(table.number(r, "elapsed_s") > table.number(r - 1, "elapsed_s"), "row " + r);
        }
        // The training loop frees each step's arrays: the count after 20 steps is the count after 10.
        assertEquals(table.number(2, "live_arrays"), table.number(1, "live_arrays"));
    }

    @DataProvider
    public Object[][] algorithms() {
        return new Object[][] {{"ofql"}, {"dql"}, {"cpql"}, {"fql"}};
    }

    /**
     * No step leaves an array behind, in the step's managers or in the process's shared constants
     * (a per-step value made into a constant once grew the count by one per step).
     */
    @Test(dataProvider = "algorithms")
    public void liveArraysStayFlatOverSteps(String algo) throws Exception {
        Path out = Files.createTempDirectory("bench").resolve("memory.csv");
        assertEquals(Ofql.execute("bench", "memory", "--algo", algo, "--task", "toy-bandit", "--steps", "30",
                "--sample-every", "10", "--out", out.toString()), 0);
        CsvTable table = CsvTable.read(out);
        for (int r = 2; r < table.size(); r++) {
            assertEquals(table.number(r, "live_arrays"), table.number(1, "live_arrays"), algo + " at row " + r);
        }
    }

    @Test
    public void badInputIsOneLineAndExitTwo() throws Exception {
        Path out = Files.createTempDirectory("bench").resolve("memory.csv");
        for (String[] args : new String[][] {
            {"--algo", "dqn"}, {"--sample-every", "0"}, {"--steps", "0"}, {"--device", "tpu"}, {"--set", "steps"}
        }) {
            List<String> all = new ArrayList<>(List.of("bench", "memory"));
            all.addAll(List.of(args));
            all.addAll(List.of("--task", "toy-bandit", "--out", out.toString()));
            Cli.Result result = Cli.run(all.toArray(String[]::new));
            int code = result.code();
            String message = result.err();
            assertEquals(code, 2, String.join(" ", args) + ": " + message);
            assertTrue(message.startsWith("ofql: ") && message.contains(args[0]), message);
            assertEquals(message.strip().lines().count(), 1L, message);
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", args));
        }
    }
}
