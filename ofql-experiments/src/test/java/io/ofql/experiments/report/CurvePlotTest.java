package io.ofql.experiments.report;

import static org.testng.Assert.assertEquals;

import java.util.SortedMap;
import java.util.TreeMap;
import org.jfree.data.xy.YIntervalSeries;
import org.testng.annotations.Test;

/** The band of one run: mean ± sample std over seeds at the steps every seed has, and its legend. */
public class CurvePlotTest {

    private static SortedMap<Long, Double> curve(double... valuesAt100And200) {
        SortedMap<Long, Double> c = new TreeMap<>();
        for (int i = 0; i < valuesAt100And200.length; i++) {
            c.put(100L * (i + 1), valuesAt100And200[i]);
        }
        return c;
    }

    @Test
    public void bandIsMeanAndSampleStdAtStepsEverySeedHas() {
        SortedMap<Long, SortedMap<Long, Double>> curves = new TreeMap<>();
        curves.put(0L, curve(10, 30));
        curves.put(1L, curve(20));
        YIntervalSeries s = CurvePlot.series(new RunResult("toy-bandit", "ofql", "paper", curves));
        assertEquals(s.getKey(), "ofql (2 seeds)");
        // Step 200 is missing for seed 1, so only step 100 is drawn: mean 15, sample std sqrt(50).
        assertEquals(s.getItemCount(), 1);
        assertEquals(s.getX(0).doubleValue(), 100.0);
        assertEquals(s.getYValue(0), 15.0, 1e-12);
        assertEquals(s.getYHighValue(0) - 15.0, Math.sqrt(50), 1e-12);
    }

    @Test
    public void oneSeedIsNamedInTheSingular() {
        SortedMap<Long, SortedMap<Long, Double>> curves = new TreeMap<>();
        curves.put(0L, curve(10, 30));
        YIntervalSeries s = CurvePlot.series(new RunResult("toy-bandit", "dql", "paper", curves));
        assertEquals(s.getKey(), "dql (1 seed)");
        assertEquals(s.getItemCount(), 2);
        assertEquals(s.getYHighValue(1), s.getYValue(1));
    }
}
