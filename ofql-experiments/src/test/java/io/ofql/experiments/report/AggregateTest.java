package io.ofql.experiments.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.List;
import org.testng.annotations.Test;

public class AggregateTest {

    @Test
    public void interquartileMeanTrimsAQuarterFromEachEnd() {
        // n = 8: cut 2 each side, mean of 3, 4, 5, 6.
        assertEquals(Aggregate.interquartileMean(new double[] {8, 1, 7, 2, 6, 3, 5, 4}), 4.5, 1e-12);
        // n = 6: cut floor(1.5) = 1 each side: sorted 1 3 5 7 10 100 -> mean(3, 5, 7, 10) = 6.25.
        assertEquals(Aggregate.interquartileMean(new double[] {10, 1, 7, 3, 100, 5}), 6.25, 1e-12);
        // n = 3: nothing is cut.
        assertEquals(Aggregate.interquartileMean(new double[] {1, 2, 9}), 4.0, 1e-12);
    }

    @Test
    public void bootstrapIsStratifiedByTask() {
        // Every stratified replicate keeps three 0s and three 100s, so the IQM never moves: 50.
        // A pooled (unstratified) bootstrap would draw unequal mixes and spread the interval.
        Aggregate a = Aggregate.of(List.of(new double[] {0, 0, 0}, new double[] {100, 100, 100}), 500, 7);
        assertEquals(a.iqm(), 50.0, 1e-12);
        assertEquals(a.low(), 50.0, 1e-12);
        assertEquals(a.high(), 50.0, 1e-12);
        assertEquals(a.runs(), 6);
    }

    @Test
    public void intervalIsReproducibleAndBracketsTheEstimate() {
        List<double[]> scores = List.of(new double[] {40, 55, 61}, new double[] {80, 90, 72}, new double[] {10, 30, 20});
        Aggregate a = Aggregate.of(scores, 1000, 3);
        Aggregate b = Aggregate.of(scores, 1000, 3);
        assertEquals(a, b);
        // Pooled sorted: 10 20 30 40 55 61 72 80 90, cut 2 each side: mean(30, 40, 55, 61, 72) = 51.6.
        assertEquals(a.iqm(), 51.6, 1e-9);
        assertTrue(a.low() < a.iqm() && a.iqm() < a.high(), a.toString());
        assertTrue(a.low() >= 10 && a.high() <= 90, a.toString());
    }
}
