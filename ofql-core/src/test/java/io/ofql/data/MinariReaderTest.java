package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testng.annotations.Test;

/**
 * Minari dataset folders written by the test with jHDF: transitions from observations[:-1] and
 * [1:], terminations as terminals, truncations as time-outs, episode returns by hand, reference
 * scores, dict observations, Minari ids; and every malformed folder.
 */
public class MinariReaderTest {
    /** One episode: T steps, observation row t = (base + t, 2 (base + t)), action t = -t, reward t = base + t. */
    private static Map<String, Object> episode(int base, int steps, boolean terminated, boolean truncated) {
        float[][] obs = new float[steps + 1][];
        for (int t = 0; t <= steps; t++) {
            obs[t] = new float[] {base + t, 2 * (base + t)};
        }
        float[][] act = new float[steps][];
        float[] rew = new float[steps];
        boolean[] term = new boolean[steps];
        boolean[] trunc = new boolean[steps];
        for (int t = 0; t < steps; t++) {
            act[t] = new float[] {-t};
            rew[t] = base + t;
        }
        term[steps - 1] = terminated;
        trunc[steps - 1] = truncated;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("observations", obs);
        e.put("actions", act);
        e.put("rewards", rew);
        e.put("terminations", term);
        e.put("truncations", trunc);
        return e;
    }

    /** Three episodes: 3 steps terminated, 2 steps truncated, 2 steps neither (cut short). */
    private static List<Map<String, Object>> threeEpisodes() {
        return List.of(episode(0, 3, true, false), episode(10, 2, false, true), episode(20, 2, false, false));
    }

