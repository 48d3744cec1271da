package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.testng.annotations.Test;

public class ObservationNormalizerTest {

    /** Three observations (1, 10), (3, 10), (5, 10); next observations (0, 11) each. */
    private static Transitions data() {
        return Transitions.of(2, 1, new float[] {1, 10, 3, 10, 5, 10}, new float[3], new float[3],
                new float[] {0, 11, 0, 11, 0, 11}, new float[] {1, 1, 1});
    }

    @Test
    public void fitsMeanAndFlooredPopulationStd() {
        ObservationNormalizer norm = ObservationNormalizer.fit(data());
        assertEquals(norm.mean(), new float[] {3f, 10f});
        // column 0: variance (4 + 0 + 4) / 3; column 1 is constant, so its std is the floor
        assertEquals(norm.std(), new float[] {(float) Math.sqrt(8.0 / 3), ObservationNormalizer.STD_FLOOR});
        float s = (float) Math.sqrt(8.0 / 3);
        Transitions t = norm.apply(data());
        assertEquals(t.observations(), new float[] {-2f / s, 0f, 0f, 0f, 2f / s, 0f}, 1e-6f);
        assertEquals(t.nextObservations(), new float[] {-3f / s, 1000f, -3f / s, 1000f, -3f / s, 1000f}, 1e-2f);
        assertEquals(norm.apply(new float[] {3, 10.001f}), new float[] {0f, 1f}, 1e-3f);
    }

    @Test
    public void identityLeavesObservationsAlone() {
        float[] rows = {1.5f, -2f, 3f, 4f};
        assertEquals(ObservationNormalizer.identity(2).apply(rows), rows);
    }

    @Test
    public void savesAndLoadsExactlyWithoutLeavingTemporaryFiles() throws IOException {
        Path dir = Files.createTempDirectory("normalizer");
        Path file = dir.resolve("obs_norm.json");
        ObservationNormalizer norm = ObservationNormalizer.fit(Transitions.of(2, 1,
                new float[] {0.1f, 1e-7f, 0.7f, 3.3f, 1.9f, -2.2f}, new float[3], new float[3], new float[6],
                new float[] {1, 1, 1}));
        norm.save(file);
        norm.save(file);
        assertEquals(ObservationNormalizer.load(file), norm);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(files.count(), 1L, "only the JSON file remains");
        }
        Files.writeString(file, "{\"mean\": [0, 1], \"std\": [1]}");
        InputException e = expectThrows(InputException.class, () -> ObservationNormalizer.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        Files.writeString(file, "not json {");
        expectThrows(InputException.class, () -> ObservationNormalizer.load(file));
        Files.delete(file);
        Files.delete(dir);
    }
}
