package io.ofql.experiments.run;

import java.io.IOException;
import java.nio.file.Path;

/** What a checkpoint holds besides the CSV rows: the model and its optimiser state. */
public interface Checkpointable {
    void save(Path dir) throws IOException;

    void load(Path dir) throws IOException;
}
