package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * OGBench .npz files built from hand-made .npy bytes: the regular form (next_observations), the
 * compact form (valids) and the raw form (only terminals), with the transitions, episode ends,
 * terminals versus time-outs and returns worked out by hand; and every malformed file.
 */
public class OgbenchReaderTest {
    /** Observation row i is (i, -i); action row i is (i / 10); reward i is i + 1. */
    private static float[][] obs(int n) {
        float[][] o = new float[n][];
        for (int i = 0; i < n; i++) {
            o[i] = new float[] {i, -i};
        }
        return o;
    }

    private static float[][] act(int n) {
        float[][] a = new float[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new float[] {i / 10f};
        }
        return a;
    }

    private static float[] rewards(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = i + 1;
        }
        return r;
    }

    private static Path write(Map<String, byte[]> arrays) throws Exception {
        return Npy.npz(Files.createTempDirectory("ogbench").resolve("data.npz"), arrays);
    }

    /** Regular form: 5 transitions in two trajectories (rows 0-2, 3-4); the second is solved at row 4. */
    private static Map<String, byte[]> regular() {
        Map<String, byte[]> m = Npy.map();
        float[][] next = new float[5][];
        for (int i = 0; i < 5; i++) {
            next[i] = new float[] {100 + i, 0};
        }
        m.put("observations", Npy.matrix(obs(5)));
        m.put("actions", Npy.matrix(act(5)));
        m.put("next_observations", Npy.matrix(next));
        m.put("rewards", Npy.vector(rewards(5)));
        m.put("terminals", Npy.vector(0, 0, 1, 0, 1));
        m.put("masks", Npy.vector(1, 1, 1, 1, 0));
        return m;
    }

    @Test
    public void regularFormKeepsEveryRow() throws Exception {
        D4rlDataset d = Datasets.read(write(regular()));
        assertEquals(d.format(), "ogbench");
        assertEquals(d.size(), 5);
        assertEquals(d.obsDim(), 2);
        assertEquals(d.actDim(), 1);
        assertEquals(d.nextObservations()[2 * 4], 104f);
        // row 2 ends a trajectory without success: a time-out; row 4 is solved (mask 0): a terminal
        assertEquals(d.timeouts(), new boolean[] {false, false, true, false, false});
        assertEquals(d.terminals(), new boolean[] {false, false, false, false, true});
        assertEquals(d.episodeReturns(), new double[] {1 + 2 + 3, 4 + 5});
        assertEquals(Transitions.from(d).size(), 5);
        assertEquals(d.referenceScores(), null);
    }

    @Test
    public void compactFormDropsInvalidRows() throws Exception {
        // two trajectories of 3 states each; the last state of each starts no transition
        Map<String, byte[]> m = Npy.map();
        m.put("observations", Npy.matrix(obs(6)));
        m.put("actions", Npy.matrix(act(6)));
        m.put("rewards", Npy.vector(rewards(6)));
        m.put("terminals", Npy.vector(0, 1, 1, 0, 1, 1));
        m.put("valids", Npy.vector(1, 1, 0, 1, 1, 0));
        D4rlDataset d = Datasets.read(write(m));
        checkTwoByTwo(d);
    }

    @Test
    public void rawFormDerivesValidsFromTerminals() throws Exception {
        Map<String, byte[]> m = Npy.map();
        m.put("observations", Npy.matrix(obs(6)));
        m.put("actions", Npy.matrix(act(6)));
        m.put("rewards", Npy.vector(rewards(6)));
        // OGBench's files as downloaded: 1 on the last state of each trajectory
        m.put("terminals", Npy.image("|b1", false, new int[] {6}, new byte[] {0, 0, 1, 0, 0, 1}));
        checkTwoByTwo(Datasets.read(write(m)));
    }

    /** Rows 0, 1, 3, 4 remain; next of row i is row i + 1; each trajectory ends in a time-out. */
    private static void checkTwoByTwo(D4rlDataset d) {
        assertEquals(d.size(), 4);
        assertEquals(d.observations(), new float[] {0, 0, 1, -1, 3, -3, 4, -4});
        assertEquals(d.nextObservations(), new float[] {1, -1, 2, -2, 4, -4, 5, -5});
        assertEquals(d.actions(), new float[] {0f, 0.1f, 0.3f, 0.4f});
        assertEquals(d.timeouts(), new boolean[] {false, true, false, true});
        assertEquals(d.terminals(), new boolean[4]);
        assertEquals(d.episodeReturns(), new double[] {1 + 2, 4 + 5});
        assertEquals(d.episodeCount(), 2);
    }

    @Test
    public void badFilesAreOneLineNamingTheKey() throws Exception {
        Map<String, byte[]> m = regular();
        m.remove("rewards");
        rejected(write(m), "missing required key 'rewards'", "single-task");

        m = regular();
        m.put("actions", Npy.matrix(act(4)));
        rejected(write(m), "key 'actions' has 4 rows but 'observations' has 5");

        m = regular();
        float[][] o = obs(5);
        o[3][1] = Float.NaN;
        m.put("observations", Npy.matrix(o));
        rejected(write(m), "key 'observations' has a NaN value at row 3, column 1");

        m = regular();
        m.put("terminals", Npy.vector(0, 2, 0, 0, 1));
        rejected(write(m), "key 'terminals' has value 2.0 at index 1");

        m = regular();
        m.put("rewards", Npy.image("<f4", false, new int[] {5, 2}, new byte[40]));
        rejected(write(m), "key 'rewards' has shape [5, 2], expected (N) or (N, 1)");

        m = regular();
        m.put("next_observations", Npy.matrix(obs(4)));
        rejected(write(m), "key 'next_observations' has shape [4, 2] but 'observations' has shape [5, 2]");

        m = regular();
        m.put("observations", Npy.image("|O", false, new int[] {5}, new byte[40]));
        rejected(write(m), "key 'observations' has dtype '|O'");

        m = regular();
        byte[] cut = m.get("actions");
        m.put("actions", java.util.Arrays.copyOf(cut, cut.length - 2));
        rejected(write(m), "key 'actions' has shape [5, 1]", "truncated");

        Path notZip = Files.createTempFile("plain", ".npz");
        Files.writeString(notZip, "not a zip");
        assertTrue(expectThrows(InputException.class, () -> OgbenchReader.read(notZip)).getMessage()
                .contains("not an .npz file"));

        Path good = write(regular());
        byte[] bytes = Files.readAllBytes(good);
        Files.write(good, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        rejected(good, "unreadable .npz archive");

        D4rlDataset ok = Datasets.read(write(regular()));
        String msg = expectThrows(InputException.class, () -> ok.requireDims(11, 3, "hopper-medium-v2")).getMessage();
        assertTrue(msg.contains("key 'observations' has size 2 per step but task hopper-medium-v2 has observations of size 11"), msg);
    }

    private static void rejected(Path file, String... expected) {
        String msg = expectThrows(InputException.class, () -> Datasets.read(file)).getMessage();
        assertTrue(msg.startsWith(file.toString()), msg);
        assertFalse(msg.contains("\n"), msg);
        for (String e : expected) {
            assertTrue(msg.contains(e), "'" + e + "' in: " + msg);
        }
    }
}
