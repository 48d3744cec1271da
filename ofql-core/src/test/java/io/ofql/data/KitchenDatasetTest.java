package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import io.ofql.env.KitchenEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The kitchen layout of D4RL's datasets (facts B8) through {@link D4rlReader}. */
public class KitchenDatasetTest {
    private Path dir;

    @BeforeClass
    public void createDir() throws IOException {
        dir = Files.createTempDirectory("kitchen-dataset-test");
    }

    @AfterClass(alwaysRun = true)
    public void deleteDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    public void readsTheKitchenKeySetWithEpisodesEndingAtTerminals() {
        Path file = KitchenFixture.write(dir.resolve("kitchen.hdf5"));
        D4rlDataset data = D4rlReader.read(file, D4rlReader.Layout.KITCHEN);
        assertEquals(data.size(), 15);
        assertEquals(data.obsDim(), 60);
        assertEquals(data.actDim(), 9);
        assertEquals(data.observationDtype(), "float32");
        assertEquals(data.timeoutCount(), 0, "no timeouts key: no step is a time-out");
        assertEquals(data.terminalCount(), 3);
        assertEquals(data.episodeLengths(), new int[] {6, 5, 4});
        assertTrue(data.keys().contains("infos"));
        data.requireDims(KitchenEnv.OBSERVATION_DIM, KitchenEnv.ACTION_DIM, "kitchen-partial-v0");
        // The stored reward is the count of task elements each observation satisfies: 0 at the
        // initial state, 1 with the microwave open, 2 with the slide cabinet open as well.
        float[] rewards = data.rewards();
        float[] obs = data.observations();
        for (int i = 0; i < data.size(); i++) {
            double[] row = new double[60];
            for (int j = 0; j < 60; j++) {
                row[j] = obs[60 * i + j];
            }
            assertEquals(rewards[i], (float) KitchenEnv.TaskSet.MICROWAVE_KETTLE_LIGHT_SLIDER.satisfiedCount(row));
        }
        assertEquals(data.episodeReturns(), new double[] {0, 5, 8});
        // The goal part is the task's goal vector on every row.
        assertEquals(obs[60 * 7 + 30 + 22], -0.75f);
    }

    @Test
    public void hostedCopiesWithTimeoutsAreReadToo() {
        boolean[] timeouts = new boolean[15];
        timeouts[2] = true;
        Path file = KitchenFixture.demos(new int[] {6, 5, 4}, 0).put("timeouts", timeouts)
                .write(dir.resolve("timeouts.hdf5"));
        D4rlDataset data = D4rlReader.read(file, D4rlReader.Layout.KITCHEN);
        assertEquals(data.timeoutCount(), 1);
        assertEquals(data.episodeLengths(), new int[] {3, 3, 5, 4});
    }

    @Test
    public void locomotionLayoutStillRequiresTimeouts() {
        Path file = KitchenFixture.write(dir.resolve("strict.hdf5"));
        InputException e = expectThrows(InputException.class, () -> D4rlReader.read(file));
        assertOneLine(e, file, "missing required key 'timeouts'");
    }

    @Test
    public void badKitchenFilesGiveOneLine() {
        Path noTerminals = KitchenFixture.demos(new int[] {3}, 1).remove("terminals").write(dir.resolve("noterm.hdf5"));
        InputException e = expectThrows(InputException.class,
                () -> D4rlReader.read(noTerminals, D4rlReader.Layout.KITCHEN));
        assertOneLine(e, noTerminals, "missing required key 'terminals' (a D4RL dataset has observations, actions,"
                + " rewards, terminals; found actions, infos, observations, rewards)");

        Path shortInfos = KitchenFixture.demos(new int[] {3}, 1).put("infos", new long[] {0, 0})
                .write(dir.resolve("infos.hdf5"));
        e = expectThrows(InputException.class, () -> D4rlReader.read(shortInfos, D4rlReader.Layout.KITCHEN));
        assertOneLine(e, shortInfos, "key 'infos' has 2 rows but 'observations' has 3");

        Path textInfos = KitchenFixture.demos(new int[] {3}, 1).put("infos", new String[] {"a", "b", "c"})
                .write(dir.resolve("textinfos.hdf5"));
        e = expectThrows(InputException.class, () -> D4rlReader.read(textInfos, D4rlReader.Layout.KITCHEN));
        assertOneLine(e, textInfos, "key 'infos' holds");

        Path badTerminal = KitchenFixture.demos(new int[] {3}, 1).put("terminals", new float[] {0, 0.5f, 1})
                .write(dir.resolve("halfterminal.hdf5"));
        e = expectThrows(InputException.class, () -> D4rlReader.read(badTerminal, D4rlReader.Layout.KITCHEN));
        assertOneLine(e, badTerminal, "key 'terminals' has value 0.5 at index 1");

        float[][] nanObs = new float[3][60];
        nanObs[1][59] = Float.NaN;
        Path nan = KitchenFixture.demos(new int[] {3}, 1).put("observations", nanObs).write(dir.resolve("nan.hdf5"));
        e = expectThrows(InputException.class, () -> D4rlReader.read(nan, D4rlReader.Layout.KITCHEN));
        assertOneLine(e, nan, "key 'observations' has a NaN value at row 1, column 59");
    }

    private static void assertOneLine(InputException e, Path file, String part) {
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file.toString()), msg);
        assertTrue(msg.contains(part), msg);
        assertEquals(msg.lines().count(), 1L, msg);
    }
}
