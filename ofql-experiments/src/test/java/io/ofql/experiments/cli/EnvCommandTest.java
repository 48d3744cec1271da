package io.ofql.experiments.cli;

import io.ofql.task.TaskRegistry;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.Environments;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/** The env and bench-env commands through the real command line. */
public class EnvCommandTest {

    @Test
    public void checkPrintsJsonWithReturnsAndScores() {
        Path policy = SharedData.cs285("hopper-expert-policy.hdf5");
        Cli.Result r = Cli.run("env", "check", "--env", "hopper-expert-v2", "--policy", policy.toString(),
                "--episodes", "2", "--seed", "3", "--json");
        assertEquals(r.code(), 0, r.err());
        JsonObject o = JsonParser.parseString(r.out().trim()).getAsJsonObject();
        assertEquals(o.get("env").getAsString(), "hopper");
        assertEquals(o.get("episodes").getAsInt(), 2);
        assertEquals(o.getAsJsonArray("returns").size(), 2);
        assertEquals(o.getAsJsonArray("lengths").get(0).getAsInt(), 1000);
        double mean = (o.getAsJsonArray("returns").get(0).getAsDouble()
                + o.getAsJsonArray("returns").get(1).getAsDouble()) / 2;
        assertEquals(o.get("return_mean").getAsDouble(), mean, 1e-9);
        assertEquals(o.get("normalized_score_mean").getAsDouble(), TaskRegistry.environment("hopper").normalizedScore(mean), 1e-9);
    }

    @Test
    public void policyForAnotherEnvironmentIsOneLineExit2() {
        Path policy = SharedData.cs285("halfcheetah-expert-policy.hdf5");
        Cli.Result r = Cli.run("env", "check", "--env", "hopper", "--policy", policy.toString());
        assertEquals(r.code(), 2);
        assertEquals(r.err().strip().lines().count(), 1L, r.err());
        assertTrue(r.err().contains("17/6") && r.err().contains("11/3"), r.err());
    }

    @Test
    public void unknownEnvironmentIsOneLineExit2() {
        Cli.Result r = Cli.run("env", "check", "--env", "humanoid-medium-v2", "--policy", "x.hdf5");
        assertEquals(r.code(), 2);
        assertTrue(r.err().startsWith("ofql: unknown environment 'humanoid-medium-v2'"), r.err());
    }

    @Test
    public void infoListsEveryEnvironment() {
        Cli.Result r = Cli.run("env", "info");
        assertEquals(r.code(), 0, r.err());
        for (EnvironmentFactory e : Environments.all()) {
            assertTrue(r.out().contains(e.id()), r.out());
        }
        assertTrue(r.out().contains("3234.3"), r.out());
        assertTrue(r.out().contains("antmaze-umaze   AntMaze U-maze     29    8    700"), r.out());
        assertTrue(r.out().contains("62 walls, goal cell (7, 9)"), r.out());
    }

    @Test
    public void benchWritesOneRowPerModeAndEnvironment() throws Exception {
        Path dir = Files.createTempDirectory("ofql-bench");
        Path csv = dir.resolve("env.csv");
        Cli.Result r = Cli.run("bench", "env", "--steps", "200", "--envs", "2", "--threads", "2", "--out", csv.toString());
        assertEquals(r.code(), 0, r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(lines.get(0), "env,mode,envs,threads,steps,seconds,steps_per_second,cpu_seconds,steps_per_cpu_second");
        assertEquals(lines.size(), 1 + 2 * Environments.all().size());
        assertTrue(lines.get(1).startsWith("hopper,single,1,1,200,"), lines.get(1));
    }
}
