package io.ofql.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.task.Domain;
import io.ofql.task.Task;
import io.ofql.task.TaskRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An algorithm's presets, read from its JSON resource {@code presets/<algorithm>.json}, resolved
 * for a task into its typed config with the source of every value.
 *
 * <p>The file has up to five sections, applied in this order (later wins):
 *
 * <pre>
 * {
 *   "defaults":     { NAME: VALUE, ... },              every setting of the config, required
 *   "domains":      { "antmaze": { NAME: VALUE } },    per {@link Domain#id()}
 *   "environments": { "hopper": { NAME: VALUE } },     per environment id of the task registry
 *   "tasks":        { "hopper-medium": { ... } },      per task without its version
 *   "renamed":      { "OLD": "NEW" }                   old names --set refuses, naming the new one
 * }
 * </pre>
 *
 * then, under {@link Protocol#SHARED}, the shared protocol's {@link Selection} values, followed by
 * the user's {@code --set} overrides. Names are {@link ConfigValues} leaf names.
 * JSON has no comments, so every value carries its source in a sibling key: {@code "//NAME"}
 * for one value, or {@code "//"} for every value of its row without its own (a section's
 * {@code "//"} covers its rows without one); a value without a source is refused when the file
 * is loaded.
 *
 * @param <C> the algorithm's config record
 */
public final class Presets<C extends Record & AlgorithmConfig> {
    private static final String NOTE = "//";

    /**
     * One resolved setting.
     *
     * @param name the leaf name
     * @param value its value
     * @param source where it came from: {@code default}, {@code domain ID}, {@code environment ID},
     *     {@code task BASE}, {@code protocol shared} or {@code --set}
     * @param note the preset file's note on it (empty for {@code --set})
     */
    public record Setting(String name, Object value, String source, String note) {}

    /** A config with the settings it was resolved from, in the config's declaration order. */
    public record Resolved<C>(C config, List<Setting> settings) {}

    /** One section row: its values with their notes, labelled with where they come from. */
    private record Layer(String source, Map<String, Object> values, Map<String, String> notes) {}

    private final String algorithm;
    private final Class<C> type;
    private final Map<String, Class<?>> leaves;
    private final Layer defaults;
    private final Map<String, Layer> domains = new LinkedHashMap<>();
    private final Map<String, Layer> environments = new LinkedHashMap<>();
    private final Map<String, Layer> tasks = new LinkedHashMap<>();
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final Layer sharedProtocol;

    private Presets(String algorithm, Class<C> type, JsonObject root, String resource) {
        this.algorithm = algorithm;
        this.type = type;
        leaves = ConfigValues.leaves(type);
        for (String section : root.keySet()) {
            if (!List.of("defaults", "domains", "environments", "tasks", "renamed", NOTE).contains(section)) {
                throw new IllegalStateException(resource + ": unknown section '" + section + "'");
            }
        }
        if (!root.has("defaults")) {
            throw new IllegalStateException(resource + ": no \"defaults\" section");
        }
        defaults = layer(resource, "default", root.getAsJsonObject("defaults"), null, type);
        sharedProtocol = sharedProtocol();
        for (String leaf : leaves.keySet()) {
            if (!defaults.values().containsKey(leaf)) {
                throw new IllegalStateException(resource + ": \"defaults\" has no value for '" + leaf + "'");
            }
        }
        List<String> domainIds = new ArrayList<>();
        for (Domain d : Domain.values()) {
            domainIds.add(d.id());
        }
        rows(resource, root, "domains", "domain", domainIds, domains);
        rows(resource, root, "environments", "environment", TaskRegistry.environments(), environments);
        rows(resource, root, "tasks", "task", TaskRegistry.bases(), tasks);
        if (root.has("renamed")) {
            root.getAsJsonObject("renamed").entrySet().forEach(e -> {
                if (!e.getKey().startsWith(NOTE)) {
                    renamed.put(ConfigValues.normalise(e.getKey()), e.getValue().getAsString());
                }
            });
        }
    }

    /**
     * Loads {@code presets/<algorithm>.json} from {@code type}'s class loader.
     *
     * @throws IllegalStateException when the resource is missing or malformed (a build error)
     */
    public static <C extends Record & AlgorithmConfig> Presets<C> load(String algorithm, Class<C> type) {
        String resource = "presets/" + algorithm + ".json";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("preset resource " + resource + " missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return parse(algorithm, type, JsonParser.parseReader(reader).getAsJsonObject(), resource);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading " + resource, e);
        }
    }

    /** Presets from a parsed file; {@code resource} names it in messages. */
    static <C extends Record & AlgorithmConfig> Presets<C> parse(String algorithm, Class<C> type, JsonObject root,
            String resource) {
        return new Presets<>(algorithm, type, root, resource);
    }

    private void rows(String resource, JsonObject root, String section, String label, List<String> known,
            Map<String, Layer> into) {
        if (!root.has(section)) {
            return;
        }
        JsonObject rows = root.getAsJsonObject(section);
        String sectionNote = rows.has(NOTE) ? rows.get(NOTE).getAsString() : null;
        for (Map.Entry<String, JsonElement> row : rows.entrySet()) {
            if (row.getKey().startsWith(NOTE)) {
                continue;
            }
            if (!known.contains(row.getKey())) {
                throw new IllegalStateException(resource + ": " + section + " has a row '" + row.getKey()
                        + "', which is not one of " + known);
            }
            into.put(row.getKey(), layer(resource, label + " " + row.getKey(), row.getValue().getAsJsonObject(),
                    sectionNote, type));
        }
    }

    /**
     * The shared protocol's row ({@link Protocol#SHARED}): a value for every {@link Selection}
     * setting and nothing else, so that it replaces the whole evaluation protocol of any algorithm.
     */
    private static Layer sharedProtocol() {
        String resource = Protocol.SHARED_RESOURCE;
        JsonObject root = Protocol.sharedValues();
        Layer layer = layer(resource, "protocol " + Protocol.SHARED.cliName(), root, null, Selection.class);
        for (String leaf : ConfigValues.leaves(Selection.class).keySet()) {
            if (!layer.values().containsKey(leaf)) {
                throw new IllegalStateException(resource + " has no value for '" + leaf + "'");
            }
        }
        return layer;
    }

    /** A row's values with their notes: {@code //NAME}, else the row's {@code //}, else the section's. */
    private static Layer layer(String resource, String source, JsonObject object, String sectionNote,
            Class<? extends Record> owner) {
        Map<String, Class<?>> leaves = ConfigValues.leaves(owner);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        String shared = object.has(NOTE) ? object.get(NOTE).getAsString() : sectionNote;
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(NOTE)) {
                if (key.length() > NOTE.length() && !object.has(key.substring(NOTE.length()))) {
                    throw new IllegalStateException(resource + " (" + source + "): note '" + key + "' on no value");
                }
                continue;
            }
            if (!leaves.containsKey(key)) {
                throw new IllegalStateException(resource + " (" + source + "): '" + key + "' is not a setting of "
                        + owner.getSimpleName() + "; settings: " + String.join(", ", leaves.keySet()));
            }
            String note = object.has(NOTE + key) ? object.get(NOTE + key).getAsString() : shared;
            if (note == null || note.isBlank()) {
                throw new IllegalStateException(resource + " (" + source + "): '" + key
                        + "' has no source (add \"//" + key + "\" or a \"//\" note for the row)");
            }
            values.put(key, ConfigValues.parse(key, leaves.get(key), e.getValue().getAsString()));
            notes.put(key, note);
        }
        return new Layer(source, values, notes);
    }

    /** {@link #resolve(String, Protocol, Map)} under the {@link Protocol#PAPER paper} protocol. */
    public Resolved<C> resolve(String taskName, Map<String, String> overrides) {
        return resolve(taskName, Protocol.PAPER, overrides);
    }

    /**
     * The config for a task: defaults, the task's domain row, its environment's row, its own row,
     * the protocol's values (none for {@link Protocol#PAPER}: the rows are the paper's), then
     * {@code overrides} (name to value text).
     *
     * @throws InputException for an unknown task, an unknown or renamed setting, an unparsable
     *     value, or values the config's checks refuse, naming them
     */
    public Resolved<C> resolve(String taskName, Protocol protocol, Map<String, String> overrides) {
        Task task = TaskRegistry.resolve(taskName);
        Map<String, Setting> settings = new LinkedHashMap<>();
        apply(defaults, settings);
        apply(domains.get(task.domain().id()), settings);
        apply(environments.get(task.envId()), settings);
        apply(tasks.get(task.base()), settings);
        if (protocol == Protocol.SHARED) {
            apply(sharedProtocol, settings);
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String leaf = ConfigValues.find(leaves, override.getKey());
            if (leaf == null) {
                String now = renamed.get(ConfigValues.normalise(override.getKey()));
                throw new InputException(now != null
                        ? "hyperparameter '" + override.getKey() + "' of " + algorithm + " is now called '" + now
                                + "' (--set " + now + "=" + override.getValue() + ")"
                        : "unknown hyperparameter '" + override.getKey() + "' for " + algorithm + "; known: "
                                + String.join(", ", leaves.keySet()));
            }
            settings.put(leaf, new Setting(leaf, ConfigValues.parse(leaf, leaves.get(leaf), override.getValue()),
                    "--set", ""));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        settings.forEach((name, s) -> values.put(name, s.value()));
        C config;
        try {
            config = ConfigValues.build(type, values);
        } catch (IllegalArgumentException e) {
            if (overrides.isEmpty()) {
                throw new IllegalStateException("presets/" + algorithm + ".json gives " + taskName
                        + " values its config refuses: " + e.getMessage(), e);
            }
            throw new InputException("bad hyperparameters " + overrides + " for " + algorithm + ": " + e.getMessage(), e);
        }
        List<Setting> ordered = new ArrayList<>();
        for (String leaf : leaves.keySet()) {
            ordered.add(settings.get(leaf));
        }
        return new Resolved<>(config, ordered);
    }

    private static void apply(Layer layer, Map<String, Setting> settings) {
        if (layer == null) {
            return;
        }
        layer.values().forEach((name, value) ->
                settings.put(name, new Setting(name, value, layer.source(), layer.notes().get(name))));
    }
}
