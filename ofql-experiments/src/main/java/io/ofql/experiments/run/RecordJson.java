package io.ofql.experiments.run;

import com.google.gson.JsonObject;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.ConfigValues;

/** Hyperparameter records as flat JSON objects, one property per setting ({@link ConfigValues} names). */
public final class RecordJson {
    private RecordJson() {}

    /** Every setting of {@code config} (a record, as {@link AlgorithmConfig} implementations are). */
    public static JsonObject toJson(AlgorithmConfig config) {
        return toJson((Record) config);
    }

    /** Every setting of a config record or of one of its parts (a {@code Selection}, say). */
    public static JsonObject toJson(Record record) {
        JsonObject o = new JsonObject();
        ConfigValues.flatten(record).forEach((name, v) -> {
            if (v instanceof Number n) {
                o.addProperty(name, n);
            } else if (v instanceof Boolean b) {
                o.addProperty(name, b);
            } else {
                o.addProperty(name, ConfigValues.format(v));
            }
        });
        return o;
    }
}
