package org.loopedicl.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------ round trips and layout

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() {
        SafetensorsFile out = new SafetensorsFile();
        out.putMeta("family", "looped");
        out.putMeta("note", "ünïcødé ✓");
        out.put(new NamedArray("z.odd", new int[] {3, 1, 5}, ramp(15)));
        out.put(new NamedArray("a.scalar", new int[] {}, new float[] {-0.0f}));
        out.put(new NamedArray("m.empty", new int[] {0, 4}, new float[0]));
        out.put(new NamedArray("b.special", new int[] {4},
                new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE}));
        Path path = dir.resolve("w.safetensors");
        out.write(path);

        SafetensorsFile in = SafetensorsFile.read(path);
        assertEquals(List.of("z.odd", "a.scalar", "m.empty", "b.special"), List.copyOf(in.tensors().keySet()));
        assertEquals(Map.of("family", "looped", "note", "ünïcødé ✓"), in.metadata());
        for (NamedArray expected : out.tensors().values()) {
            NamedArray actual = in.tensor(expected.name(), expected.shape());
            assertArrayEquals(bits(expected.data()), bits(actual.data()), expected.name());
        }
        assertEquals(path.toString(), in.source());
    }

    @Test
    void emptyMetadataRoundTripsAndIsOmitted() throws IOException {
        SafetensorsFile out = new SafetensorsFile();
        out.put(new NamedArray("x", new int[] {2}, new float[] {1, 2}));
        Path path = dir.resolve("e.safetensors");
        out.write(path);
        assertTrue(SafetensorsFile.read(path).metadata().isEmpty());
        assertFalse(new String(Files.readAllBytes(path), StandardCharsets.UTF_8).contains("__metadata__"));
    }

    @Test
    void writtenBytesFollowTheFormat() throws IOException {
        SafetensorsFile out = new SafetensorsFile();
        out.putMeta("a", "b");
        out.put(new NamedArray("x", new int[] {2}, new float[] {1.0f, -2.0f}));
        out.put(new NamedArray("y", new int[] {1, 1}, new float[] {0.5f}));
        Path path = dir.resolve("layout.safetensors");
        out.write(path);

        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"a\":\"b\"},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
        assertEquals(json, header.stripTrailing());
        assertTrue(header.substring(json.length()).isBlank());
        assertEquals(8 + n + 12, bytes.length);
        byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n), bytes.length);
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0x3f}, data);
    }

    @Test
    void overwritesAtomicallyWithoutLeavingTemporaryFiles() throws IOException {
        Path path = dir.resolve("w.safetensors");
        for (float v : new float[] {1, 2}) {
            SafetensorsFile out = new SafetensorsFile();
            out.put(new NamedArray("x", new int[] {1}, new float[] {v}));
            out.write(path);
        }
        assertEquals(2f, SafetensorsFile.read(path).tensor("x").data()[0]);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(path), files.toList());
        }
    }

    @Test
    void handlesTenMillionFloats() {
        float[] big = ramp(10_000_000);
        SafetensorsFile out = new SafetensorsFile();
        out.put(new NamedArray("big", new int[] {10_000, 1_000}, big));
        Path path = dir.resolve("big.safetensors");
        out.write(path);
        assertArrayEquals(big, SafetensorsFile.read(path).tensor("big", 10_000, 1_000).data());
    }

    // ------------------------------------------------------------ golden files from Python

    @Test
    void decodesF32F64F16Bf16AsWrittenByPython() throws IOException {
        SafetensorsFile file = SafetensorsFile.read(Fixtures.resource("mixed.safetensors"));
        JsonNode expected = new ObjectMapper().readTree(Fixtures.resource("safetensors_expected.json").toFile());
        assertEquals(List.of("f32", "f64", "f16", "bf16", "scalar", "empty"), List.copyOf(file.tensors().keySet()));
        for (var it = expected.fields(); it.hasNext(); ) {
            var entry = it.next();
            int[] shape = new ObjectMapper().convertValue(entry.getValue().get("shape"), int[].class);
            long[] want = new ObjectMapper().convertValue(entry.getValue().get("bits"), long[].class);
            float[] got = file.tensor(entry.getKey(), shape).data();
            assertArrayEquals(Arrays.stream(want).mapToInt(b -> (int) b).toArray(), bits(got), entry.getKey());
        }
        assertEquals(Map.of("family", "looped", "n_dims", "5", "note", "ünïcødé ✓"), file.metadata());
        assertEquals(5, file.metaInt("n_dims"));
    }

    @Test
    void halfPrecisionKnownValues() {
        assertEquals(1.0f, SafetensorsDtype.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafetensorsDtype.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafetensorsDtype.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, SafetensorsDtype.halfToFloat((short) 0x0001));
        assertEquals(0x1p-14f, SafetensorsDtype.halfToFloat((short) 0x0400));
        assertEquals(Float.NEGATIVE_INFINITY, SafetensorsDtype.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(SafetensorsDtype.halfToFloat((short) 0x7e00)));
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(SafetensorsDtype.halfToFloat((short) 0x8000)));
    }

    @Test
    void readsAReferenceCheckpointConvertedByTheScript() {
        SafetensorsFile file = SafetensorsFile.read(Fixtures.resource("converted.safetensors"));
        assertEquals(Map.ofEntries(Map.entry("family", "looped"), Map.entry("n_dims", "3"),
                Map.entry("n_positions", "2"), Map.entry("n_embd", "4"), Map.entry("n_layer", "2"),
                Map.entry("n_head", "2"), Map.entry("loop_func", "add"), Map.entry("task", "linear_regression"),
                Map.entry("train_loops", "20"), Map.entry("train_window", "15"), Map.entry("n_dims_active", "3")),
                file.metadata());
        assertEquals(3 + 2 * 12 + 4, file.tensors().size(), "mask buffers skipped");
        List<String> names = List.copyOf(file.tensors().keySet());
        assertEquals("_read_in.weight", names.get(0));
        assertEquals("_backbone.transformer.h.0.ln_1.weight", names.get(3));
        assertEquals("_read_out.bias", names.get(names.size() - 1));
        int d = file.metaInt("n_embd");
        file.tensor("_backbone.transformer.wpe.weight", 2 * file.metaInt("n_positions") + 1, d);
        file.tensor("_backbone.transformer.h.1.attn.c_attn.weight", 3 * d, d);
        file.tensor("_backbone.transformer.h.1.mlp.c_proj.weight", d, 4 * d);
        file.tensor("_read_out.weight", 1, d);
        float[] readIn = file.tensor("_read_in.weight", d, file.metaInt("n_dims")).data();
        for (int i = 0; i < readIn.length; i++) {
            assertEquals(i / 64f, readIn[i]);
        }
    }

    // ------------------------------------------------------------ refusals

    @Test
    void refusesFileShorterThanEightBytes() throws IOException {
        Path path = dir.resolve("short.safetensors");
        Files.write(path, new byte[5]);
        assertRefused(path, "5 bytes, too short");
    }

    @Test
    void refusesHeaderLongerThanFile() throws IOException {
        assertRefused(raw("{}", 100, 0), "header length 100 exceeds the file size");
    }

    @Test
    void refusesHugeHeaderLengthBeforeAllocating() throws IOException {
        assertRefused(raw("{}", 1L << 62, 0), "header length 4611686018427387904 exceeds the file size");
        assertRefused(raw("{}", -1, 0), "header length 18446744073709551615 exceeds the file size");
    }

    @Test
    void refusesGarbageHeader() throws IOException {
        assertRefused(raw("not json at all", 0), "header is not valid JSON");
        assertRefused(raw("{\"a\": ", 0), "header is not valid JSON");
        assertRefused(raw("{} {}", 0), "header is not valid JSON");
        assertRefused(raw("[1, 2]", 0), "header is not a JSON object");
        assertRefused(raw("  ", 0), "header is not a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{`t`: {`shape`: [1], `data_offsets`: [0, 4]}} | tensor 't' lacks a string 'dtype'",
        "{`t`: {`dtype`: `F32`, `data_offsets`: [0, 4]}} | tensor 't' lacks a 'shape' array",
        "{`t`: {`dtype`: `F32`, `shape`: [1]}} | tensor 't' lacks a 'data_offsets' array",
        "{`t`: 3} | tensor 't' is not a JSON object",
        "{`t`: {`dtype`: `I64`, `shape`: [1], `data_offsets`: [0, 8]}} | tensor 't' has dtype 'I64', expected F32",
        "{`t`: {`dtype`: `F32`, `shape`: [2], `data_offsets`: [0, 8]}} | tensor 't' data_offsets [0, 8] overrun the data buffer of 4 bytes",
        "{`t`: {`dtype`: `F32`, `shape`: [2], `data_offsets`: [0, 4]}} | tensor 't' data_offsets [0, 4] span 4 bytes, but shape [2] of F32 needs 8",
        "{`t`: {`dtype`: `F16`, `shape`: [1], `data_offsets`: [0, 4]}} | span 4 bytes, but shape [1] of F16 needs 2",
        "{`t`: {`dtype`: `F32`, `shape`: [-1], `data_offsets`: [0, 4]}} | tensor 't' has a negative dimension in shape [-1]",
        "{`t`: {`dtype`: `F32`, `shape`: [1.5], `data_offsets`: [0, 4]}} | tensor 't' has shape [1.5], expected non-negative integers",
        "{`t`: {`dtype`: `F32`, `shape`: [1], `data_offsets`: [4, 0]}} | expected 0 <= begin <= end",
        "{`t`: {`dtype`: `F32`, `shape`: [1], `data_offsets`: [0]}} | expected [begin, end]",
        "{`t`: {`dtype`: `F32`, `shape`: [65536, 65536, 65536], `data_offsets`: [0, 4]}} | shape [65536, 65536, 65536] of F32 needs 1125899906842624",
        "{`t`: {`dtype`: `F32`, `shape`: [2147483647, 2147483647, 2147483647], `data_offsets`: [0, 4]}} | of F32 needs more",
        "{`__metadata__`: {`n_dims`: 5}} | metadata 'n_dims' is a number, expected a string",
        "{`__metadata__`: [1]} | '__metadata__' is not a JSON object",
        "{`t`: {}, `t`: {}} | header is not valid JSON: Duplicate field 't'",
    })
    void refusesBadTensorEntries(String header, String problem) throws IOException {
        // Backticks stand for JSON's double quotes, to keep the table readable.
        assertRefused(raw(header.replace('`', '"'), 4), problem);
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        SafetensorsFile out = new SafetensorsFile();
        out.put(new NamedArray("w", new int[] {4, 4}, ramp(16)));
        Path path = dir.resolve("cut.safetensors");
        out.write(path);
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(bytes, bytes.length - 3));
        assertRefused(path, "tensor 'w' data_offsets [0, 64] overrun the data buffer of 61 bytes");
    }

    @Test
    void refusesMissingFile() {
        assertRefused(dir.resolve("absent.safetensors"), "cannot read: no such file");
    }

    @Test
    void missingTensorShapeAndMetadataErrorsNameFileAndField() {
        SafetensorsFile out = new SafetensorsFile();
        out.putMeta("n_dims", "five");
        out.put(new NamedArray("_read_in.weight", new int[] {8, 5}, new float[40]));
        Path path = dir.resolve("weights.safetensors");
        out.write(path);
        SafetensorsFile in = SafetensorsFile.read(path);

        assertMessage(path + ": tensor '_read_in.weight' has shape [8, 5], expected [8, 7]",
                () -> in.tensor("_read_in.weight", 8, 7));
        assertMessage(path + ": missing tensor '_read_out.weight'", () -> in.tensor("_read_out.weight"));
        assertMessage(path + ": missing metadata key 'family'", () -> in.meta("family"));
        assertMessage(path + ": metadata 'n_dims' is 'five', expected an integer", () -> in.metaInt("n_dims"));
        assertEquals("looped", in.meta("family", "looped"));
    }

    // ------------------------------------------------------------ helpers

    /** A file with the given header (its true length) and {@code dataBytes} zero bytes of data. */
    private Path raw(String header, int dataBytes) throws IOException {
        return raw(header, header.getBytes(StandardCharsets.UTF_8).length, dataBytes);
    }

    private Path raw(String header, long declaredLength, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(declaredLength).put(json);
        Path path = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(path, buf.array());
        return path;
    }

    private static void assertRefused(Path path, String problem) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafetensorsFile.read(path));
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "'" + e.getMessage() + "' lacks '" + problem + "'");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, assertThrows(InvalidInputException.class, action::run).getMessage());
    }

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i % 1000) * 0.37f - 11f;
        }
        return a;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
