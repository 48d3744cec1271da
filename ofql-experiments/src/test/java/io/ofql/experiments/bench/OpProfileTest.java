package io.ofql.experiments.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

public class OpProfileTest {

    private static String event(String name, int tid, double ts, double dur) {
        return String.format(java.util.Locale.ROOT,
                "{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"tid\": %d, \"pid\": \"CPU Functions\"}",
                name, ts, dur, tid);
    }

    @Test
    public void countsOnlyEventsThatNothingEncloses() {
        // matmul encloses mm (which encloses resolve_conj); an autograd node encloses its backward
        // op; a second thread's event counts on its own; a child ending a hair after its parent
        // (rounding) is still nested.
        JsonArray events = JsonParser.parseString("[" + String.join(",",
                event("aten::matmul", 1, 0, 10),
                event("aten::mm", 1, 1, 8),
                event("aten::resolve_conj", 1, 2, 1),
                event("aten::tanh", 1, 12, 3),
                event("autograd::engine::evaluate_function: TanhBackward0", 1, 20, 5),
                event("TanhBackward0", 1, 20.5, 4.501),
                event("aten::tanh_backward", 1, 21, 2),
                event("aten::add", 2, 5, 1),
                "{\"name\": \"flow\", \"ph\": \"s\", \"ts\": 1, \"tid\": 1, \"pid\": \"CPU Functions\"}") + "]")
                .getAsJsonArray();
        OpProfile.Counts counts = OpProfile.count(events);
        assertEquals(counts.total(), 4);
        assertEquals(counts.autograd(), 1);
        assertEquals(counts.byName(), Map.of("aten::matmul", 1, "aten::tanh", 1, "TanhBackward0", 1, "aten::add", 1));
    }

    @Test
    public void profilesTheOperationsIssuedBetweenStartAndStop() throws Exception {
        Path trace = Files.createTempDirectory("ops").resolve("trace.json");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(4, 8));
            NDArray b = m.randomNormal(new Shape(8, 3));
            OpProfile.start();
            // Three native calls from Java: matmul (with mm inside), tanh, sum.
            a.matMul(b).tanh().sum();
            OpProfile.Counts counts = OpProfile.stop(trace);
            assertEquals(counts.byName(), Map.of("aten::matmul", 1, "aten::tanh", 1, "aten::sum", 1));
            assertEquals(counts.total(), 3);
            assertEquals(counts.autograd(), 0);
        }
        assertTrue(Files.size(trace) > 0);
    }
}
