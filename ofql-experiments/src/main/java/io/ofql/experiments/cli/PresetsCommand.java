package io.ofql.experiments.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ofql.config.ConfigValues;
import io.ofql.config.Presets;
import io.ofql.config.Protocol;
import io.ofql.experiments.run.Training;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ofql presets --algo A --task T [--set name=value]...}: the configuration a run of A on T
 * would use, one setting per line with its value, where it came from (the preset file's defaults,
 * its domain, environment or task row, the shared protocol under {@code --protocol shared}, or
 * {@code --set}) and the file's note on it.
 */
@Command(
        name = "presets",
        mixinStandardHelpOptions = true,
        description = "Print the resolved configuration of an algorithm on a task and where each value came from"
                + " (default, domain, environment or task row of presets/<algo>.json, or --set).")
public final class PresetsCommand implements Runnable {
    @Option(names = "--algo", required = true, description = "Algorithm (found on the classpath, e.g. ofql, dql).")
    String algo;

    @Option(names = "--task", required = true, description = "toy-bandit or a D4RL task name, e.g. hopper-medium-v2.")
    String task;

    @Mixin SharedOptions.EvaluationProtocol protocol;

    @Mixin SharedOptions.Overrides set;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<Presets.Setting> settings = Training.factory(algo).explain(task, protocol.value(), set.pairs());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonArray rows = new JsonArray();
            for (Presets.Setting s : settings) {
                JsonObject row = new JsonObject();
                row.addProperty("name", s.name());
                row.addProperty("value", ConfigValues.format(s.value()));
                row.addProperty("source", s.source());
                row.addProperty("note", s.note());
                rows.add(row);
            }
            JsonObject o = new JsonObject();
            o.addProperty("algo", algo);
            o.addProperty("task", task);
            o.addProperty("protocol", protocol.value().cliName());
            o.add("settings", rows);
            out.println(o);
        } else {
            out.println(algo + " on " + task + " (presets/" + algo + ".json"
                    + (protocol.value() == Protocol.PAPER ? "" : ", protocol " + protocol.value().cliName()) + "):");
            int name = "setting".length();
            int value = "value".length();
            int source = "source".length();
            for (Presets.Setting s : settings) {
                name = Math.max(name, s.name().length());
                value = Math.max(value, ConfigValues.format(s.value()).length());
                source = Math.max(source, s.source().length());
            }
            String format = "%-" + name + "s  %-" + value + "s  %-" + source + "s  %s%n";
            out.printf(Locale.ROOT, format, "setting", "value", "source", "note");
            for (Presets.Setting s : settings) {
                out.printf(Locale.ROOT, format, s.name(), ConfigValues.format(s.value()), s.source(), s.note());
            }
        }
        out.flush();
    }
}
