package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.testng.annotations.Test;

/** The .npy parser against hand-built images of every supported kind and every malformed one. */
public class NpyArrayTest {
    @Test
    public void float32MatrixInCOrder() {
        NpyArray a = NpyArray.parse("x", Npy.image("<f4", false, new int[] {2, 3}, Npy.f4(1, 2, 3, 4, 5, 6)), "t");
        assertEquals(a.shape(), new int[] {2, 3});
        assertEquals(a.dtype(), "float32");
        assertEquals(a.floats(), new float[] {1, 2, 3, 4, 5, 6});
    }

    @Test
    public void fortranOrderIsReadBackRowMajor() {
        // the 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column
        NpyArray a = NpyArray.parse("x", Npy.image("<f4", true, new int[] {2, 3}, Npy.f4(1, 4, 2, 5, 3, 6)), "t");
        assertEquals(a.floats(), new float[] {1, 2, 3, 4, 5, 6});
    }

    @Test
    public void bigEndianFloat64AndVersion2Headers() {
        NpyArray a = NpyArray.parse("x", Npy.image(2, ">f8", false, new int[] {3},
                Npy.f8(ByteOrder.BIG_ENDIAN, 0.1, -2.5, 1e300)), "t");
        assertEquals(a.doubles(), new double[] {0.1, -2.5, 1e300});
        assertEquals(a.dtype(), "float64");
    }

    @Test
    public void integersBoolsAndHalfFloats() {
        assertEquals(NpyArray.parse("b", Npy.image("|b1", false, new int[] {3}, new byte[] {1, 0, 1}), "t").doubles(),
                new double[] {1, 0, 1});
        assertEquals(NpyArray.parse("u", Npy.image("|u1", false, new int[] {2}, new byte[] {(byte) 255, 7}), "t")
                .doubles(), new double[] {255, 7});
        byte[] i8 = java.nio.ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(1L << 40).array();
        assertEquals(NpyArray.parse("i", Npy.image("<i8", false, new int[] {2}, i8), "t").doubles(),
                new double[] {-3, 1L << 40});
        // binary16: 0x3C00 = 1.0, 0xC000 = -2.0, 0x3800 = 0.5, 0x0001 = 2^-24 (subnormal)
        byte[] f2 = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x00, 0x38, 0x01, 0x00};
        assertEquals(NpyArray.parse("h", Npy.image("<f2", false, new int[] {4}, f2), "t").floats(),
                new float[] {1f, -2f, 0.5f, 0x1p-24f});
    }

    @Test
    public void scalarsHaveAnEmptyShape() {
        NpyArray a = NpyArray.parse("s", Npy.image("<f4", false, new int[0], Npy.f4(7)), "t");
        assertEquals(a.shape().length, 0);
        assertEquals(a.floats(), new float[] {7});
    }

    @Test
    public void malformedImagesAreOneLineNamingTheArray() {
        check(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "where: is not a .npy array");
        check(Npy.image("|O", false, new int[] {2}, new byte[16]), "dtype '|O' (pickled Python objects)");
        check(Npy.image("<U5", false, new int[] {1}, new byte[20]), "dtype '<U5' (strings)");
        check(Npy.image("<c8", false, new int[] {1}, new byte[8]), "dtype '<c8'");
        byte[] full = Npy.image("<f4", false, new int[] {2, 3}, Npy.f4(1, 2, 3, 4, 5, 6));
        check(Arrays.copyOf(full, full.length - 4), "shape [2, 3] of <f4 (24 bytes of data) but holds 20 bytes (truncated)");
        check(Arrays.copyOf(full, 40), "truncated inside its .npy header");
        byte[] v9 = full.clone();
        v9[6] = 9;
        check(v9, "format version 9");
    }

    private static void check(byte[] bytes, String expected) {
        String msg = expectThrows(InputException.class, () -> NpyArray.parse("x", bytes, "where:")).getMessage();
        assertTrue(msg.contains(expected), msg);
        assertTrue(!msg.contains("\n"), msg);
    }
}
