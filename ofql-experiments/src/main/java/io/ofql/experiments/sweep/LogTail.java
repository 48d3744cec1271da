package io.ofql.experiments.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Follows a worker's log from where it ended when the worker started, and passes on the complete
 * lines that begin with a prefix (the worker's progress lines), so that a parallel sweep shows
 * steps/s, ETA and scores of every run without its other log output.
 */
final class LogTail {
    private final Path log;
    private final String prefix;
    private long offset;
    /** The bytes after the last complete line (a line, or a character, cut by the last read). */
    private byte[] partial = new byte[0];

    /** Follows {@code log} from its current end; lines starting with {@code prefix} are relayed. */
    LogTail(Path log, String prefix) throws IOException {
        this.log = log;
        this.prefix = prefix;
        this.offset = Files.exists(log) ? Files.size(log) : 0;
    }

    /** Prints the matching lines completed since the last call. */
    void relay(PrintStream to) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        byte[] text;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long end = f.length();
            if (end <= offset) {
                return;
            }
            text = Arrays.copyOf(partial, partial.length + Math.toIntExact(end - offset));
            f.seek(offset);
            f.readFully(text, partial.length, text.length - partial.length);
            offset = end;
        }
        int last = text.length - 1;
        while (last >= 0 && text[last] != '\n') {
            last--;
        }
        partial = Arrays.copyOfRange(text, last + 1, text.length);
        if (last < 0) {
            return;
        }
        for (String line : new String(text, 0, last, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(prefix)) {
                to.println(line);
            }
        }
    }
}
