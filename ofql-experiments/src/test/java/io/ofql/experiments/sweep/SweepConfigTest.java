package io.ofql.experiments.sweep;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.testng.annotations.Test;

public class SweepConfigTest {
    static final SweepConfig DEFAULTS = new SweepConfig(List.of("toy-bandit"), List.of("ofql"), new long[] {0, 1, 2},
            1000, 100, 10, 100, 100, null, new TreeMap<>(), new TreeMap<>(), null, 1);

    @Test
    public void readsEveryKey() throws Exception {
        Path f = Files.createTempFile("sweep", ".json");
        Files.writeString(f, "{\"tasks\": [\"hopper-medium-v2\"], \"algos\": [\"ofql\", \"dql\"], \"seeds\": [3, 4],"
                + " \"steps\": 500, \"eval_every\": 250, \"parallel\": 2, \"set\": {\"ofql\": {\"eta\": \"0.1\"}},"
                + " \"datasets\": {\"hopper-medium-v2\": \"/d/h.hdf5\"}}");
        SweepConfig c = SweepConfig.read(f, DEFAULTS);
        assertEquals(c.tasks(), List.of("hopper-medium-v2"));
        assertEquals(c.seeds(), new long[] {3, 4});
        assertEquals(c.steps(), 500);
        assertEquals(c.evalEvery(), 250);
        assertEquals(c.evalEpisodes(), 10);
        assertEquals(c.parallel(), 2);
        assertEquals(c.overrides().get("ofql").get("eta"), "0.1");
        assertEquals(c.datasets().get("hopper-medium-v2"), "/d/h.hdf5");
        assertEquals(c.jobs().size(), 2);
    }

    @Test
    public void aTypoNamesTheKeyAndTheKnownOnes() throws Exception {
        Path f = Files.createTempFile("sweep", ".json");
        Files.writeString(f, "{\"tasks\": [\"toy-bandit\"], \"stepz\": 5}");
        InputException e = expectThrows(InputException.class, () -> SweepConfig.read(f, DEFAULTS));
        assertTrue(e.getMessage().contains("unknown key 'stepz'") && e.getMessage().contains("eval_every"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    public void aWrongTypeNamesTheKey() throws Exception {
        Path f = Files.createTempFile("sweep", ".json");
        Files.writeString(f, "{\"steps\": \"many\"}");
        InputException e = expectThrows(InputException.class, () -> SweepConfig.read(f, DEFAULTS));
        assertTrue(e.getMessage().contains("'steps' must be an integer"), e.getMessage());
        Files.writeString(f, "{\"steps\": ");
        e = expectThrows(InputException.class, () -> SweepConfig.read(f, DEFAULTS));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
