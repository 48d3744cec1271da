package io.ofql.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.testng.SkipException;

/**
 * Locates the read-only {@code shared/} folder that sits beside the repository (real MuJoCo
 * recordings and expert policies made outside this project). Tests that need it skip with a
 * message when it is absent, so a fresh clone without it still passes.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared folder, or {@code null} when it cannot be found. */
    public static Path root() {
        String prop = System.getProperty("ofql.shared.dir");
        String env = System.getenv("OFQL_SHARED");
        for (String candidate : new String[] {env, prop}) {
            if (candidate != null && Files.isDirectory(Paths.get(candidate))) {
                return Paths.get(candidate).toAbsolutePath().normalize();
            }
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path shared = dir.resolveSibling("shared");
            if (Files.isDirectory(shared.resolve("data"))) {
                return shared.normalize();
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** A file under {@code shared/data/cs285/}, or a {@link SkipException} saying what is missing. */
    public static Path cs285(String fileName) {
        Path root = root();
        if (root == null) {
            throw new SkipException(
                    "shared/ folder not found beside the repository (set OFQL_SHARED); skipping "
                            + fileName);
        }
        Path file = root.resolve("data").resolve("cs285").resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new SkipException("missing shared file " + file + "; skipping");
        }
        return file;
    }
}
