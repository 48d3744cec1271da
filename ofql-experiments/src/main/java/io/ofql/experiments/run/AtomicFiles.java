package io.ofql.experiments.run;

import io.ofql.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whole-file writes that a crash cannot tear: the content goes to a temporary file in the same
 * directory, is forced to disk, and is renamed over the target. A reader (or a resumed run) sees
 * either the old file or the new one, never a prefix.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes a whole file at the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path file) throws IOException;
    }

    /** Replaces {@code target} with {@code content} (UTF-8) atomically. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, tmp -> Files.write(tmp, content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, atomically: the writer gets a fresh,
     * empty temporary file beside the target. If the writer fails, or the process is interrupted
     * or terminated (SIGINT, SIGTERM) meanwhile, the temporary file is deleted and the target is
     * left as it was.
     */
    public static void write(Path target, FileWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        Thread cleanup = new Thread(() -> tmp.toFile().delete(), "ofql-atomic-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            writer.write(tmp);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and deletes the temporary file itself
            }
        }
    }

    /**
     * Creates {@code dir} (and parents) and checks that a file can be created in it, so an
     * unwritable output location fails before any work starts.
     *
     * @throws InputException naming the directory when it cannot be created or written
     */
    public static void requireWritableDirectory(Path dir, String what) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".ofql-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InputException(what + " " + dir + " is not a writable directory (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Deletes a file tree if present (used for stale checkpoint directories). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
