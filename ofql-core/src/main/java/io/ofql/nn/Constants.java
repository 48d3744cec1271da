package io.ofql.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Constant arrays made once per process and shared by every step: 0-d scalars on the CPU and
 * small tables (time-embedding frequencies, noise schedules) on each device.
 *
 * <p>Why. DJL's {@code x.mul(Number)} (and {@code add}, {@code pow}, {@code lt}, ... with a
 * number) wraps the number in a new array on {@code x}'s device. On a GPU that is a copy from
 * pageable host memory, which PyTorch makes synchronous: the host waits for every kernel queued
 * so far, so one such op per line of a training step turns an asynchronous stream of launches into
 * a sequence of round trips. A 0-d CPU tensor instead is an immediate kernel argument to a CUDA
 * op (PyTorch's CPU-scalar rule), so the scalars here live on the CPU and cost no copy on any
 * device. Tables cannot use that rule; each is copied to a device once, at first use.
 *
 * <p>On the CPU the shared arrays also fix an autograd hazard: DJL closes its temporary number
 * array when the op returns, while the autograd graph still holds it for the backward pass
 * ({@code d(x c)/dx = c}), so the gradient read freed memory. These arrays are never closed.
 *
 * <p>Lifetime. The arrays belong to managers that live as long as the process, like interned
 * strings; the set is bounded by the distinct constants the algorithms use. Callers must not
 * close them.
 */
public final class Constants {
    private static final Map<ScalarKey, NDArray> SCALARS = new ConcurrentHashMap<>();
    private static final Map<TableKey, NDArray> TABLES = new ConcurrentHashMap<>();
    private static final Map<Device, NDManager> MANAGERS = new ConcurrentHashMap<>();

    private Constants() {}

    private record ScalarKey(double value, DataType type) {}

    private record TableKey(Device device, DataType type, FloatContent values) {}

    /** float[] compared by content (a record's array component compares by identity). */
    private record FloatContent(float[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FloatContent other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    /** The 0-d CPU array holding {@code value} in {@code type} (FLOAT32, FLOAT64 or INT64). */
    public static NDArray scalar(double value, DataType type) {
        return SCALARS.computeIfAbsent(new ScalarKey(value, type), key -> {
            NDManager cpu = manager(Device.cpu());
            NDArray made = switch (type) {
                case FLOAT32 -> cpu.create((float) value);
                case FLOAT64 -> cpu.create(value);
                case INT64 -> cpu.create((long) value);
                default -> throw new IllegalArgumentException("constants are float32, float64 or int64, got " + type);
            };
            return engineOwned(made);
        });
    }

    /** {@code values} as a 1-d array of {@code type} on {@code device}, copied there once. */
    public static NDArray table(float[] values, Device device, DataType type) {
        NDArray found = TABLES.get(new TableKey(device, type, new FloatContent(values)));
        if (found != null) {
            return found;
        }
        return TABLES.computeIfAbsent(new TableKey(device, type, new FloatContent(values.clone())), key -> {
            NDArray made = manager(device).create(values, new Shape(values.length));
            return engineOwned(type == DataType.FLOAT32 ? made : made.toType(type, false));
        });
    }

    /**
     * A copy in memory the engine allocated (an array made from a Java buffer aliases that
     * buffer on the CPU, and its alignment, so the last bit of vectorised results, varies), taken
     * out of any open {@link NDScope}: a constant first used inside a scope must outlive it.
     */
    private static NDArray engineOwned(NDArray made) {
        NDArray owned = made.duplicate();
        made.close();
        NDScope.unregister(owned);
        return owned;
    }

    private static NDManager manager(Device device) {
        return MANAGERS.computeIfAbsent(device, d -> {
            NDManager m = NDManager.newBaseManager(d);
            m.setName("ofql-constants-" + d);
            return m;
        });
    }
}
