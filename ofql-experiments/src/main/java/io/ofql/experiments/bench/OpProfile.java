package io.ofql.experiments.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the operations PyTorch runs for a piece of work, with libtorch's own profiler (the one
 * DJL's PyTorch engine starts and stops): the work runs between {@link #start} and {@link #stop},
 * the profiler writes a Chrome trace, and the count is taken from the trace.
 *
 * <p>An operation is top-level when no other event of the same thread encloses it in time: one
 * per native call issued from Java ({@code aten::matmul}, with its {@code aten::mm} inside it not
 * counted) and one per autograd node the backward pass evaluates (events named {@code
 * autograd::engine::evaluate_function: ...}). On a GPU each top-level operation costs about the
 * same host time whatever its size, so the count is what a step's host time scales with.
 */
public final class OpProfile {
    /** Prefix of the profiler's event for one autograd node of a backward pass. */
    static final String AUTOGRAD_PREFIX = "autograd::engine::evaluate_function: ";

    /**
     * The counts of one trace.
     *
     * @param total top-level operations
     * @param autograd of which autograd nodes
     * @param byName top-level operations per name, autograd nodes under their node name
     */
    public record Counts(int total, int autograd, Map<String, Integer> byName) {}

    private static final double ROUNDING_US = 0.002;

    private OpProfile() {}

    /** Starts libtorch's profiler (CPU events only, no shapes, no memory). */
    public static void start() {
        JniUtils.startProfile(false, false, false);
    }

    /** Stops the profiler, writes its Chrome trace to {@code trace} and counts it. */
    public static Counts stop(Path trace) throws IOException {
        JniUtils.stopProfile(trace.toString());
        return count(trace);
    }

    /** The counts of a Chrome trace file as libtorch's profiler writes it. */
    public static Counts count(Path trace) throws IOException {
        try (Reader reader = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            JsonArray events = root.isJsonArray() ? root.getAsJsonArray()
                    : root.getAsJsonObject().getAsJsonArray("traceEvents");
            return count(events);
        }
    }

    static Counts count(JsonArray events) {
        record Event(String name, String thread, double start, double end) {}
        Map<String, List<Event>> byThread = new HashMap<>();
        for (JsonElement element : events) {
            JsonObject e = element.getAsJsonObject();
            if (!e.has("ph") || !e.get("ph").getAsString().equals("X")) {
                continue;
            }
            String thread = e.get("pid").getAsString() + "/" + e.get("tid").getAsString();
            double ts = e.get("ts").getAsDouble();
            byThread.computeIfAbsent(thread, k -> new ArrayList<>())
                    .add(new Event(e.get("name").getAsString(), thread, ts, ts + e.get("dur").getAsDouble()));
        }
        int total = 0;
        int autograd = 0;
        Map<String, Integer> names = new TreeMap<>();
        for (List<Event> thread : byThread.values()) {
            // Earlier first, and of two that start together the longer (the enclosing) first.
            thread.sort(Comparator.comparingDouble(Event::start).thenComparing(Event::end, Comparator.reverseOrder()));
            Deque<Event> open = new ArrayDeque<>();
            for (Event e : thread) {
                while (!open.isEmpty() && open.peek().end() < e.start()) {
                    open.pop();
                }
                // The trace rounds to nanoseconds: a child may seem to end a hair after its parent.
                boolean nested = !open.isEmpty() && e.end() <= open.peek().end() + ROUNDING_US;
                if (!nested) {
                    total++;
                    String name = e.name();
                    if (name.startsWith(AUTOGRAD_PREFIX)) {
                        autograd++;
                        name = name.substring(AUTOGRAD_PREFIX.length());
                    }
                    names.merge(name, 1, Integer::sum);
                }
                open.push(e);
            }
        }
        return new Counts(total, autograd, names);
    }
}
