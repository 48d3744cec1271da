package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.run.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * SIGKILL in the middle of a run, then the same command again: the files must equal those of a
 * run that was never interrupted (wall times aside). Runs in child JVMs on the CPU with one
 * intra-op thread, as a user's process would.
 */
public class KillResumeTest {

    static List<String> command(String algo, Path out, long steps, long every) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dai.djl.offline=true");
        cmd.add("io.ofql.experiments.cli.Ofql");
        cmd.addAll(List.of("train", "--algo", algo, "--task", "toy-bandit", "--seeds", "0,1", "--steps",
                Long.toString(steps), "--eval-every", Long.toString(every), "--checkpoint-every", Long.toString(every),
                "--log-every", Long.toString(every / 4), "--device", "cpu", "--out", out.toString()));
        return cmd;
    }

    static Process start(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    static void finish(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "run did not finish");
        assertEquals(p.exitValue(), 0, Files.readString(log));
    }

    /** The rows without the wall-time column, which differs between any two runs. */
    static List<String> rows(Path csv) throws IOException {
        CsvTable t = CsvTable.read(csv);
        int wall = t.column("wall_s");
        List<String> out = new ArrayList<>();
        for (String[] r : t.rows()) {
            List<String> keep = new ArrayList<>(List.of(r));
            keep.remove(wall);
            out.add(String.join(",", keep));
        }
        return out;
    }

    static void killAndResume(String algo, long steps, long every) throws Exception {
        Path root = Files.createTempDirectory("kill-" + algo);
        Path clean = root.resolve("clean");
        Path broken = root.resolve("broken");
        Path log = root.resolve("log.txt");
        finish(start(command(algo, clean, steps, every), log), log);

        Process p = start(command(algo, broken, steps, every), log);
        Path run = broken.resolve("toy-bandit").resolve(algo);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!Files.exists(run.resolve("state.json")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor();
        assertFalse(Files.exists(run.resolve("summary.json")), "the run finished before it could be killed");
        assertTrue(Files.exists(run.resolve("state.json")), Files.readString(log));

        finish(start(command(algo, broken, steps, every), log), log);
        Path done = clean.resolve("toy-bandit").resolve(algo);
        assertEquals(rows(run.resolve("evals.csv")), rows(done.resolve("evals.csv")));
        assertEquals(rows(run.resolve("train.csv")), rows(done.resolve("train.csv")));
        assertEquals(rows(run.resolve("evals.csv")).size(), (int) (steps / every) * 2);
        try (var files = Files.list(run)) {
            assertEquals(files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).count(), 1L);
        }
    }

    @Test
    public void sigkillThenResumeMatchesAnUninterruptedRun() throws Exception {
        killAndResume("test-linear", 8_000, 800);
    }
}
