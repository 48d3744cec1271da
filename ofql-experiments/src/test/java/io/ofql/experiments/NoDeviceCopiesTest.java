package io.ofql.experiments;

import io.ofql.baselines.dql.DqlAgent;
import io.ofql.ofql.OfqlAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.testng.Assert;
import org.testng.SkipException;
import org.testng.annotations.Test;

/**
 * A property of the compiled code: no class of the core or the baselines calls one of DJL's
 * NDArray methods that take a {@code java.lang.Number} ({@code x.mul(2f)}, {@code x.clip(-1, 1)},
 * ...). Each such call copies the number to the array's device, and on a GPU PyTorch waits for
 * that copy, so one of them in a training step is a host-device synchronisation; the code uses
 * {@code io.ofql.nn.Scalars} instead. Read from the bytecode with javap, so it holds for every
 * path, not only the ones a test runs.
 */
public class NoDeviceCopiesTest {
    private static final Pattern NUMBER_CALL =
            Pattern.compile("Method ai/djl/ndarray/NDArray\\.(\\w+):\\([^)]*Ljava/lang/Number;");

    @Test
    public void coreAndBaselinesNeverPassNumbersToNdArrays() throws Exception {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new SkipException("no javap in this runtime (a JDK is needed)"));
        List<String> found = new ArrayList<>();
        int classes = 0;
        for (Class<?> anchor : List.of(OfqlAgent.class, DqlAgent.class)) {
            Path location = location(anchor);
            List<String> names = classNames(location);
            classes += names.size();
            for (String name : names) {
                String code = disassemble(javap, location, name);
                Matcher m = NUMBER_CALL.matcher(code);
                while (m.find()) {
                    found.add(name + " calls NDArray." + m.group(1) + "(Number)");
                }
            }
        }
        Assert.assertTrue(classes > 40, "scanned only " + classes + " classes");
        Assert.assertEquals(found, List.of(), "use io.ofql.nn.Scalars instead");
    }

    /** The pattern matches javap's line for a Number overload and not the NDArray one. */
    @Test
    public void thePatternFindsANumberCall() {
        String line = "invokeinterface #81,  2  // InterfaceMethod ai/djl/ndarray/NDArray.muli:(Ljava/lang/Number;)"
                + "Lai/djl/ndarray/NDArray;";
        Matcher m = NUMBER_CALL.matcher(line);
        Assert.assertTrue(m.find());
        Assert.assertEquals(m.group(1), "muli");
        Assert.assertFalse(NUMBER_CALL.matcher("InterfaceMethod ai/djl/ndarray/NDArray.mul:(Lai/djl/ndarray/NDArray;)"
                + "Lai/djl/ndarray/NDArray;").find());
    }

    private static Path location(Class<?> anchor) throws URISyntaxException {
        return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** io.ofql classes in a classes folder or a jar. */
    private static List<String> classNames(Path location) throws IOException {
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> entries.add(location.relativize(f).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().forEach(e -> entries.add(e.getName()));
            }
        }
        return entries.stream()
                .filter(e -> e.startsWith("io/ofql/") && e.endsWith(".class") && !e.endsWith("package-info.class"))
                .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                .sorted()
                .toList();
    }

    private static String disassemble(ToolProvider javap, Path location, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintWriter w = new PrintWriter(out, true, StandardCharsets.UTF_8)) {
            int rc = javap.run(w, w, "-c", "-p", "-cp", location.toString(), name);
            Assert.assertEquals(rc, 0, "javap " + name + ": " + out.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
