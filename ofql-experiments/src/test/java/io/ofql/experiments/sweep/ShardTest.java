package io.ofql.experiments.sweep;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import io.ofql.InputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.testng.annotations.Test;

public class ShardTest {

    @Test
    public void shardsPartitionTheJobListExactly() {
        for (int size = 0; size <= 11; size++) {
            List<Integer> jobs = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                jobs.add(j);
            }
            for (int n = 1; n <= 5; n++) {
                Set<Integer> seen = new HashSet<>();
                int total = 0;
                for (int i = 0; i < n; i++) {
                    List<Integer> part = new Shard(i, n).select(jobs);
                    total += part.size();
                    seen.addAll(part);
                    assertTrue(Math.abs(part.size() - size / (double) n) < 1, "size " + size + " shard " + i + "/" + n);
                    for (int j : part) {
                        assertEquals(j % n, i);
                    }
                }
                assertEquals(total, size);
                assertEquals(seen.size(), size);
            }
        }
    }

    @Test
    public void sweepJobsAreSortedSoShardsAgreeAcrossWorkers() {
        SweepConfig c = new SweepConfig(List.of("walker2d-medium-v2", "hopper-medium-v2"), List.of("ofql", "dql"),
                new long[] {0}, 10, 5, 1, 5, 5, null, new java.util.TreeMap<>(), new java.util.TreeMap<>(), "cpu", 1);
        assertEquals(c.jobs(), List.of(new SweepJob("hopper-medium-v2", "dql"), new SweepJob("hopper-medium-v2", "ofql"),
                new SweepJob("walker2d-medium-v2", "dql"), new SweepJob("walker2d-medium-v2", "ofql")));
        assertEquals(Shard.parse("1/2").select(c.jobs()), List.of(c.jobs().get(1), c.jobs().get(3)));
    }

    @Test
    public void badShardsAreRejected() {
        assertThrows(InputException.class, () -> Shard.parse("2/2"));
        assertThrows(InputException.class, () -> Shard.parse("1"));
        assertThrows(InputException.class, () -> Shard.parse("a/b"));
        assertThrows(InputException.class, () -> Shard.parse("0/0"));
    }
}
