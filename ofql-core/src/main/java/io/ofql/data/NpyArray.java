package io.ofql.data;

import io.ofql.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array in numpy's {@code .npy} format (versions 1 to 3), as {@code np.save} writes it and
 * {@code .npz} archives hold it: the magic {@code \x93NUMPY}, a version, a header length (2 bytes
 * little-endian in version 1, 4 bytes after), an ASCII header that is a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }}, then the raw data.
 *
 * <p>Numeric dtypes of either byte order are read: float16/32/64, signed and unsigned integers of
 * 1 to 8 bytes, and bool. Fortran-ordered data is read back in C (row-major) order. Object arrays
 * (pickled Python objects) and strings are refused.
 */
public final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final String name;
    private final String descr;
    private final int[] shape;
    private final boolean fortran;
    private final Dtype type;
    private final ByteBuffer data;

    private NpyArray(String name, String descr, int[] shape, boolean fortran, Dtype type, ByteBuffer data) {
        this.name = name;
        this.descr = descr;
        this.shape = shape;
        this.fortran = fortran;
        this.type = type;
        this.data = data;
    }

    /**
     * Parses one {@code .npy} image.
     *
     * @param where the file (and archive member) named in messages, e.g. {@code data.npz: array 'actions'}
     * @throws InputException naming {@code where} when the bytes are not a complete .npy array of a
     *     supported dtype
     */
    public static NpyArray parse(String name, byte[] bytes, String where) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new InputException(where + " is not a .npy array (no \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        int headerLength;
        int dataStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            dataStart = 10 + headerLength;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new InputException(where + " is truncated inside its .npy header");
            }
            headerLength = buf.getInt(8);
            dataStart = 12 + headerLength;
        } else {
            throw new InputException(where + " has .npy format version " + major + ", expected 1, 2 or 3");
        }
        if (headerLength < 0 || dataStart > bytes.length) {
            throw new InputException(where + " is truncated inside its .npy header");
        }
        String header = new String(bytes, dataStart - headerLength, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, where, "descr");
        boolean fortran = "True".equals(group(FORTRAN, header, where, "fortran_order"));
        int[] shape = shape(group(SHAPE, header, where, "shape"), where);
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        Dtype type = Dtype.of(descr, where);
        long expected = count * type.size;
        long found = bytes.length - (long) dataStart;
        if (found != expected) {
            throw new InputException(where + " has shape " + Arrays.toString(shape) + " of " + descr + " ("
                    + expected + " bytes of data) but holds " + found + " bytes" + (found < expected ? " (truncated)" : ""));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) expected).slice().order(type.order);
        return new NpyArray(name, descr, shape, fortran, type, data);
    }

    private static String group(Pattern p, String header, String where, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new InputException(where + " has a .npy header without '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static int[] shape(String text, String where) {
        String[] parts = text.split(",");
        int[] dims = new int[parts.length];
        int n = 0;
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            try {
                dims[n++] = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new InputException(where + " has an unreadable .npy shape (" + text + ")");
            }
        }
        return Arrays.copyOf(dims, n);
    }

    /** Number of values. */
    public int size() {
        return data.capacity() / type.size;
    }

    /** Row-major position of each stored value: the identity for C order, a transposition for Fortran order. */
    private int[] rowMajorPositions() {
        int[] out = new int[size()];
        int[] index = new int[shape.length];
        for (int f = 0; f < out.length; f++) {
            int c = 0;
            for (int d = 0; d < shape.length; d++) {
                c = c * shape[d] + index[d];
            }
            out[f] = c;
            for (int d = 0; d < shape.length && ++index[d] == shape[d]; d++) {
                index[d] = 0;
            }
        }
        return out;
    }

    /** Every value in row-major order, widened to double (exact for all but 64-bit integers beyond 2^53). */
    public double[] doubles() {
        double[] out = new double[size()];
        int[] at = fortran && shape.length > 1 ? rowMajorPositions() : null;
        for (int i = 0; i < out.length; i++) {
            out[at == null ? i : at[i]] = type.read(data, i * type.size);
        }
        return out;
    }

    /** Every value in row-major order as float (float64 values are rounded; check finiteness after). */
    public float[] floats() {
        float[] out = new float[size()];
        int[] at = fortran && shape.length > 1 ? rowMajorPositions() : null;
        for (int i = 0; i < out.length; i++) {
            out[at == null ? i : at[i]] = (float) type.read(data, i * type.size);
        }
        return out;
    }

    /** The numpy dtypes read here. */
    private enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL }

    private record Dtype(Kind kind, int size, ByteOrder order) {
        static Dtype of(String descr, String where) {
            if (descr.length() < 3) {
                throw unsupported(descr, where);
            }
            char byteOrder = descr.charAt(0);
            ByteOrder order = byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if ("<>|=".indexOf(byteOrder) < 0) {
                throw unsupported(descr, where);
            }
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw unsupported(descr, where);
            }
            Kind kind = switch (descr.charAt(1)) {
                case 'f' -> size == 2 || size == 4 || size == 8 ? Kind.FLOAT : null;
                case 'i' -> size == 1 || size == 2 || size == 4 || size == 8 ? Kind.SIGNED : null;
                case 'u' -> size == 1 || size == 2 || size == 4 || size == 8 ? Kind.UNSIGNED : null;
                case 'b' -> size == 1 ? Kind.BOOL : null;
                default -> null;
            };
            if (kind == null) {
                throw unsupported(descr, where);
            }
            return new Dtype(kind, size, order);
        }

        double read(ByteBuffer b, int at) {
            return switch (kind) {
                case FLOAT -> size == 2 ? halfToFloat(b.getShort(at)) : size == 4 ? b.getFloat(at) : b.getDouble(at);
                case BOOL -> b.get(at) != 0 ? 1 : 0;
                case SIGNED -> switch (size) {
                    case 1 -> b.get(at);
                    case 2 -> b.getShort(at);
                    case 4 -> b.getInt(at);
                    default -> b.getLong(at);
                };
                case UNSIGNED -> switch (size) {
                    case 1 -> b.get(at) & 0xff;
                    case 2 -> b.getShort(at) & 0xffff;
                    case 4 -> b.getInt(at) & 0xffffffffL;
                    default -> unsignedLong(b.getLong(at));
                };
            };
        }

        /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
        private static float halfToFloat(short h) {
            int bits = h & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exp == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
            }
            if (exp == 0) {
                float v = mantissa * 0x1p-24f;
                return sign != 0 ? -v : v;
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
        }

        private static double unsignedLong(long v) {
            return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
        }

        private static InputException unsupported(String descr, String where) {
            String what = descr.contains("O") ? " (pickled Python objects)" : descr.contains("U") || descr.contains("S")
                    ? " (strings)" : "";
            return new InputException(where + " has dtype '" + descr + "'" + what
                    + ", expected a numeric dtype (float, int, uint or bool)");
        }
    }

    /** The array's name (the archive member without {@code .npy}). */
    public String name() {
        return name;
    }

    /** numpy's type string, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** The shape; {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** {@code float32}, {@code float64}, {@code int64}, {@code bool}, ... */
    public String dtype() {
        char k = descr.charAt(1);
        int size = Integer.parseInt(descr.substring(2));
        return k == 'b' ? "bool" : (k == 'f' ? "float" : k == 'u' ? "uint" : "int") + (8 * size);
    }
}
