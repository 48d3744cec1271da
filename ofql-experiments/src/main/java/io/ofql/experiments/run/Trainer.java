package io.ofql.experiments.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Drives one run to its end through evaluations and checkpoints, and resumes it after a crash.
 *
 * <p>Rows of {@code train.csv} and {@code evals.csv} are held in memory between checkpoints. A
 * checkpoint at step k (1) saves the model to {@code checkpoint-k/}, (2) rewrites both CSVs with
 * every row up to step k (temporary file + rename), (3) renames a new {@code state.json} naming
 * step k into place (the commit point), (4) deletes older checkpoints. A process killed at any
 * moment leaves the previous commit intact; resuming loads the committed checkpoint and drops CSV
 * rows past its step, so the files end up as an uninterrupted run's (apart from wall times).
 * Evaluation at step k happens before the checkpoint at k, so the evaluation rows are committed
 * with it.
 *
 * <p>A run that stops on an exception writes {@code failed.json} (the step reached and the
 * exception's first line) before the exception goes on, so a report can tell a failed run from a
 * running one; resuming deletes it.
 */
public final class Trainer {
    private static final Logger LOG = LogManager.getLogger(Trainer.class);

    private final RunDirectory dir;
    private final RunSettings settings;
    private CsvTable train;
    private CsvTable evals;
    private double wallOffset;
    private long startNanos;
    private double latestScore = Double.NaN;

    public Trainer(RunDirectory dir, RunSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** The step of the committed checkpoint of an interrupted run, or 0 for a fresh one. */
    public static long committedStep(RunDirectory dir) throws IOException {
        if (!Files.isRegularFile(dir.state())) {
            return 0;
        }
        return readState(dir).get("step").getAsLong();
    }

    /**
     * Trains from the committed checkpoint (or from scratch) to {@link RunSettings#steps()},
     * evaluating and checkpointing on the way, then writes {@code summary.json}.
     */
    public JsonObject run(Checkpointable model, StepRunner runner, RunEvaluator evaluator, Progress progress)
            throws IOException {
        long step = resume(model);
        Files.deleteIfExists(dir.failure());
        startNanos = System.nanoTime();
        progress.start(step, settings.steps());
        try {
            while (step < settings.steps()) {
                long to = settings.nextBoundary(step);
                runner.train(step, to, (s, metrics) -> {
                    addTrainRows(s, metrics);
                    progress.update(s, latestScore);
                });
                step = to;
                if (settings.isEvalStep(step)) {
                    evaluate(evaluator, step);
                }
                if (settings.isCheckpointStep(step)) {
                    commit(model, step);
                }
                progress.update(step, latestScore);
            }
        } catch (RuntimeException | IOException | Error e) {
            recordFailure(step, e);
            throw e;
        } finally {
            progress.close();
        }
        JsonObject summary = Summaries.fromEvals(settings, evals, wall());
        AtomicFiles.writeString(dir.summary(), Summaries.GSON.toJson(summary) + "\n");
        return summary;
    }

    /**
     * Writes {@code failed.json}: the last step the loop completed, the committed step a resume
     * starts from, the wall time, and the exception's first line. A failure to write it is logged, not thrown, so
     * the original exception is the one the caller sees.
     */
    private void recordFailure(long step, Throwable e) {
        try {
            JsonObject f = new JsonObject();
            f.addProperty("step", step);
            f.addProperty("committed_step", committedStep(dir));
            f.addProperty("wall_s", wall());
            String message = String.valueOf(e.getMessage()).strip();
            f.addProperty("error", e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
            f.addProperty("time", java.time.Instant.now().toString());
            AtomicFiles.writeString(dir.failure(), f + "\n");
        } catch (IOException | RuntimeException writeFailure) {
            LOG.warn("could not record the failure of {} in {}", dir.root(), dir.failure(), writeFailure);
        }
    }

    /** Loads the committed checkpoint, trims the CSVs to it, and returns its step. */
    private long resume(Checkpointable model) throws IOException {
        long step = committedStep(dir);
        removeLeftovers(step);
        train = Files.isRegularFile(dir.trainCsv()) ? CsvTable.read(dir.trainCsv()) : null;
        evals = Files.isRegularFile(dir.evalsCsv()) ? CsvTable.read(dir.evalsCsv()) : null;
        if (step == 0) {
            train = null;
            evals = null;
            wallOffset = 0;
            return 0;
        }
        LOG.info("resuming {} from step {}", dir.root(), step);
        model.load(dir.checkpoint(step));
        wallOffset = readState(dir).get("wall_s").getAsDouble();
        long committed = step;
        for (CsvTable t : new CsvTable[] {train, evals}) {
            if (t != null) {
                t.retain(row -> Long.parseLong(row[0]) <= committed);
            }
        }
        for (int i = 0; evals != null && i < evals.size(); i++) {
            latestScore = evals.number(i, "normalized_score_mean");
        }
        return step;
    }

    private double wall() {
        return wallOffset + (System.nanoTime() - startNanos) * 1e-9;
    }

    private void addTrainRows(long step, Map<String, float[]> metrics) {
        if (train == null) {
            List<String> header = new ArrayList<>(List.of("step", "seed", "wall_s"));
            metrics.keySet().stream().sorted().forEach(header::add);
            train = new CsvTable(header);
        }
        long[] seeds = settings.seeds();
        String wall = CsvTable.format(wall());
        for (int m = 0; m < seeds.length; m++) {
            String[] row = new String[train.header().size()];
            row[0] = Long.toString(step);
            row[1] = Long.toString(seeds[m]);
            row[2] = wall;
            for (int c = 3; c < row.length; c++) {
                float[] v = metrics.get(train.header().get(c));
                row[c] = v == null ? "NaN" : CsvTable.format(v[m]);
            }
            train.add(row);
        }
    }

    private void evaluate(RunEvaluator evaluator, long step) {
        List<EvalRecord> records = evaluator.evaluate(step);
        double wall = wall();
        double sum = 0;
        for (EvalRecord r : records) {
            EvalRecord row = r.withWallSeconds(wall);
            if (evals == null) {
                evals = new CsvTable(row.header());
            }
            evals.add(row.fields());
            sum += r.scoreMean();
        }
        latestScore = sum / records.size();
        LOG.info("step {}: normalized score {}", step, latestScore);
    }

    private void commit(Checkpointable model, long step) throws IOException {
        model.save(dir.checkpoint(step));
        if (train != null) {
            train.writeAtomically(dir.trainCsv());
        }
        if (evals != null) {
            evals.writeAtomically(dir.evalsCsv());
        }
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        state.addProperty("wall_s", wall());
        AtomicFiles.writeString(dir.state(), state + "\n");
        removeLeftovers(step);
    }

    /** Deletes checkpoints other than {@code keep} and temporary files a killed write left behind. */
    private void removeLeftovers(long keep) throws IOException {
        if (!Files.isDirectory(dir.root())) {
            return;
        }
        List<Path> stale;
        try (Stream<Path> files = Files.list(dir.root())) {
            stale = files.filter(p -> {
                        String name = p.getFileName().toString();
                        return (name.startsWith("checkpoint-") && !p.equals(dir.checkpoint(keep)))
                                || (name.startsWith(".") && name.endsWith(".tmp"));
                    })
                    .toList();
        }
        for (Path p : stale) {
            AtomicFiles.deleteTree(p);
        }
    }

    private static JsonObject readState(RunDirectory dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.state())).getAsJsonObject();
    }
}
