package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.run.CsvTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class BenchAgentsCommandTest {

    @Test
    public void writesOneRowPerConfiguration() throws Exception {
        Path out = Files.createTempDirectory("bench").resolve("agents.csv");
        int code = Ofql.execute("bench", "agents", "--algos", "dql,fql", "--members", "1,2", "--dql-steps", "2",
                "--steps", "4", "--block", "2", "--warmup", "1", "--act-repeats", "1", "--task", "toy-bandit",
                "--out", out.toString());
        assertEquals(code, 0);
        CsvTable table = CsvTable.read(out);
        assertEquals(table.size(), 4);
        assertEquals(String.join(",", table.header()), BenchAgentsCommand.HEADER);
        for (int r = 0; r < table.size(); r++) {
            assertTrue(table.number(r, "train_step_ms") > 0);
            assertTrue(table.number(r, "actions_per_s_batch2500") > 0);
            assertEquals(table.number(r, "timed_steps"), 4.0);
        }
        assertEquals(table.rows().get(0)[0], "dql");
        assertEquals(table.rows().get(0)[1], "T=2");
        assertEquals(table.number(1, "members"), 2.0);
        assertEquals(table.rows().get(2)[0], "fql");
        assertEquals(table.number(2, "batch_size"), 2048.0);
        assertFalse(table.rows().get(0)[11].isEmpty(), "DJL version");
    }

    @Test
    public void profileCountsTheOperationsOfAStepAndOfActing() throws Exception {
        Path dir = Files.createTempDirectory("bench");
        Path out = dir.resolve("agents.csv");
        int code = Ofql.execute("bench", "agents", "--algos", "ofql", "--members", "1", "--steps", "2", "--block", "1",
                "--warmup", "1", "--act-repeats", "1", "--task", "toy-bandit", "--profile", dir.resolve("traces").toString(),
                "--out", out.toString());
        assertEquals(code, 0);
        CsvTable table = CsvTable.read(out);
        double train = table.number(0, "ops_train_step");
        double autograd = table.number(0, "ops_train_autograd");
        assertTrue(autograd > 0 && train > autograd, train + " ops, " + autograd + " autograd nodes");
        // Acting runs the same code for any number of states, and records no graph.
        assertEquals(table.number(0, "ops_act_batch1"), table.number(0, "ops_act_batch2500"));
        assertTrue(table.number(0, "ops_act_batch1") > 0);
        for (String trace : new String[] {"ofql-S1-train.json", "ofql-S1-act1.json", "ofql-S1-act2500.json"}) {
            assertTrue(Files.size(dir.resolve("traces").resolve(trace)) > 0, trace);
        }
        assertTrue(table.number(0, "train_step_cpu_ms") > 0);
        assertTrue(table.number(0, "act_cpu_ms_batch2500") > 0);
    }

    @Test
    public void badInputIsOneLineAndExitTwo() throws Exception {
        Path out = Files.createTempDirectory("bench").resolve("agents.csv");
        for (String[] args : new String[][] {
            {"--algos", "dqn"}, {"--members", "0", "--algos", "dql"}, {"--dql-steps", "0", "--algos", "dql"},
            {"--device", "tpu", "--algos", "dql"}, {"--steps", "0", "--algos", "dql"}
        }) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                String[] all = new String[args.length + 4];
                all[0] = "bench";
                all[1] = "agents";
                System.arraycopy(args, 0, all, 2, args.length);
                all[args.length + 2] = "--out";
                all[args.length + 3] = out.toString();
                code = Ofql.execute(all);
            } finally {
                System.setErr(saved);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(code, 2, String.join(" ", args) + ": " + message);
            assertTrue(message.startsWith("ofql: ") && message.contains(args[0]), message);
            assertEquals(message.strip().lines().count(), 1L, message);
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", args));
        }
    }
}
