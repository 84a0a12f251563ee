package org.loopedicl.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------ golden files from numpy.save

    @Test
    void readsFloat32Matrix() {
        NpyArray a = Npy.read(Fixtures.resource("f4_2d.npy")); // arange(12).reshape(3, 4) / 4
        assertArrayEquals(new int[] {3, 4}, a.shape());
        assertFalse(a.float64());
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 4f, a.toFloats()[i]);
        }
    }

    @Test
    void readsFloat32ThreeDimensional() {
        NpyArray a = Npy.read(Fixtures.resource("f4_3d.npy")); // (arange(24) * 0.25 - 3).reshape(2, 3, 4)
        assertArrayEquals(new int[] {2, 3, 4}, a.requireDims("f4_3d.npy", "B", "n", "d"));
        for (int i = 0; i < 24; i++) {
            assertEquals(i * 0.25f - 3, a.toFloats()[i]);
        }
    }

    @Test
    void readsFloat64KeepingDoublePrecision() {
        NpyArray a = Npy.read(Fixtures.resource("f8_1d.npy")); // arange(5) / 3
        assertTrue(a.float64());
        assertArrayEquals(new int[] {5}, a.shape());
        for (int i = 0; i < 5; i++) {
            assertEquals(i / 3.0, a.toDoubles()[i]);
        }
    }

    @Test
    void readsScalarAndVersion2AndIntegerFiles() {
        NpyArray scalar = Npy.read(Fixtures.resource("f4_scalar.npy"));
        assertArrayEquals(new int[0], scalar.shape());
        assertArrayEquals(new float[] {2.5f}, scalar.toFloats());

        NpyArray v2 = Npy.read(Fixtures.resource("f8_v2.npy")); // arange(6).reshape(2, 3) - 0.5, format 2.0
        assertArrayEquals(new int[] {2, 3}, v2.shape());
        assertArrayEquals(new double[] {-0.5, 0.5, 1.5, 2.5, 3.5, 4.5}, v2.data());

        assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, Npy.read(Fixtures.resource("i8_1d.npy")).data());
        assertArrayEquals(new double[] {250, 251, 252, 253, 254, 255}, Npy.read(Fixtures.resource("u1_1d.npy")).data());
    }

    @Test
    void refusesFortranOrderAndBigEndianFromNumpy() {
        Path fortran = Fixtures.resource("fortran.npy");
        assertRefused(fortran, "fortran_order is True, expected C order");
        Path big = Fixtures.resource("big_endian.npy");
        assertRefused(big, "dtype '>f4' is big-endian, expected little-endian");
    }

    // ------------------------------------------------------------ round trips and layout

    @Test
    void float32RoundTripsExactly() {
        float[] values = {0.1f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, 1e-20f};
        for (int[] shape : new int[][] {{6}, {3, 1, 2}, {1, 6, 1}}) {
            Path path = dir.resolve("f4.npy");
            Npy.write(path, NpyArray.ofFloats(values, shape));
            NpyArray back = Npy.read(path);
            assertArrayEquals(shape, back.shape());
            assertFalse(back.float64());
            assertArrayEquals(bits(values), bits(back.toFloats()));
        }
    }

    @Test
    void float64ScalarAndEmptyRoundTrip() {
        Path path = dir.resolve("f8.npy");
        Npy.write(path, NpyArray.ofDoubles(new double[] {Math.PI}));
        NpyArray scalar = Npy.read(path);
        assertArrayEquals(new int[0], scalar.shape());
        assertTrue(scalar.float64());
        assertArrayEquals(new double[] {Math.PI}, scalar.data());

        Npy.write(path, NpyArray.ofDoubles(new double[0], 0, 3));
        assertArrayEquals(new int[] {0, 3}, Npy.read(path).shape());
    }

    @Test
    void writtenHeaderFollowsFormatVersion1() throws IOException {
        Path path = dir.resolve("layout.npy");
        Npy.write(path, NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        byte[] bytes = Files.readAllBytes(path);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(bytes, 8));
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith(" \n"));
        assertEquals(10 + headerLength + 24, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, data.getFloat());
        assertEquals(2f, data.getFloat());

        Npy.write(path, NpyArray.ofDoubles(new double[] {1}, 1));
        assertTrue(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1).contains("'shape': (1,), }"));
    }

    // ------------------------------------------------------------ refusals

    @Test
    void refusesBadMagic() throws IOException {
        Path path = dir.resolve("x.npy");
        Files.writeString(path, "PK\u0003\u0004 this is a zip, not an npy");
        assertRefused(path, "not a .npy file");
        Files.write(path, new byte[3]);
        assertRefused(path, "not a .npy file");
    }

    @Test
    void refusesUnsupportedDtypeAndVersion() throws IOException {
        assertRefused(handmade(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8),
                "dtype '<c8' is not supported");
        assertRefused(handmade(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4),
                "header lacks a readable 'descr'");
        assertRefused(handmade(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4),
                "unsupported .npy format version 4.0");
        assertRefused(handmade(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 4),
                "shape (-2,) is not a tuple of non-negative integers");
    }

    @Test
    void refusesDataShorterThanShape() throws IOException {
        Path path = dir.resolve("short.npy");
        Npy.write(path, NpyArray.ofFloats(new float[6], 2, 3));
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(bytes, bytes.length - 1));
        assertRefused(path, "data is 23 bytes, but shape [2, 3] of <f4 needs 24");
        assertRefused(handmade(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", 8),
                "data is 8 bytes, but shape [100000, 100000] of <f8 needs 80000000000");
        assertRefused(handmade(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", 8),
                "of <f8 needs more");
    }

    @Test
    void refusesHeaderLongerThanFile() throws IOException {
        Path path = dir.resolve("h.npy");
        Files.write(path, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, 127, '{'});
        assertRefused(path, "header length 2147483647 exceeds the file size of 13 bytes");
    }

    @Test
    void shapeHelpersGiveOneLineErrors() {
        NpyArray a = NpyArray.ofFloats(new float[20], 4, 5);
        InvalidInputException rank = assertThrows(InvalidInputException.class,
                () -> a.requireDims("xs.npy", "B", "n", "d"));
        assertEquals("xs.npy: expected 3 dimensions [B, n, d], got [4, 5]", rank.getMessage());
        InvalidInputException shape = assertThrows(InvalidInputException.class,
                () -> a.requireShape("ys.npy", 4, 6));
        assertEquals("ys.npy: expected shape [4, 6], got [4, 5]", shape.getMessage());
        a.requireShape("ys.npy", 4, 5);
    }

    // ------------------------------------------------------------ helpers

    private Path handmade(int major, String dict, int dataBytes) throws IOException {
        String header = dict + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        Path path = Files.createTempFile(dir, "handmade", ".npy");
        Files.write(path, buf.array());
        return path;
    }

    static void assertRefused(Path path, String problem) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(path));
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "'" + e.getMessage() + "' lacks '" + problem + "'");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
