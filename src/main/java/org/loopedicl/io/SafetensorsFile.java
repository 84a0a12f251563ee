package org.loopedicl.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A safetensors file: an 8-byte little-endian header length N, N bytes of JSON describing each
 * tensor (dtype, shape, byte offsets into the data buffer) plus string metadata, then the data.
 * Reads F32, F64, F16 and BF16 as float; writes F32, atomically.
 */
public final class SafetensorsFile {

    private static final String METADATA = "__metadata__";
    /** Same bound as the Python library: a bigger header means a corrupt or hostile file. */
    private static final long MAX_HEADER_BYTES = 100_000_000;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String source;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final LinkedHashMap<String, NamedArray> tensors = new LinkedHashMap<>();

    /** An empty file to fill and {@link #write}. */
    public SafetensorsFile() {
        this("(new safetensors file)");
    }

    private SafetensorsFile(String source) {
        this.source = source;
    }

    /** The name error messages use: the path it was read from. */
    public String source() {
        return source;
    }

    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** A required metadata value. */
    public String meta(String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new InvalidInputException(source + ": missing metadata key '" + key + "'");
        }
        return value;
    }

    public String meta(String key, String fallback) {
        return metadata.getOrDefault(key, fallback);
    }

    /** A required metadata value that must be a decimal integer. */
    public int metaInt(String key) {
        String value = meta(key);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    source + ": metadata '" + key + "' is '" + value + "', expected an integer");
        }
    }

    public void putMeta(String key, String value) {
        metadata.put(key, value);
    }

    /** All tensors in file order. */
    public Map<String, NamedArray> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public NamedArray tensor(String name) {
        NamedArray t = tensors.get(name);
        if (t == null) {
            throw new InvalidInputException(source + ": missing tensor '" + name + "'");
        }
        return t;
    }

    /** A required tensor that must have exactly {@code expectedShape}. */
    public NamedArray tensor(String name, int... expectedShape) {
        NamedArray t = tensor(name);
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new InvalidInputException(source + ": tensor '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        return t;
    }

    /** Adds or replaces a tensor; a new name goes last. */
    public void put(NamedArray tensor) {
        if (tensor.name().equals(METADATA)) {
            throw new IllegalArgumentException("'" + METADATA + "' is reserved for the metadata");
        }
        tensors.put(tensor.name(), tensor);
    }

    // ---------------------------------------------------------------- writing

    public void write(Path path) {
        byte[] header = headerBytes();
        AtomicFile.write(path, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(0, header.length);
            out.write(chunk.array(), 0, 8);
            out.write(header);
            for (NamedArray t : tensors.values()) {
                writeFloats(out, t.data(), chunk);
            }
        });
    }

    /** The JSON header, space-padded to a multiple of 8 bytes so that the data starts aligned. */
    private byte[] headerBytes() {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (NamedArray t : tensors.values()) {
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (int dim : t.shape()) {
                shape.add(dim);
            }
            long end = offset + 4L * t.numel();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree of strings and numbers", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFloats(OutputStream out, float[] data, ByteBuffer chunk) throws IOException {
        FloatBuffer floats = chunk.clear().asFloatBuffer();
        for (int done = 0; done < data.length; ) {
            int n = Math.min(floats.capacity(), data.length - done);
            floats.clear();
            floats.put(data, done, n);
            out.write(chunk.array(), 0, 4 * n);
            done += n;
        }
    }

    // ---------------------------------------------------------------- reading

    public static SafetensorsFile read(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Reader(path.toString(), channel).read();
        } catch (IOException e) {
            throw InvalidInputException.io(path, "read", e);
        }
    }

    /** One read: the checks on an untrusted file, in the order the format is laid out. */
    private static final class Reader {
        private final String source;
        private final FileChannel channel;
        private final SafetensorsFile file;
        private long dataStart;
        private long dataBytes;

        Reader(String source, FileChannel channel) {
            this.source = source;
            this.channel = channel;
            this.file = new SafetensorsFile(source);
        }

        SafetensorsFile read() throws IOException {
            long size = channel.size();
            if (size < 8) {
                throw bad("file is " + size + " bytes, too short for the 8-byte header length");
            }
            long headerBytes = readAt(0, 8).getLong();
            if (headerBytes < 0 || headerBytes > size - 8) {
                throw bad("header length " + Long.toUnsignedString(headerBytes) + " exceeds the file size of "
                        + size + " bytes");
            }
            if (headerBytes > MAX_HEADER_BYTES) {
                throw bad("header length " + headerBytes + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            dataStart = 8 + headerBytes;
            dataBytes = size - dataStart;
            ByteBuffer header = readAt(8, (int) headerBytes);
            JsonNode root = parseHeader(header.array());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals(METADATA)) {
                    readMetadata(field.getValue());
                } else {
                    file.put(readTensor(field.getKey(), field.getValue()));
                }
            }
            return file;
        }

        private JsonNode parseHeader(byte[] header) {
            JsonNode root;
            try {
                root = JSON.readTree(header);
            } catch (IOException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw bad("header is not valid JSON: " + why.lines().findFirst().orElse(""));
            }
            if (root == null || !root.isObject()) {
                throw bad("header is not a JSON object");
            }
            return root;
        }

        private void readMetadata(JsonNode node) {
            if (!node.isObject()) {
                throw bad("'" + METADATA + "' is not a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    String type = entry.getValue().getNodeType().toString().toLowerCase(Locale.ROOT);
                    throw bad("metadata '" + entry.getKey() + "' is a " + type + ", expected a string");
                }
                file.putMeta(entry.getKey(), entry.getValue().textValue());
            }
        }

        private NamedArray readTensor(String name, JsonNode entry) throws IOException {
            String what = "tensor '" + name + "'";
            if (!entry.isObject()) {
                throw bad(what + " is not a JSON object");
            }
            JsonNode dtypeNode = entry.get("dtype");
            if (dtypeNode == null || !dtypeNode.isTextual()) {
                throw bad(what + " lacks a string 'dtype'");
            }
            SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeNode.textValue());
            if (dtype == null) {
                throw bad(what + " has dtype '" + dtypeNode.textValue() + "', expected F32, F64, F16 or BF16");
            }
            int[] shape = readShape(what, entry.get("shape"));
            long[] offsets = readOffsets(what, entry.get("data_offsets"));
            if (offsets[1] > dataBytes) {
                throw bad(what + " data_offsets " + Arrays.toString(offsets) + " overrun the data buffer of "
                        + dataBytes + " bytes");
            }
            long numel = NamedArray.elementCount(shape);
            long span = offsets[1] - offsets[0];
            long needed = NamedArray.byteCount(numel, dtype.bytes);
            if (span != needed) {
                throw bad(what + " data_offsets " + Arrays.toString(offsets) + " span " + span + " bytes, but shape "
                        + Arrays.toString(shape) + " of " + dtype + " needs "
                        + (needed == Long.MAX_VALUE ? "more" : needed));
            }
            if (numel > ArraySize.MAX_ELEMENTS) {
                throw bad(what + " has shape " + Arrays.toString(shape) + ", more elements than one Java array holds");
            }
            return new NamedArray(name, shape, readData(dataStart + offsets[0], (int) numel, dtype));
        }

        private int[] readShape(String what, JsonNode node) {
            if (node == null || !node.isArray()) {
                throw bad(what + " lacks a 'shape' array");
            }
            int[] shape = new int[node.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode dim = node.get(i);
                if (!dim.canConvertToInt() || !dim.isIntegralNumber()) {
                    throw bad(what + " has shape " + node + ", expected non-negative integers");
                }
                shape[i] = dim.intValue();
                if (shape[i] < 0) {
                    throw bad(what + " has a negative dimension in shape " + node);
                }
            }
            return shape;
        }

        private long[] readOffsets(String what, JsonNode node) {
            if (node == null || !node.isArray()) {
                throw bad(what + " lacks a 'data_offsets' array");
            }
            if (node.size() != 2 || !node.get(0).isIntegralNumber() || !node.get(1).isIntegralNumber()
                    || !node.get(0).canConvertToLong() || !node.get(1).canConvertToLong()) {
                throw bad(what + " has data_offsets " + node + ", expected [begin, end]");
            }
            long begin = node.get(0).longValue();
            long end = node.get(1).longValue();
            if (begin < 0 || end < begin) {
                throw bad(what + " has data_offsets " + node + ", expected 0 <= begin <= end");
            }
            return new long[] {begin, end};
        }

        private float[] readData(long position, int numel, SafetensorsDtype dtype) throws IOException {
            float[] data = new float[numel];
            ByteBuffer chunk = ByteBuffer.allocate(Math.min(CHUNK_BYTES, numel * dtype.bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = chunk.capacity() / dtype.bytes;
            for (int done = 0; done < numel; ) {
                int n = Math.min(perChunk, numel - done);
                chunk.clear().limit(n * dtype.bytes);
                fill(chunk, position + (long) done * dtype.bytes);
                dtype.decode(chunk, data, done, n);
                done += n;
            }
            return data;
        }

        private ByteBuffer readAt(long position, int bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            fill(buffer, position);
            return buffer;
        }

        /** Fills the buffer from {@code position} and flips it for reading. */
        private void fill(ByteBuffer buffer, long position) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw bad("file ends at byte " + (position + buffer.position()) + ", before the data it declares");
                }
            }
            buffer.flip();
        }

        private InvalidInputException bad(String problem) {
            return new InvalidInputException(source + ": " + problem);
        }
    }
}
