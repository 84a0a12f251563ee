package org.loopedicl.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"prompts.npz", "prompts_compressed.npz"})
    void readsPromptFilesFromNumpySavez(String name) {
        Path path = Fixtures.resource(name);
        Map<String, NpyArray> arrays = Npz.read(path);
        assertEquals(List.of("xs", "ys"), List.copyOf(arrays.keySet()));
        NpyArray xs = Npz.require(arrays, path, "xs"); // (arange(24).reshape(2, 3, 4) - 10) / 8
        assertArrayEquals(new int[] {2, 3, 4}, xs.requireDims(path + " 'xs'", "B", "n", "d"));
        NpyArray ys = Npz.require(arrays, path, "ys"); // arange(6).reshape(2, 3) * -1.5
        ys.requireShape(path + " 'ys'", 2, 3);
        for (int i = 0; i < 24; i++) {
            assertEquals((i - 10) / 8f, xs.toFloats()[i]);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(i * -1.5f, ys.toFloats()[i]);
        }
    }

    @Test
    void roundTripKeepsKeysOrderAndDtypes() {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        out.put("ys", NpyArray.ofFloats(new float[] {1.5f, -2f}, 2));
        out.put("xs", NpyArray.ofDoubles(new double[] {0.1, 0.2, 0.3}, 1, 3));
        out.put("scalar", NpyArray.ofFloats(new float[] {7f}));
        Path path = dir.resolve("p.npz");
        Npz.write(path, out);

        Map<String, NpyArray> in = Npz.read(path);
        assertEquals(List.copyOf(out.keySet()), List.copyOf(in.keySet()));
        for (String key : out.keySet()) {
            assertArrayEquals(out.get(key).shape(), in.get(key).shape(), key);
            assertArrayEquals(out.get(key).data(), in.get(key).data(), key);
            assertEquals(out.get(key).float64(), in.get(key).float64(), key);
        }
    }

    @Test
    void missingArrayNamesFileAndKeys() {
        Path path = Fixtures.resource("prompts.npz");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Npz.require(Npz.read(path), path, "zs"));
        assertEquals(path + ": missing array 'zs' (has [xs, ys])", e.getMessage());
    }

    @Test
    void refusesNonZipFile() throws IOException {
        Path path = dir.resolve("P.npz");
        Files.writeString(path, "definitely not a zip");
        assertRefused(path, path + ": not a readable zip archive");
    }

    @Test
    void refusesEntriesThatAreNotNpyArrays() throws IOException {
        Path path = dir.resolve("P.npz");
        writeZip(path, "notes.txt", "hello".getBytes());
        assertRefused(path, path + ": entry 'notes.txt' is not a .npy array");
        writeZip(path, "xs.npy", "garbage".getBytes());
        assertRefused(path, path + ":xs.npy: not a .npy file");
    }

    private static void writeZip(Path path, String entry, byte[] content) throws IOException {
        try (OutputStream file = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
    }

    private static void assertRefused(Path path, String messageStart) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npz.read(path));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
