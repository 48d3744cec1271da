package io.ofql.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.ofql.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Per-dimension observation standardisation, {@code (s - mean) / std}, fitted on a dataset's
 * observations and applied identically in training and evaluation (OFQL normalises observations
 * with the dataset mean and std in both).
 *
 * <p>The std is floored at {@link #STD_FLOOR} (1e-3, as in common offline RL code): some
 * observation dimensions are constant over a whole dataset, e.g. the 84 contact-force entries of
 * D4RL's Ant, which MuJoCo 2 leaves at 0. Their std is 0 (or float noise), and dividing by it would
 * turn the first non-zero value the environment ever produces into an enormous input; with the
 * floor a constant dimension maps to 0 and a small deviation stays small.
 *
 * <p>A run saves its normaliser as a small JSON file beside its results ({@link #save}, atomic) and
 * loads it back for evaluation ({@link #load}).
 */
public final class ObservationNormalizer {
    /** Smallest std divided by; see the class comment for why. */
    public static final float STD_FLOOR = 1e-3f;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final float[] mean;
    private final float[] std;

    private ObservationNormalizer(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std must have the same positive length, got "
                    + mean.length + " and " + std.length);
        }
        for (int j = 0; j < std.length; j++) {
            if (!Float.isFinite(mean[j]) || !(std[j] > 0) || !Float.isFinite(std[j])) {
                throw new IllegalArgumentException("bad statistics at dimension " + j + ": mean " + mean[j]
                        + ", std " + std[j] + " (expected finite, std > 0)");
            }
        }
        this.mean = mean;
        this.std = std;
    }

    /** A normaliser that leaves observations unchanged (mean 0, std 1), for tasks that don't normalise. */
    public static ObservationNormalizer identity(int dim) {
        float[] ones = new float[dim];
        Arrays.fill(ones, 1f);
        return new ObservationNormalizer(new float[dim], ones);
    }

    /** Mean and floored population std of {@code data}'s observations, per dimension. */
    public static ObservationNormalizer fit(Transitions data) {
        int d = data.obsDim();
        int n = data.size();
        float[] obs = data.observations();
        double[] sum = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                sum[j] += obs[i * d + j];
            }
        }
        double[] m = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] = sum[j] / n;
        }
        double[] squares = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double dev = obs[i * d + j] - m[j];
                squares[j] += dev * dev;
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) m[j];
            std[j] = Math.max(STD_FLOOR, (float) Math.sqrt(squares[j] / n));
        }
        return new ObservationNormalizer(mean, std);
    }

    public int dim() {
        return mean.length;
    }

    public float[] mean() {
        return mean.clone();
    }

    /** The std divided by, already floored. */
    public float[] std() {
        return std.clone();
    }

    /** Normalised copy of {@code rows}, n x dim row-major raw observations. */
    public float[] apply(float[] rows) {
        int d = mean.length;
        if (rows.length % d != 0) {
            throw new IllegalArgumentException("observation rows of size " + d + " expected, got "
                    + rows.length + " values");
        }
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int j = i % d;
            out[i] = (rows[i] - mean[j]) / std[j];
        }
        return out;
    }

    /** The transitions with both observations and next observations normalised. */
    public Transitions apply(Transitions data) {
        if (data.obsDim() != dim()) {
            throw new IllegalArgumentException("normaliser of size " + dim() + " applied to observations of size "
                    + data.obsDim());
        }
        return data.withObservations(apply(data.observations()), apply(data.nextObservations()));
    }

    /** Writes the statistics as JSON through a temporary file renamed into place. */
    public void save(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                GSON.toJson(new Stored(mean, std, STD_FLOOR), w);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot write the observation normaliser (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The rename succeeded or the write failed and was reported; a stray temp file is harmless.
                }
            }
        }
    }

    /** Reads statistics written by {@link #save}. */
    public static ObservationNormalizer load(Path file) {
        Stored s;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            s = GSON.fromJson(r, Stored.class);
        } catch (IOException | JsonParseException e) {
            throw new InputException(file + ": cannot read the observation normaliser (" + e.getMessage() + ")", e);
        }
        if (s == null || s.mean == null || s.std == null) {
            throw new InputException(file + ": observation normaliser must have keys 'mean' and 'std'");
        }
        try {
            return new ObservationNormalizer(s.mean, s.std);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservationNormalizer
                && Arrays.equals(mean, ((ObservationNormalizer) o).mean)
                && Arrays.equals(std, ((ObservationNormalizer) o).std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ObservationNormalizer[dim=" + dim() + ", mean=" + Arrays.toString(mean) + ", std="
                + Arrays.toString(std) + ", stdFloor=" + STD_FLOOR + "]";
    }

    /** The JSON form; {@code std_floor} is recorded so a reader knows how the std was clamped. */
    private static final class Stored {
        final float[] mean;
        final float[] std;
        @SuppressWarnings("unused")
        final float std_floor;

        Stored(float[] mean, float[] std, float stdFloor) {
            this.mean = mean;
            this.std = std;
            this.std_floor = stdFloor;
        }
    }
}
