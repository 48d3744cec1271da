package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.ofql.data.D4rlReader;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** Runs {@code ofql dataset info} in-process and checks what it prints and returns. */
public class DatasetCommandTest {


    @Test
    public void jsonOnTheHopperRecording() {
        Path file = SharedData.cs285("hopper-expert-cs285.hdf5");
        Cli.Result r = Cli.run("dataset", "info", file.toString(), "--json");
        assertEquals(r.code(), 0, r.err());
        assertEquals(r.err(), "");
        JsonElement parsed = JsonParser.parseString(r.out());
        assertTrue(parsed.isJsonObject(), "exactly one JSON object: " + r.out());
        JsonObject o = parsed.getAsJsonObject();
        assertEquals(o.get("transitions").getAsInt(), 2000);
        assertEquals(o.get("observation_dim").getAsInt(), 11);
        assertEquals(o.get("action_dim").getAsInt(), 3);
        assertEquals(o.get("episodes").getAsInt(), 2);
        assertEquals(o.get("terminals").getAsInt(), 0);
        assertEquals(o.get("timeouts").getAsInt(), 2);
        // the recorder's own per-episode returns, stored beside the data
        double[] recorded = D4rlReader.read(file).metadataEpisodeReturns();
        double lo = Math.min(recorded[0], recorded[1]);
        double hi = Math.max(recorded[0], recorded[1]);
        assertEquals(o.get("return_min").getAsDouble(), lo, 1e-4 * lo);
        assertEquals(o.get("return_max").getAsDouble(), hi, 1e-4 * hi);
        assertEquals(o.get("return_mean").getAsDouble(), (lo + hi) / 2, 1e-4 * hi);
        assertEquals(Cli.run("dataset", "info", file.toString(), "--task", "hopper-medium-v2").code(), 0);
        Cli.Result other = Cli.run("dataset", "info", file.toString(), "--task", "walker2d-medium-v2");
        assertEquals(other.code(), 2);
        assertTrue(other.err().startsWith("ofql: ") && other.err().contains("walker2d-medium-v2")
                && other.err().contains("17"), other.err());
        JsonArray keys = o.get("keys").getAsJsonArray();
        for (String k : new String[] {"observations", "actions", "rewards", "terminals", "timeouts",
            "next_observations", "metadata/episode_returns"}) {
            assertTrue(keys.contains(new com.google.gson.JsonPrimitive(k)), k + " in " + keys);
        }
    }

    @Test
    public void textOnAWrittenFixtureAndExpectedDims() throws IOException {
        Path dir = Files.createTempDirectory("dataset-cli");
        Path file = dir.resolve("tiny.hdf5");
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putDataset("observations", new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
            out.putDataset("actions", new float[][] {{0.1f}, {0.2f}, {0.3f}, {0.4f}});
            out.putDataset("rewards", new float[] {1, 2, 3, 4});
            out.putDataset("terminals", new boolean[] {false, true, false, false});
            out.putDataset("timeouts", new boolean[] {false, false, false, true});
        }
        try {
            Cli.Result text = Cli.run("dataset", "info", file.toString());
            assertEquals(text.code(), 0, text.err());
            // two episodes: steps 0-1 (terminal, return 3) and 2-3 (time-out, return 7); without
            // next_observations the time-out step 3, which is also the last, is dropped
            assertTrue(text.out().matches("(?s).*transitions\\s+4 steps \\(3 for Q-learning\\).*"), text.out());
            assertTrue(text.out().matches("(?s).*observations\\s+2 \\(float64\\).*"), text.out());
            assertTrue(text.out().matches("(?s).*actions\\s+1 \\(float32\\).*"), text.out());
            assertTrue(text.out().contains("mean 5.000, min 3.000, max 7.000"), text.out());

            assertEquals(Cli.run("dataset", "info", file.toString(), "--expect-dims", "2,1").code(), 0);
            Cli.Result wrong = Cli.run("dataset", "info", file.toString(), "--expect-dims", "11,3");
            assertEquals(wrong.code(), 2);
            assertTrue(wrong.err().startsWith("ofql: ") && wrong.err().contains("'observations'")
                    && wrong.err().contains(file.toString()), wrong.err());
            assertEquals(Cli.run("dataset", "info", file.toString(), "--expect-dims", "11").code(), 2);
        } finally {
            Files.delete(file);
            Files.delete(dir);
        }
    }

    @Test
    public void aMissingFileIsOneLineOnStderrAndExitTwo() {
        Cli.Result r = Cli.run("dataset", "info", "/nope.hdf5");
        assertEquals(r.code(), 2);
        assertEquals(r.out(), "");
        assertTrue(r.err().startsWith("ofql: /nope.hdf5"), r.err());
        assertEquals(r.err().strip().lines().count(), 1L, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
