package io.ofql.eval;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.ofql.InputException;
import io.ofql.env.BatchPolicy;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic tanh MLP policy stored in the CS285 expert format ({@code
 * shared/data/cs285/*-policy.hdf5}): datasets {@code obs_mean}, {@code obs_std}, {@code
 * hidden/k/W} (in x out), {@code hidden/k/b} for k = 0, 1, ..., and {@code out/W}, {@code out/b}.
 *
 * <pre>
 * h_0 = (obs - obs_mean) / (obs_std + 1e-6)
 * h_k = tanh(h_{k-1} W_k + b_k)
 * a   = h_L W_out + b_out          (the Gaussian policy's mean action)
 * </pre>
 *
 * Evaluated in double precision on the host; actions are not clipped here (the environment
 * clips them).
 */
public final class ExpertPolicy implements BatchPolicy {
    private static final double STD_EPS = 1e-6;

    private final double[] obsMean;
    private final double[] obsScale;
    private final double[][][] weights;
    private final double[][] biases;
    private final String source;

    private ExpertPolicy(double[] obsMean, double[] obsStd, List<double[][]> w, List<double[]> b, String source) {
        this.obsMean = obsMean;
        this.obsScale = new double[obsStd.length];
        for (int i = 0; i < obsStd.length; i++) {
            obsScale[i] = 1.0 / (obsStd[i] + STD_EPS);
        }
        this.weights = w.toArray(new double[0][][]);
        this.biases = b.toArray(new double[0][]);
        this.source = source;
    }

    /**
     * Reads a policy file.
     *
     * @throws InputException naming the file and key when it is missing, unreadable or has
     *     inconsistent shapes
     */
    public static ExpertPolicy load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("policy file " + file + " not found");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            var nonlinearity = hdf.getAttribute("nonlinearity");
            if (nonlinearity != null && !"tanh".equals(String.valueOf(nonlinearity.getData()))) {
                throw new InputException(file + ": attribute nonlinearity is '" + nonlinearity.getData()
                        + "', only tanh is supported");
            }
            double[] mean = vector(hdf, file, "obs_mean");
            double[] std = vector(hdf, file, "obs_std");
            if (std.length != mean.length) {
                throw new InputException(file + ": obs_std has " + std.length + " values, obs_mean " + mean.length);
            }
            List<double[][]> w = new ArrayList<>();
            List<double[]> b = new ArrayList<>();
            int in = mean.length;
            for (int k = 0; exists(hdf, "hidden/" + k + "/W"); k++) {
                in = addLayer(hdf, file, "hidden/" + k, in, w, b);
            }
            if (w.isEmpty()) {
                throw new InputException(file + ": no hidden/0/W layer");
            }
            addLayer(hdf, file, "out", in, w, b);
            return new ExpertPolicy(mean, std, w, b, file.toString());
        } catch (HdfException e) {
            throw new InputException(file + ": not a readable policy HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static int addLayer(HdfFile hdf, Path file, String prefix, int in, List<double[][]> w, List<double[]> b) {
        double[][] weight = matrix(hdf, file, prefix + "/W");
        double[] bias = vector(hdf, file, prefix + "/b");
        if (weight.length != in || weight[0].length != bias.length) {
            throw new InputException(file + ": " + prefix + "/W is " + weight.length + "x" + weight[0].length
                    + " with bias " + bias.length + ", expected " + in + "xN with bias N");
        }
        w.add(weight);
        b.add(bias);
        return bias.length;
    }

    private static boolean exists(HdfFile hdf, String path) {
        try {
            return hdf.getByPath(path) != null;
        } catch (HdfException e) {
            return false;
        }
    }

    private static Dataset dataset(HdfFile hdf, Path file, String key) {
        Node node;
        try {
            node = hdf.getByPath(key);
        } catch (HdfException e) {
            throw new InputException(file + ": missing dataset '" + key + "'", e);
        }
        if (!(node instanceof Dataset ds)) {
            throw new InputException(file + ": '" + key + "' is not a dataset");
        }
        return ds;
    }

    private static double[] vector(HdfFile hdf, Path file, String key) {
        Object data = dataset(hdf, file, key).getData();
        if (data == null || !data.getClass().isArray() || data.getClass().getComponentType().isArray()) {
            throw new InputException(file + ": '" + key + "' must be a 1-d numeric array");
        }
        return toDoubles(data, file, key);
    }

    private static double[][] matrix(HdfFile hdf, Path file, String key) {
        Object data = dataset(hdf, file, key).getData();
        if (data == null || !data.getClass().isArray() || !data.getClass().getComponentType().isArray()) {
            throw new InputException(file + ": '" + key + "' must be a 2-d numeric array");
        }
        int rows = Array.getLength(data);
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = toDoubles(Array.get(data, r), file, key);
        }
        if (rows == 0 || out[0].length == 0) {
            throw new InputException(file + ": '" + key + "' is empty");
        }
        return out;
    }

    private static double[] toDoubles(Object array, Path file, String key) {
        if (array instanceof double[] d) {
            return d.clone();
        }
        if (array instanceof float[] f) {
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        throw new InputException(file + ": '" + key + "' holds " + array.getClass().getSimpleName()
                + ", expected float32 or float64");
    }

    @Override
    public int observationDim() {
        return obsMean.length;
    }

    @Override
    public int actionDim() {
        return biases[biases.length - 1].length;
    }

    /** Number of hidden layers. */
    public int depth() {
        return weights.length - 1;
    }

    @Override
    public float[] act(float[] observations, int n) {
        int obsDim = observationDim();
        int actDim = actionDim();
        if (observations.length != n * obsDim) {
            throw new IllegalArgumentException(
                    observations.length + " observation values for n=" + n + ", expected " + n * obsDim);
        }
        float[] actions = new float[n * actDim];
        for (int row = 0; row < n; row++) {
            double[] h = new double[obsDim];
            for (int i = 0; i < obsDim; i++) {
                h[i] = (observations[row * obsDim + i] - obsMean[i]) * obsScale[i];
            }
            for (int layer = 0; layer < weights.length; layer++) {
                h = affine(h, weights[layer], biases[layer]);
                if (layer < weights.length - 1) {
                    for (int i = 0; i < h.length; i++) {
                        h[i] = Math.tanh(h[i]);
                    }
                }
            }
            for (int j = 0; j < actDim; j++) {
                actions[row * actDim + j] = (float) h[j];
            }
        }
        return actions;
    }

    private static double[] affine(double[] x, double[][] w, double[] b) {
        double[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double[] wi = w[i];
            for (int j = 0; j < y.length; j++) {
                y[j] += xi * wi[j];
            }
        }
        return y;
    }

    @Override
    public String toString() {
        StringBuilder sizes = new StringBuilder().append(observationDim());
        for (double[] b : biases) {
            sizes.append('-').append(b.length);
        }
        return "ExpertPolicy(" + source + ", tanh MLP " + sizes + ")";
    }
}
