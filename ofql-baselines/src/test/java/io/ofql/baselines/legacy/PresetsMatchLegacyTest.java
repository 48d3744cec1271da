package io.ofql.baselines.legacy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ofql.agent.AgentFactory;
import io.ofql.ofql.OfqlAgentFactory;
import io.ofql.baselines.cpql.CpqlFactory;
import io.ofql.baselines.dql.DqlFactory;
import io.ofql.baselines.fql.FqlFactory;
import io.ofql.config.ConfigValues;
import io.ofql.task.Task;
import io.ofql.task.TaskRegistry;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.testng.annotations.Test;

/**
 * The JSON presets against the Java presets they replace (copied unchanged into this package),
 * for every task of the registry and every algorithm. The only differences allowed are the ones
 * the redesign makes on purpose: DQL's table (which CPQL and FQL followed) was keyed by one version
 * of each task, so the other versions (antmaze-*-v2, hopper-medium-v0, pen-human-v0, ...) fell
 * back to halfcheetah-medium's row; now every version of a task gets its row.
 */
public class PresetsMatchLegacyTest {

    @Test
    public void everyTaskResolvesToTheLegacyValues() {
        int compared = 0;
        int versionFixes = 0;
        for (String name : TaskRegistry.names()) {
            compare(new OfqlAgentFactory(), name, LegacyOfqlConfig::forTask, name);
            String sibling = withDqlRow(name);
            for (AgentFactory f : new AgentFactory[] {new DqlFactory(), new CpqlFactory(), new FqlFactory()}) {
                Function<String, Record> legacy = switch (f.algorithm()) {
                    case "dql" -> LegacyDqlConfig::forTask;
                    case "cpql" -> LegacyCpqlConfig::forTask;
                    default -> LegacyFqlConfig::forTask;
                };
                if (sibling.equals(name) || name.equals(TaskRegistry.TOY)) {
                    compare(f, name, legacy, name);
                } else {
                    // The old table missed this version: it got the defaults, now it gets its row.
                    assertEquals(flat(legacy.apply(name)), flat(legacy.apply("no-such-task")), name);
                    compare(f, name, legacy, sibling);
                    versionFixes++;
                }
                compared++;
            }
        }
        assertTrue(compared > 200, "compared " + compared);
        assertTrue(versionFixes > 0);
    }

    /** The version of {@code name}'s task that DQL's old table had a row for, else {@code name}. */
    private static String withDqlRow(String name) {
        Task task = TaskRegistry.find(name).orElseThrow();
        for (String other : TaskRegistry.names()) {
            Task t = TaskRegistry.find(other).orElseThrow();
            if (t.base().equals(task.base()) && LegacyDqlConfig.hasPreset(other)) {
                return other;
            }
        }
        return name;
    }

    private static void compare(AgentFactory factory, String task, Function<String, Record> legacy, String legacyTask) {
        Map<String, String> expected = flat(legacy.apply(legacyTask));
        Map<String, String> actual = new TreeMap<>();
        ConfigValues.flatten((Record) factory.config(task, Map.of())).forEach((k, v) -> actual.put(k, ConfigValues.format(v)));
        // Settings the old records lacked, with the behaviour the old code had.
        expected.putIfAbsent("selectByQ", String.valueOf(Integer.parseInt(expected.get("candidates")) > 1));
        expected.putIfAbsent("candidateNoise", "1");
        if (factory.algorithm().equals("ofql")) {
            // Added after the old records: OFQL's share of one-step intervals, 0 being the old sampling.
            expected.put("oneStepShare", "0");
        }
        if (factory.algorithm().equals("cpql")) {
            expected.put("softTargets", "false");
            expected.put("tau", actual.get("tau"));
        }
        assertEquals(actual, expected, factory.algorithm() + " on " + task);
    }

    private static Map<String, String> flat(Record r) {
        Map<String, String> out = new TreeMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(r);
                String name = c.getName().equals("qWeight") ? "eta" : c.getName();
                out.put(name, v instanceof String text && name.equals("reward") ? text : ConfigValues.format(v));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
