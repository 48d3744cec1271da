package io.ofql.collect;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.jhdf.HdfFile;
import io.ofql.data.D4rlDataset;
import io.ofql.data.D4rlReader;
import io.ofql.env.EnvSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testng.annotations.Test;

/** A written collection reads back through the toolkit's D4RL reader, with its metadata, byte for byte. */
public class DatasetWriterTest {
    @Test
    public void writtenFileReadsBackAndRepeatsByteForByte() throws Exception {
        CollectedData d = Collector.builder(EnvSpec.HOPPER, 150).optBehaviour(new Behaviour(0, 1)).optSeed(5)
                .build().collect();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("environment", "hopper");
        meta.put("noise", 0.25);
        meta.put("seed", 5L);
        meta.put("part", Map.of("level", "random"));
        Path dir = Files.createTempDirectory("writer");
        Path a = dir.resolve("a.hdf5");
        Path b = dir.resolve("b.hdf5");
        DatasetWriter.write(a, d, meta);
        // a longer file in the way must not leave its tail behind
        Files.write(b, new byte[4 << 20]);
        Thread.sleep(1100); // a time stamp in seconds would now differ
        DatasetWriter.write(b, d, meta);
        assertEquals(Files.readAllBytes(b), Files.readAllBytes(a));

        D4rlDataset read = D4rlReader.read(a);
        assertEquals(read.size(), 150);
        assertEquals(read.obsDim(), 11);
        assertEquals(read.actDim(), 3);
        assertTrue(read.hasNextObservations());
        assertEquals(read.terminals(), d.terminals());
        assertEquals(read.timeouts(), d.timeouts());
        assertEquals(read.rewards(), d.rewards());
        assertEquals(read.observations()[11 * 149 + 4], d.observations()[149][4]);
        assertEquals(read.metadataEpisodeReturns(), d.episodeReturns());
        // the reader's episodes are the collection's complete ones plus the cut one at the end
        assertEquals(read.episodeCount(), d.episodeReturns().length + 1);
        try (HdfFile hdf = new HdfFile(a)) {
            assertEquals(hdf.getDatasetByPath("metadata/environment").getData(), "hopper");
            assertEquals(hdf.getDatasetByPath("metadata/noise").getData(), 0.25);
            assertEquals(hdf.getDatasetByPath("metadata/seed").getData(), 5L);
            assertEquals(hdf.getDatasetByPath("metadata/part/level").getData(), "random");
            double[][] qpos = (double[][]) hdf.getDatasetByPath("infos/qpos").getData();
            assertEquals(qpos[42], d.qpos()[42]);
            assertEquals(((double[][]) hdf.getDatasetByPath("infos/qvel").getData())[7], d.qvel()[7]);
        }
    }
}
