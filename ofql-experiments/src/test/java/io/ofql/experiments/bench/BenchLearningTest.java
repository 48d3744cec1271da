package io.ofql.experiments.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.jhdf.HdfFile;
import io.ofql.InputException;
import io.ofql.experiments.report.RunResult;
import io.ofql.experiments.run.Stats;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.testng.Assert;
import org.testng.annotations.Test;

/**
 * {@code ofql bench learning} end to end on the CS285 Hopper recording (as hopper-expert-v2), with
 * the test-only linear algorithm in two variants so that it runs in seconds.
 */
public class BenchLearningTest {

    private static String[] args(Path out, Path file) {
        return new String[] {"bench", "learning", "--data", "hopper-expert-v2=" + file, "--variants",
                "test-linear;test-linear:lr=0.01", "--steps", "40", "--seeds", "0,1", "--eval-every", "20",
                "--eval-episodes", "1", "--log-every", "10", "--device", "cpu", "--out", out.toString()};
    }

    @Test
    public void tabulatesEveryVariantBesideTheBehaviourScore() throws Exception {
        Path file = SharedData.cs285("hopper-expert-cs285.hdf5");
        Path out = Files.createTempDirectory("bench-learning");
        Cli.Result r = Cli.run(args(out, file));
        assertEquals(r.code(), 0, r.err());
        String table = Files.readString(out.resolve("learning.md"));
        assertTrue(r.out().contains(table.trim()), r.out());

        // Behaviour: the recording's two episodes (both end in a time-out), normalized with Hopper's
        // D4RL reference returns, computed here from the file's own metadata.
        double[] returns;
        try (HdfFile hdf = new HdfFile(file)) {
            returns = (double[]) hdf.getDatasetByPath("metadata/episode_returns").getData();
        }
        double behaviour = 100 * (Stats.mean(returns) + 20.272305) / (3234.3 + 20.272305);
        String row = table.lines().filter(l -> l.startsWith("| hopper-expert-cs285 |")).findFirst().orElseThrow();
        assertTrue(row.startsWith(String.format(Locale.ROOT, "| hopper-expert-cs285 | %.1f |", behaviour)), row);

        // Each cell is the mean of the run's final per-seed scores.
        for (String variant : List.of("test-linear", "test-linear_lr=0.01")) {
            Path run = out.resolve("hopper-expert-cs285").resolve(variant);
            double[] finals = RunResult.load(List.of(run)).get(0).scores(RunResult.Select.FINAL);
            assertEquals(finals.length, 2);
            assertTrue(row.contains(String.format(Locale.ROOT, " %.1f ± %.1f (", Stats.mean(finals),
                    Stats.sampleStd(finals))), variant + ": " + row);
        }

        // Run again: every cell is found finished and the table is the same.
        Cli.Result again = Cli.run(args(out, file));
        assertEquals(again.code(), 0, again.err());
        assertEquals(Files.readString(out.resolve("learning.md")).lines().filter(l -> l.startsWith("| hopper")).toList(),
                List.of(row));
    }

    @Test
    public void badVariantsAndDataAreOneLineErrors() throws Exception {
        Path out = Files.createTempDirectory("bench-learning-bad");
        Assert.expectThrows(InputException.class, () -> Variant.parse("ofql:eta"));
        Assert.expectThrows(InputException.class, () -> LearningBenchmark.Dataset.parse("hopper.hdf5"));
        Cli.Result r = Cli.run("bench", "learning", "--data", "hopper-medium-v2=" + out.resolve("missing.hdf5"),
                "--out", out.resolve("runs").toString());
        assertEquals(r.code(), 2);
        assertTrue(r.err().contains("missing.hdf5"), r.err());
        assertEquals(r.err().strip().lines().count(), 1L, r.err());
        Assert.assertFalse(Files.exists(out.resolve("runs")), "nothing written for bad input");
    }

    @Test
    public void variantsParseIntoAlgorithmAndOverrides() {
        Variant v = Variant.parse("ofql:eta=0,adaptivePower=1");
        assertEquals(v.algo(), "ofql");
        assertEquals(v.overrides().get("eta"), "0");
        assertEquals(v.overrides().get("adaptivePower"), "1");
        assertEquals(v.folder(), "ofql_eta=0_adaptivePower=1");
        assertEquals(Variant.parse("dql").overrides().size(), 0);
    }
}
