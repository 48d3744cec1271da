package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import io.ofql.testing.SharedData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class D4rlReaderTest {
    private Path dir;

    @BeforeClass
    public void createDir() throws IOException {
        dir = Files.createTempDirectory("d4rl-reader-test");
    }

    @AfterClass(alwaysRun = true)
    public void deleteDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @DataProvider
    public Object[][] cs285() {
        return new Object[][] {{"hopper-expert-cs285.hdf5", 11, 3}, {"halfcheetah-expert-cs285.hdf5", 17, 6}};
    }

    @Test(dataProvider = "cs285")
    public void readsRealH5pyRecordings(String name, int obsDim, int actDim) {
        D4rlDataset data = D4rlReader.read(SharedData.cs285(name));
        assertEquals(data.size(), 2000);
        assertEquals(data.obsDim(), obsDim);
        assertEquals(data.actDim(), actDim);
        assertEquals(data.observationDtype(), "float32");
        assertEquals(data.actionDtype(), "float32");
        assertTrue(data.hasNextObservations());
        assertEquals(data.timeoutCount(), 2);
        assertEquals(data.terminalCount(), 0);
        assertTrue(data.timeouts()[999] && data.timeouts()[1999], "time-outs end each 1000-step episode");
        assertEquals(data.episodeCount(), 2);
        assertEquals(data.episodeLengths(), new int[] {1000, 1000});

        double[] recorded = data.metadataEpisodeReturns();
        assertNotNull(recorded);
        double[] returns = data.episodeReturns();
        float[] rewards = data.rewards();
        for (int e = 0; e < 2; e++) {
            double sum = 0;
            for (int i = 1000 * e; i < 1000 * (e + 1); i++) {
                sum += rewards[i];
            }
            assertEquals(returns[e], sum, 1e-9);
            // Recorded returns were summed in float32 by the recorder; 1000 terms lose ~1e-4 relative.
            assertEquals(returns[e], recorded[e], 1e-4 * Math.abs(recorded[e]));
        }
        assertTrue(data.keys().contains("metadata/episode_returns"));
        assertTrue(data.keys().contains("next_observations"));

        data.requireDims(obsDim, actDim, "test");
        InputException wrong = expectThrows(InputException.class, () -> data.requireDims(obsDim + 1, actDim, "x-v2"));
        assertTrue(wrong.getMessage().contains(name) && wrong.getMessage().contains("'observations'")
                && wrong.getMessage().contains(String.valueOf(obsDim + 1)), wrong.getMessage());

        Transitions t = Transitions.from(data);
        assertEquals(t.size(), 2000, "with next_observations every step is kept");
        assertEquals(t.terminalCount(), 0, "time-outs are not terminals");
    }

    @Test
    public void episodesEndAtTimeoutsTerminalsAndTheFileEnd() {
        D4rlDataset data = D4rlReader.read(Fixtures.sevenSteps().write(dir.resolve("seven.hdf5")));
        assertEquals(data.episodeStarts(), new int[] {0, 3, 5});
        assertEquals(data.episodeLengths(), new int[] {3, 2, 2});
        // rewards are i + 0.5
        assertEquals(data.episodeReturns(), new double[] {0.5 + 1.5 + 2.5, 3.5 + 4.5, 5.5 + 6.5});
        assertEquals(data.terminalCount(), 1);
        assertEquals(data.timeoutCount(), 1);
        assertNull(data.metadataEpisodeReturns());
        assertEquals(data.observations()[2 * 3 + 1], 30f);
    }

    @Test
    public void withNextObservationsEveryStepIsKeptAndTimeoutsBootstrap() {
        Transitions t = Transitions.from(D4rlReader.read(Fixtures.sevenSteps().write(dir.resolve("next.hdf5"))));
        assertEquals(t.size(), 7);
        assertEquals(t.notDone(), new float[] {1, 1, 1, 1, 0, 1, 1});
        assertEquals(t.nextObservations()[2 * 2], 102f, "next state of the time-out step comes from the file");
    }

    @Test
    public void withoutNextObservationsTimeoutStepsAndTheLastStepAreDropped() {
        Path file = Fixtures.sevenSteps().remove("next_observations").write(dir.resolve("nonext.hdf5"));
        D4rlDataset data = D4rlReader.read(file);
        assertFalse(data.hasNextObservations());
        Transitions t = Transitions.from(data);
        // Steps 0..6; 2 is a time-out (dropped), 6 is the last (no successor): kept 0, 1, 3, 4, 5.
        assertEquals(t.size(), 5);
        assertEquals(t.observations(), new float[] {0, 0, 1, 10, 3, 30, 4, 40, 5, 50});
        assertEquals(t.nextObservations(), new float[] {1, 10, 2, 20, 4, 40, 5, 50, 6, 60});
        assertEquals(t.actions(), new float[] {0, -1, -3, -4, -5});
        assertEquals(t.rewards(), new float[] {0.5f, 1.5f, 3.5f, 4.5f, 5.5f});
        assertEquals(t.notDone(), new float[] {1, 1, 1, 0, 1}, "step 4 is the terminal");
    }

    @Test
    public void readsFloat64AsFloat() {
        double[][] obs = {{0.25, -1.5}, {1e-3, 3.0}, {7.0, 8.0}};
        Path file = new Fixtures()
                .put("observations", obs)
                .put("actions", new double[][] {{0.5}, {-0.5}, {0.125}})
                .put("rewards", new double[] {1.0, 2.0, 4.0})
                .put("terminals", new byte[] {0, 0, 1})
                .put("timeouts", new byte[] {0, 0, 0})
                .put("metadata/episode_returns", new double[] {7.0})
                .write(dir.resolve("f64.hdf5"));
        D4rlDataset data = D4rlReader.read(file);
        assertEquals(data.observationDtype(), "float64");
        assertEquals(data.actionDtype(), "float64");
        assertEquals(data.observations(), new float[] {0.25f, -1.5f, 1e-3f, 3f, 7f, 8f});
        assertEquals(data.actions(), new float[] {0.5f, -0.5f, 0.125f});
        assertEquals(data.rewards(), new float[] {1f, 2f, 4f});
        assertEquals(data.terminals(), new boolean[] {false, false, true});
        assertEquals(data.metadataEpisodeReturns(), new double[] {7.0});
        assertEquals(data.episodeReturns(), new double[] {7.0});
    }

    @DataProvider
    public Object[][] flagEncodings() {
        return new Object[][] {
            {new boolean[] {false, true, false}},
            {new byte[] {0, 1, 0}},
            {new int[] {0, 1, 0}},
            {new String[] {"FALSE", "TRUE", "FALSE"}},
            {new float[] {0f, 1f, 0f}},
        };
    }

    @Test(dataProvider = "flagEncodings")
    public void acceptsEveryBooleanEncoding(Object terminals) {
        Path file = small().put("terminals", terminals).write(dir.resolve("flags-" + terminals.getClass().getSimpleName()
                .replace("[]", "") + ".hdf5"));
        assertEquals(D4rlReader.read(file).terminals(), new boolean[] {false, true, false});
    }

    @Test
    public void acceptsUint8FlagsAndCompressedChunkedData() {
        float[][] obs = new float[250][3];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = new float[] {i, i * 0.5f, -i};
        }
        byte[] terminals = new byte[250];
        terminals[99] = 1;
        byte[] timeouts = new byte[250];
        timeouts[199] = 1;
        Path file = new Fixtures()
                .putCompressed("observations", obs, 64)
                .put("actions", new float[250][1])
                .put("rewards", new float[250])
                .putUint8("terminals", terminals)
                .putUint8("timeouts", timeouts)
                .write(dir.resolve("uint8.hdf5"));
        D4rlDataset data = D4rlReader.read(file);
        assertEquals(data.observations()[3 * 201 + 1], 100.5f, "row 201 lies in the fourth chunk");
        assertEquals(data.episodeLengths(), new int[] {100, 100, 50});
        assertEquals(data.terminalCount(), 1);
        assertEquals(data.timeoutCount(), 1);
    }

    @Test
    public void acceptsColumnVectors() {
        Path file = small().put("rewards", new float[][] {{1}, {2}, {3}}).write(dir.resolve("column.hdf5"));
        assertEquals(D4rlReader.read(file).rewards(), new float[] {1, 2, 3});
    }

    /** Three steps, obs size 2, action size 1, no next observations. */
    private static Fixtures small() {
        return new Fixtures()
                .put("observations", new float[][] {{1, 2}, {3, 4}, {5, 6}})
                .put("actions", new float[][] {{0.1f}, {0.2f}, {0.3f}})
                .put("rewards", new float[] {1, 2, 3})
                .put("terminals", new boolean[] {false, false, false})
                .put("timeouts", new boolean[] {false, false, true});
    }

    private static void assertRejected(Path file, String... fragments) {
        InputException e = expectThrows(InputException.class, () -> D4rlReader.read(file));
        String msg = e.getMessage();
        assertFalse(msg.contains("\n"), "one line: " + msg);
        assertTrue(msg.contains(file.toString()), "names the file: " + msg);
        for (String f : fragments) {
            assertTrue(msg.contains(f), "expected '" + f + "' in: " + msg);
        }
    }

    @Test
    public void rejectsAMissingFile() {
        assertRejected(dir.resolve("absent.hdf5"), "no such file");
    }

    @Test
    public void rejectsAFileThatIsNotHdf5() throws IOException {
        Path file = Files.writeString(dir.resolve("text.hdf5"), "observations,actions\n1,2\n");
        assertRejected(file, "not an HDF5 file");
    }

    @Test
    public void rejectsATruncatedFile() throws IOException {
        Path file = Fixtures.sevenSteps().write(dir.resolve("truncated.hdf5"));
        long full = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(full / 2);
        }
        assertRejected(file, "truncated", String.valueOf(full), String.valueOf(full / 2));
    }

    @DataProvider
    public Object[][] requiredKeys() {
        return new Object[][] {{"observations"}, {"actions"}, {"rewards"}, {"terminals"}, {"timeouts"}};
    }

    @Test(dataProvider = "requiredKeys")
    public void rejectsAMissingRequiredKey(String key) {
        assertRejected(small().remove(key).write(dir.resolve("missing-" + key + ".hdf5")),
                "missing required key '" + key + "'");
    }

    @Test
    public void rejectsDatasetsOfDifferentLengths() {
        Path file = small().put("actions", new float[][] {{0.1f}, {0.2f}}).write(dir.resolve("lengths.hdf5"));
        assertRejected(file, "'actions' has 2 rows", "'observations' has 3");
        Path flags = small().put("timeouts", new boolean[] {false, true}).write(dir.resolve("lengths2.hdf5"));
        assertRejected(flags, "'timeouts' has 2 rows", "'observations' has 3");
    }

    @Test
    public void rejectsNextObservationsOfAnotherShape() {
        Path file = small().put("next_observations", new float[][] {{1}, {2}, {3}}).write(dir.resolve("next-shape.hdf5"));
        assertRejected(file, "'next_observations' has shape [3, 1]", "[3, 2]");
    }

    @Test
    public void rejectsWrongRanks() {
        assertRejected(small().put("observations", new float[] {1, 2, 3}).write(dir.resolve("rank-obs.hdf5")),
                "'observations' has shape [3]", "expected (N, size)");
        assertRejected(small().put("rewards", new float[][] {{1, 1}, {2, 2}, {3, 3}}).write(dir.resolve("rank-r.hdf5")),
                "'rewards' has shape [3, 2]", "expected (N) or (N, 1)");
    }

    @Test
    public void rejectsNaNNamingTheKeyAndTheFirstBadIndex() {
        float[][] obs = {{1, 2}, {Float.NaN, 4}, {5, Float.NaN}};
        assertRejected(small().put("observations", obs).write(dir.resolve("nan.hdf5")),
                "'observations'", "a NaN value", "row 1, column 0");
    }

    @Test
    public void rejectsInfinityAndFloat64BeyondFloatRange() {
        assertRejected(small().put("rewards", new float[] {1, 2, Float.POSITIVE_INFINITY}).write(dir.resolve("inf.hdf5")),
                "'rewards'", "an infinite value", "index 2");
        double[][] act = {{0.5}, {1e300}, {0}};
        assertRejected(small().put("actions", act).write(dir.resolve("range.hdf5")),
                "'actions'", "out of float32 range", "row 1, column 0");
    }

    @Test
    public void rejectsFlagsThatAreNotBooleans() {
        assertRejected(small().put("terminals", new int[] {0, 2, 0}).write(dir.resolve("flag2.hdf5")),
                "'terminals'", "value 2.0 at index 1");
        assertRejected(small().put("timeouts", new String[] {"FALSE", "maybe", "TRUE"}).write(dir.resolve("flags.hdf5")),
                "'timeouts'", "'maybe' at index 1");
    }

    @Test
    public void rejectsIntegerObservations() {
        assertRejected(small().put("observations", new int[][] {{1, 2}, {3, 4}, {5, 6}}).write(dir.resolve("int.hdf5")),
                "'observations' holds int values", "float32 or float64");
    }
}
