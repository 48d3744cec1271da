package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.ofql.InputException;
import io.ofql.nn.Adam;
import io.ofql.nn.ParameterBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Agent checkpoints: a directory with one file per named array ({@code name.ndarray}, DJL's
 * encoding with shape and type) and {@code state.properties} for counters and scalars.
 *
 * <p>Writes are atomic: everything goes to {@code dir.tmp}, which then replaces {@code dir} by
 * renames, so a crash leaves either the old checkpoint or the new one, never half of one. Loading
 * copies values in place into the agent's existing arrays (they stay trainable) and checks each
 * shape; a missing or mismatched entry is an {@link InputException} naming it.
 */
public final class Checkpoints {
    private static final String PROPERTIES = "state.properties";
    private static final String ARRAY_SUFFIX = ".ndarray";

    private Checkpoints() {}

    /** Named arrays and scalars, as written or read. */
    public static final class State {
        private final Path source;
        private final Map<String, NDArray> arrays = new TreeMap<>();
        private final Map<String, String> scalars = new TreeMap<>();

        /** An empty state to fill and {@link #write}. */
        public State() {
            this(null);
        }

        private State(Path source) {
            this.source = source;
        }

        public void put(String name, NDArray array) {
            arrays.put(name, array);
        }

        public void putLong(String name, long value) {
            scalars.put(name, Long.toString(value));
        }

        public void putString(String name, String value) {
            scalars.put(name, value);
        }

        /** A trainable buffer with its Adam moments and step count. */
        public void putTrainable(String prefix, ParameterBuffer buffer, Adam adam) {
            put(prefix, buffer.values());
            put(prefix + ".adam.m", adam.firstMoment());
            put(prefix + ".adam.v", adam.secondMoment());
            putLong(prefix + ".adam.t", adam.steps());
        }

        public NDArray array(String name) {
            NDArray array = arrays.get(name);
            if (array == null) {
                throw new InputException("checkpoint " + source + " has no array '" + name + "'");
            }
            return array;
        }

        public long getLong(String name) {
            String value = getString(name);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InputException("checkpoint " + source + ": '" + name + "' = '" + value + "' is not an integer", e);
            }
        }

        /** Whether the checkpoint holds the scalar {@code name}. */
        public boolean has(String name) {
            return scalars.containsKey(name);
        }

        public String getString(String name) {
            String value = scalars.get(name);
            if (value == null) {
                throw new InputException("checkpoint " + source + " has no value '" + name + "'");
            }
            return value;
        }

        /** Copies the saved array {@code name} into {@code into} in place, after a shape check. */
        public void restore(String name, NDArray into) {
            NDArray saved = array(name);
            if (!saved.getShape().equals(into.getShape())) {
                throw new InputException("checkpoint " + source + ": '" + name + "' has shape " + saved.getShape()
                        + ", the agent expects " + into.getShape());
            }
            into.set(new NDIndex("..."), saved.toType(into.getDataType(), false).toDevice(into.getDevice(), false));
        }

        /** Restores what {@link #putTrainable} wrote. */
        public void restoreTrainable(String prefix, ParameterBuffer buffer, Adam adam) {
            restore(prefix, buffer.values());
            NDArray m = array(prefix + ".adam.m").toDevice(buffer.values().getDevice(), false);
            NDArray v = array(prefix + ".adam.v").toDevice(buffer.values().getDevice(), false);
            if (!m.getShape().equals(buffer.values().getShape()) || !v.getShape().equals(buffer.values().getShape())) {
                throw new InputException("checkpoint " + source + ": Adam moments of '" + prefix + "' have shape "
                        + m.getShape() + ", the agent expects " + buffer.values().getShape());
            }
            adam.restore(m, v, getLong(prefix + ".adam.t"));
        }
    }

    /** Writes {@code state} to {@code dir} atomically (replacing an existing checkpoint there). */
    public static void write(Path dir, State state) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Path old = absolute.resolveSibling(absolute.getFileName() + ".old");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        for (Map.Entry<String, NDArray> entry : state.arrays.entrySet()) {
            try (OutputStream out = Files.newOutputStream(tmp.resolve(entry.getKey() + ARRAY_SUFFIX))) {
                out.write(entry.getValue().encode());
            }
        }
        Properties properties = new Properties();
        properties.putAll(state.scalars);
        try (Writer out = Files.newBufferedWriter(tmp.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            properties.store(out, "OFQL agent checkpoint");
        }
        deleteRecursively(old);
        if (Files.exists(absolute)) {
            Files.move(absolute, old);
        }
        try {
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, absolute);
        }
        deleteRecursively(old);
    }

    /** Reads a checkpoint directory; arrays are created in {@code manager}. */
    public static State read(Path dir, NDManager manager) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException("checkpoint directory " + dir + " does not exist");
        }
        State state = new State(dir);
        Path propertiesFile = dir.resolve(PROPERTIES);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new InputException("checkpoint " + dir + " has no " + PROPERTIES + " (not a checkpoint?)", e);
        }
        for (String name : properties.stringPropertyNames()) {
            state.scalars.put(name, properties.getProperty(name));
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(ARRAY_SUFFIX)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        String name = fileName.substring(0, fileName.length() - ARRAY_SUFFIX.length());
                        state.arrays.put(name, NDArray.decode(manager, in.readAllBytes()));
                    } catch (IllegalArgumentException e) {
                        throw new InputException("checkpoint file " + file + " is not a DJL array", e);
                    }
                }
            }
        }
        return state;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
