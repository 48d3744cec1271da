package io.ofql.experiments.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/** {@link ToyTable} and {@link RunStatus#trainingSecondsPerStep} on run files written by hand. */
public class ToyTableTest {
    private static final String EVALS_HEADER = "step,seed,wall_s,return_mean,return_std,normalized_score_mean,"
            + "normalized_score_std,episodes,cluster_-0.8_-0.8,cluster_-0.8_0.8,cluster_0.8_-0.8,cluster_0.8_0.8\n";

    /** A finished toy run: evaluations every 20 steps, logs every 10, checkpoints every 20. */
    private static void run(Path out, String algo, String train, String evals) throws Exception {
        Path dir = Files.createDirectories(out.resolve("toy-bandit").resolve(algo));
        Files.writeString(dir.resolve("config.json"), "{\"settings\": {\"algo\": \"" + algo + "\", \"task\": \"toy-bandit\","
                + " \"seeds\": [0, 1], \"steps\": 40, \"eval_every\": 20, \"eval_episodes\": 1, \"log_every\": 10,"
                + " \"checkpoint_every\": 20}, \"config\": {\"batchSize\": 256}}");
        Files.writeString(dir.resolve("train.csv"), "step,seed,wall_s,bc_loss\n" + train);
        Files.writeString(dir.resolve("evals.csv"), EVALS_HEADER + evals);
        Files.writeString(dir.resolve("summary.json"), "{\"wall_s\": 9}");
    }

    @Test
    public void bestClusterSharesPerSeedAndStepTimeWithoutEvaluations() throws Exception {
        Path out = Files.createTempDirectory("toy-table");
        // Logged at 10, 20, 30, 40; an evaluation and a checkpoint follow step 20, so only the
        // intervals 10 -> 20 (2 s) and 30 -> 40 (3 s) hold nothing but training: 5 s over 20 steps.
        run(out, "b", "10,0,1,0.5\n10,1,1,0.5\n20,0,3,0.5\n20,1,3,0.5\n30,0,11,0.4\n30,1,11,0.4\n40,0,14,0.3\n40,1,14,0.3\n",
                "20,0,4,NaN,NaN,10,NaN,100,0.5,0,0.1,0\n20,1,4,NaN,NaN,10,NaN,100,0,0,0.2,0\n"
                        + "40,1,15,NaN,NaN,95,NaN,100,0,0.02,0.93,0\n40,0,15,NaN,NaN,97,NaN,100,0,0,0.97,0.01\n");
        // A second algorithm, twice as slow per step, and a D4RL run the table must pass over.
        run(out, "a", "10,0,1,0.5\n10,1,1,0.5\n20,0,5,0.5\n20,1,5,0.5\n30,0,11,0.4\n30,1,11,0.4\n40,0,17,0.3\n40,1,17,0.3\n",
                "40,0,18,NaN,NaN,50,NaN,100,0.2,0.2,0.5,0.1\n40,1,18,NaN,NaN,50,NaN,100,0.2,0.2,0.3,0.1\n");
        Path d4rl = Files.createDirectories(out.resolve("hopper-medium-v2").resolve("c"));
        Files.writeString(d4rl.resolve("config.json"), "{\"settings\": {\"algo\": \"c\", \"task\": \"hopper-medium-v2\","
                + " \"seeds\": [0], \"steps\": 40, \"eval_every\": 20, \"checkpoint_every\": 20}}");
        Files.writeString(d4rl.resolve("summary.json"), "{\"wall_s\": 1}");

        ToyTable table = ToyTable.build(List.of(out));
        assertEquals(table.rows().size(), 2);
        ToyTable.Row a = table.rows().get(0);
        ToyTable.Row b = table.rows().get(1);
        assertEquals(a.algo(), "a");
        assertEquals(b.algo(), "b");
        assertEquals(b.secondsPerStep(), 5.0 / 20, 1e-12);
        assertEquals(a.secondsPerStep(), 10.0 / 20, 1e-12);
        // Step 40 is each seed's final evaluation, whatever the row order.
        assertEquals(b.best(), new double[] {0.97, 0.93}, 1e-12);
        assertEquals(b.meanBest(), 0.95, 1e-12);
        assertEquals(b.lowestBest(), 0.93, 1e-12);
        assertEquals(b.anyCluster(), new double[] {0.98, 0.95}, 1e-12);
        assertEquals(a.meanBest(), 0.4, 1e-12);

        String md = table.markdown();
        assertTrue(md.contains("| b | 40 x 256 | 95.0% | 93.0% | 96.5% | **250.0** |"), md);
        assertTrue(md.contains("| a | 40 x 256 | 40.0% | 30.0% | 90.0% | 500.0 |"), md);
    }
}
