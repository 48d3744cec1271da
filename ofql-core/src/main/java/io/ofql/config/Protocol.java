package io.ofql.config;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * A named evaluation protocol: which values the {@link Selection} settings of a run take.
 *
 * <ul>
 *   <li>{@link #PAPER}: each algorithm as its own paper or official code evaluates it, which is what
 *       its preset file holds ({@code presets/<algorithm>.json}).
 *   <li>{@link #SHARED}: one protocol for every algorithm, the values of
 *       {@code presets/protocol-shared.json}, which replace every {@link Selection} setting of the
 *       presets (an explicit {@code --set} still wins), for a controlled comparison.
 * </ul>
 *
 * See {@code docs/protocols.md} for the values and their sources.
 */
public enum Protocol {
    PAPER,
    SHARED;

    /** The resource holding the shared protocol's values. */
    static final String SHARED_RESOURCE = "presets/protocol-shared.json";

    /** The name on the command line, in sweep files and in {@code config.json}: {@code paper} or {@code shared}. */
    public String cliName() {
        return ConfigValues.format(this);
    }

    /**
     * The protocol named {@code name}; {@code null} is {@link #PAPER} (runs recorded before
     * protocols existed, and the default).
     *
     * @throws InputException naming the value and the known names
     */
    public static Protocol parse(String name) {
        if (name == null) {
            return PAPER;
        }
        Protocol found = ConfigValues.constantNamed(Protocol.class, name);
        if (found == null) {
            throw new InputException("unknown protocol '" + name + "'; expected one of "
                    + ConfigValues.constantNames(Protocol.class));
        }
        return found;
    }

    /** The shared protocol's file, parsed. */
    static JsonObject sharedValues() {
        try (InputStream in = Protocol.class.getClassLoader().getResourceAsStream(SHARED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SHARED_RESOURCE + " missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return JsonParser.parseReader(reader).getAsJsonObject();
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading " + SHARED_RESOURCE, e);
        }
    }
}
