package io.ofql.experiments.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.RecordComponent;
import java.util.Optional;

/** Hyperparameter records as JSON objects, and typed reads of single components by name. */
public final class RecordJson {
    private RecordJson() {}

    /** The record's components as a JSON object; nested records nest, other values print with toString. */
    public static JsonObject toJson(Record r) {
        JsonObject o = new JsonObject();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            o.add(c.getName(), value(get(r, c)));
        }
        return o;
    }

    private static JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        } else if (v instanceof Record nested) {
            return toJson(nested);
        } else if (v instanceof Number n) {
            return new JsonPrimitive(n);
        } else if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(v.toString());
    }

    /** The value of component {@code name}, if the record has one. */
    static Optional<Object> component(Record r, String name) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return Optional.ofNullable(get(r, c));
            }
        }
        return Optional.empty();
    }

    private static Object get(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }
}