    private static Path write(Path root, String id, List<Map<String, Object>> episodes, String metadataJson) throws Exception {
        Path data = root.resolve(id).resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("metadata.json"), metadataJson);
        try (WritableHdfFile out = HdfFile.write(data.resolve("main_data.hdf5"))) {
            for (int i = 0; i < episodes.size(); i++) {
                put(out.putGroup("episode_" + i), episodes.get(i));
            }
        }
        return root.resolve(id);
    }

    @SuppressWarnings("unchecked")
    private static void put(WritableGroup g, Map<String, Object> entries) {
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> sub) {
                put(g.putGroup(e.getKey()), (Map<String, Object>) sub);
            } else {
                g.putDataset(e.getKey(), e.getValue());
            }
        }
    }

    private static String meta(long episodes, long steps, String extra) {
        return "{\"dataset_id\": \"mujoco/test/simple-v0\", \"data_format\": \"hdf5\", \"total_episodes\": " + episodes
                + ", \"total_steps\": " + steps + extra + "}";
    }

    private static Path simple() throws Exception {
        return write(Files.createTempDirectory("minari"), "mujoco/test/simple-v0", threeEpisodes(),
                meta(3, 7, ", \"ref_min_score\": -5.0, \"ref_max_score\": 45.0"));
    }

    @Test
    public void transitionsEpisodesAndReferenceScores() throws Exception {
        D4rlDataset d = Datasets.read(simple().toString());
        assertEquals(d.format(), "minari");
        assertEquals(d.size(), 7);
        assertEquals(d.obsDim(), 2);
        // episode 0: rows (0,0) (1,2) (2,4), next rows (1,2) (2,4) (3,6)
        assertEquals(java.util.Arrays.copyOf(d.observations(), 6), new float[] {0, 0, 1, 2, 2, 4});
        assertEquals(java.util.Arrays.copyOf(d.nextObservations(), 6), new float[] {1, 2, 2, 4, 3, 6});
        // episode 1 starts at row 3 with its own reset observation (10, 20)
        assertEquals(d.observations()[6], 10f);
        assertEquals(d.nextObservations()[2 * 4], 12f);
        assertEquals(d.terminals(), new boolean[] {false, false, true, false, false, false, false});
        // the truncation is a time-out, and so is the end of the episode that is neither
        assertEquals(d.timeouts(), new boolean[] {false, false, false, false, true, false, true});
        assertEquals(d.episodeReturns(), new double[] {0 + 1 + 2, 10 + 11, 20 + 21});
        assertEquals(d.referenceScores(), new double[] {-5, 45});
        assertEquals(Transitions.from(d).size(), 7);
    }

    @Test
    public void dictObservationsAreConcatenatedInKeyOrder() throws Exception {
        Map<String, Object> e = episode(0, 2, true, false);
        float[][] goal = {{7}, {8}, {9}};
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("observation", e.get("observations"));
        dict.put("desired_goal", goal);
        e.put("observations", dict);
        Path dir = write(Files.createTempDirectory("minari"), "ant/goal-v1", List.of(e), meta(1, 2, ""));
        D4rlDataset d = Datasets.read(dir);
        assertEquals(d.obsDim(), 3);
        // desired_goal sorts before observation
        assertEquals(d.observations(), new float[] {7, 0, 0, 8, 1, 2});
        assertEquals(d.nextObservations(), new float[] {8, 1, 2, 9, 2, 4});
        assertEquals(d.referenceScores(), null);
    }

    @Test
    public void minariIdsAreFoundUnderTheRoots() throws Exception {
        Path root = Files.createTempDirectory("minari-root");
        write(root, "mujoco/hopper/medium-v0", threeEpisodes(), meta(3, 7, ""));
        assertTrue(MinariReader.looksLikeId("mujoco/hopper/medium-v0"));
        assertFalse(MinariReader.looksLikeId("hopper_medium-v2.hdf5"));
        Path other = Files.createTempDirectory("empty-root");
        assertEquals(MinariReader.resolveId("mujoco/hopper/medium-v0", List.of(other, root)),
                root.resolve("mujoco/hopper/medium-v0"));
        String msg = expectThrows(InputException.class,
                () -> MinariReader.resolveId("mujoco/hopper/expert-v0", List.of(other, root))).getMessage();
        assertTrue(msg.contains("'mujoco/hopper/expert-v0' not found") && msg.contains(root.toString())
                && msg.contains("MINARI_DATASETS_PATH"), msg);
        // the data folder itself is accepted too
        assertEquals(MinariReader.read(root.resolve("mujoco/hopper/medium-v0/data")).size(), 7);
    }

    @Test
    public void badFoldersAreOneLineNamingTheFileGroupAndKey() throws Exception {
        Path root = Files.createTempDirectory("minari-bad");
        rejected(write(root, "a-v0", threeEpisodes(), "{\"data_format\": \"arrow\", \"total_episodes\": 3, "
                + "\"total_steps\": 7}"), "metadata.json: data_format is 'arrow'", "HDF5 format only");
        rejected(write(root, "b-v0", threeEpisodes(), meta(3, 8, "")), "holds 7 steps but metadata.json says total_steps 8");
        rejected(write(root, "c-v0", threeEpisodes(), meta(4, 7, "")), "holds 3 episode_<i> groups", "total_episodes 4");
        rejected(write(root, "d-v0", threeEpisodes(), "{\"total_episodes\": 3"), "metadata.json: not valid JSON");
        rejected(write(root, "e-v0", threeEpisodes(), "{\"total_episodes\": 3}"), "metadata.json: missing key 'total_steps'");

        List<Map<String, Object>> eps = mutate(e -> e.remove("rewards"));
        rejected(write(root, "f-v0", eps, meta(3, 7, "")), "group 'episode_1' has no key 'rewards'");

        eps = mutate(e -> e.put("actions", new float[][] {{1}, {2}, {3}}));
        rejected(write(root, "g-v0", eps, meta(3, 7, "")),
                "key 'episode_1/actions' has 3 rows but 'episode_1/observations' has 3 (expected 2 = observations - 1)");

        eps = mutate(e -> e.put("rewards", new float[] {1, Float.NaN}));
        rejected(write(root, "h-v0", eps, meta(3, 7, "")), "key 'episode_1/rewards' has a NaN value at index 1");

        eps = mutate(e -> e.put("observations", new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}));
        rejected(write(root, "i-v0", eps, meta(3, 7, "")), "group 'episode_1' has observation/action sizes 3/1",
                "first episode has 2/1");

        Path noMeta = Files.createTempDirectory("minari-empty");
        rejected(noMeta, "not a Minari dataset folder (no data/metadata.json)");
        String msg = expectThrows(InputException.class, () -> Datasets.read("nowhere/at/all-v0")).getMessage();
        assertTrue(msg.contains("Minari dataset 'nowhere/at/all-v0' not found"), msg);
        msg = expectThrows(InputException.class, () -> Datasets.read("missing.hdf5")).getMessage();
        assertTrue(msg.startsWith("missing.hdf5: no such file or folder"), msg);

        D4rlDataset ok = Datasets.read(simple());
        msg = expectThrows(InputException.class, () -> ok.requireDims(11, 3, "hopper-medium-v2")).getMessage();
        assertTrue(msg.contains("has size 2 per step but task hopper-medium-v2 has observations of size 11"), msg);
    }

    /** The three episodes with episode 1 changed. */
    private static List<Map<String, Object>> mutate(Consumer<Map<String, Object>> change) {
        List<Map<String, Object>> eps = threeEpisodes();
        Map<String, Object> e = new LinkedHashMap<>(eps.get(1));
        change.accept(e);
        return List.of(eps.get(0), e, eps.get(2));
    }

    private static void rejected(Path dir, String... expected) {
        String msg = expectThrows(InputException.class, () -> Datasets.read(dir)).getMessage();
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.startsWith(dir.toString()), msg);
        for (String e : expected) {
            assertTrue(msg.contains(e), "'" + e + "' in: " + msg);
        }
    }
}
