package io.ofql.experiments.sweep;

import static org.testng.Assert.assertEquals;

import io.ofql.experiments.run.Training;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import org.testng.SkipException;
import org.testng.annotations.Test;

/** The order in which parallel jobs start, and the relay of the workers' progress lines. */
public class SweepRunnerTest {

    private static List<String> startOrder(TreeMap<String, java.util.SortedMap<String, String>> overrides) throws Exception {
        List<String> algos = List.of("cpql", "dql", "fql", "ofql");
        for (String a : algos) {
            if (!Training.factories().containsKey(a)) {
                throw new SkipException(a + " is not on the class path");
            }
        }
        SweepConfig config = new SweepConfig(List.of(Training.TOY_TASK), algos, new long[] {0}, 0, 100, 1, 100, 100,
                null, new TreeMap<>(), overrides, "cpu", 2);
        SweepRunner runner = new SweepRunner(config, Files.createTempDirectory("order"), System.err);
        return runner.startOrder(config.jobs()).stream().map(SweepJob::algo).toList();
    }

    @Test
    public void longestJobsStartFirst() throws Exception {
        // The toy rows: ofql 4000 steps, dql 2000, cpql and fql 1000 (kept in sweep order).
        assertEquals(startOrder(new TreeMap<>()), List.of("ofql", "dql", "cpql", "fql"));
        TreeMap<String, java.util.SortedMap<String, String>> longCpql = new TreeMap<>();
        longCpql.put("cpql", new TreeMap<>(java.util.Map.of("trainingSteps", "5000")));
        assertEquals(startOrder(longCpql), List.of("cpql", "ofql", "dql", "fql"));
    }

    @Test
    public void logTailRelaysOnlyNewCompleteProgressLines() throws Exception {
        Path log = Files.createTempFile("worker", ".log");
        Files.writeString(log, "toy-bandit/ofql: step 5/10 (50%), from an earlier run\n");
        LogTail tail = new LogTail(log, "toy-bandit/ofql: step ");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        append(log, "12:00 WARN something else\ntoy-bandit/ofql: step 0/10 (0%)\ntoy-bandit/ofql: st");
        tail.relay(to);
        assertEquals(bytes.toString(StandardCharsets.UTF_8), "toy-bandit/ofql: step 0/10 (0%)" + System.lineSeparator());
        bytes.reset();
        // A two-byte character cut between two reads comes out whole.
        byte[] plusMinus = "\u00b1".getBytes(StandardCharsets.UTF_8);
        append(log, "ep 10/10 (100%), score 95.0 ".getBytes(StandardCharsets.UTF_8));
        append(log, new byte[] {plusMinus[0]});
        tail.relay(to);
        assertEquals(bytes.size(), 0, "an unfinished line must wait");
        append(log, new byte[] {plusMinus[1]});
        append(log, " 1\n".getBytes(StandardCharsets.UTF_8));
        tail.relay(to);
        tail.relay(to);
        assertEquals(bytes.toString(StandardCharsets.UTF_8),
                "toy-bandit/ofql: step 10/10 (100%), score 95.0 \u00b1 1" + System.lineSeparator());
    }

    private static void append(Path log, String text) throws Exception {
        append(log, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(Path log, byte[] bytes) throws Exception {
        Files.write(log, bytes, StandardOpenOption.APPEND);
    }
}
