package io.ofql.agent;

import io.ofql.InputException;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

public class RecordOverridesTest {
    enum Mode { FAST, SLOW }

    record Sample(int width, float rate, boolean flag, String name, Mode mode) {
        Sample {
            if (width <= 0) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
        }
    }

    @Test
    public void appliesOverridesByComponentName() {
        Sample base = new Sample(4, 0.5f, false, "a", Mode.FAST);
        Sample out = RecordOverrides.apply(base, Map.of("width", "8", "RATE", "0.25", "flag", "true", "name", "b", "mode", "slow"));
        Assert.assertEquals(out, new Sample(8, 0.25f, true, "b", Mode.SLOW));
        Assert.assertSame(RecordOverrides.apply(base, Map.of()), base);
    }

    @Test
    public void rejectsUnknownNamesAndBadValues() {
        Sample base = new Sample(4, 0.5f, false, "a", Mode.FAST);
        InputException unknown = Assert.expectThrows(InputException.class, () -> RecordOverrides.apply(base, Map.of("depth", "3")));
        Assert.assertTrue(unknown.getMessage().contains("'depth'") && unknown.getMessage().contains("width, rate, flag, name, mode"), unknown.getMessage());
        InputException bad = Assert.expectThrows(InputException.class, () -> RecordOverrides.apply(base, Map.of("rate", "fast")));
        Assert.assertTrue(bad.getMessage().contains("'rate' = 'fast'"), bad.getMessage());
        InputException flag = Assert.expectThrows(InputException.class, () -> RecordOverrides.apply(base, Map.of("flag", "yes")));
        Assert.assertTrue(flag.getMessage().contains("'flag' = 'yes'"), flag.getMessage());
        InputException rejected = Assert.expectThrows(InputException.class, () -> RecordOverrides.apply(base, Map.of("width", "-1")));
        Assert.assertTrue(rejected.getMessage().contains("width must be positive, got -1"), rejected.getMessage());
    }
}
