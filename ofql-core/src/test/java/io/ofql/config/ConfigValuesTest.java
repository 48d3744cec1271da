package io.ofql.config;

import io.ofql.InputException;
import io.ofql.data.RewardTransform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

public class ConfigValuesTest {
    enum Mode { FAST, SLOW }

    record Inner(int width, Mode mode) {
        Inner {
            if (width <= 0) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
        }
    }

    record Sample(Inner inner, double rate, boolean flag, String name, long steps) {}

    record Clash(Inner inner, int width) {}

    @Test
    public void leavesAreNamedByComponentAcrossTheNesting() {
        Assert.assertEquals(List.copyOf(ConfigValues.leaves(Sample.class).keySet()),
                List.of("width", "mode", "rate", "flag", "name", "steps"));
        IllegalStateException clash = Assert.expectThrows(IllegalStateException.class, () -> ConfigValues.leaves(Clash.class));
        Assert.assertTrue(clash.getMessage().contains("'width'"), clash.getMessage());
    }

    @Test
    public void flattenAndBuildAreInverses() {
        Sample sample = new Sample(new Inner(4, Mode.SLOW), 0.25, true, "a", 7L);
        Map<String, Object> flat = ConfigValues.flatten(sample);
        Assert.assertEquals(flat, new LinkedHashMap<>(Map.of("width", 4, "mode", Mode.SLOW, "rate", 0.25, "flag", true,
                "name", "a", "steps", 7L)));
        Assert.assertEquals(ConfigValues.build(Sample.class, flat), sample);
        Map<String, Object> missing = new LinkedHashMap<>(flat);
        missing.remove("steps");
        Assert.expectThrows(IllegalStateException.class, () -> ConfigValues.build(Sample.class, missing));
        Map<String, Object> bad = new LinkedHashMap<>(flat);
        bad.put("width", -1);
        IllegalArgumentException refused = Assert.expectThrows(IllegalArgumentException.class,
                () -> ConfigValues.build(Sample.class, bad));
        Assert.assertEquals(refused.getMessage(), "width must be positive, got -1");
    }

    @Test
    public void parsesEachTypeAndNamesWhatItCannot() {
        Assert.assertEquals(ConfigValues.parse("w", int.class, " 8 "), 8);
        Assert.assertEquals(ConfigValues.parse("s", long.class, "1e6"), 1_000_000L);
        Assert.assertEquals(ConfigValues.parse("r", double.class, "3e-4"), 3e-4);
        Assert.assertEquals(ConfigValues.parse("f", boolean.class, "TRUE"), true);
        Assert.assertEquals(ConfigValues.parse("m", Mode.class, "slow"), Mode.SLOW);
        Assert.assertEquals(ConfigValues.parse("reward", RewardTransform.class, "minus-one"), RewardTransform.MINUS_ONE);
        InputException fraction = Assert.expectThrows(InputException.class, () -> ConfigValues.parse("s", long.class, "2.5"));
        Assert.assertTrue(fraction.getMessage().contains("'s' = '2.5'"), fraction.getMessage());
        InputException flag = Assert.expectThrows(InputException.class, () -> ConfigValues.parse("flag", boolean.class, "yes"));
        Assert.assertTrue(flag.getMessage().contains("'flag' = 'yes'") && flag.getMessage().contains("true or false"));
        InputException mode = Assert.expectThrows(InputException.class, () -> ConfigValues.parse("mode", Mode.class, "medium"));
        Assert.assertTrue(mode.getMessage().contains("one of fast, slow"), mode.getMessage());
    }

    @Test
    public void namesMatchIgnoringCaseDashesAndUnderscores() {
        Map<String, Class<?>> leaves = ConfigValues.leaves(Sample.class);
        Assert.assertEquals(ConfigValues.find(leaves, "WIDTH"), "width");
        Assert.assertEquals(ConfigValues.find(leaves, "na-me"), "name");
        Assert.assertNull(ConfigValues.find(leaves, "depth"));
    }

    @Test
    public void formatWritesValuesAsPresetFilesDo() {
        Assert.assertEquals(ConfigValues.format(3e-4), "0.0003");
        Assert.assertEquals(ConfigValues.format(1.0), "1");
        Assert.assertEquals(ConfigValues.format(RewardTransform.MINUS_ONE), "minus-one");
        Assert.assertEquals(ConfigValues.format(Mode.FAST), "fast");
        Assert.assertEquals(ConfigValues.format(2_000_000L), "2000000");
    }
}
