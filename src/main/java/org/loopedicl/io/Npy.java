package org.loopedicl.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format: the magic "\x93NUMPY", a version, a little-endian header length, a Python
 * dict literal giving dtype, order and shape, then the raw data. Reads versions 1.0 to 3.0 with
 * dtypes {@code <f4 <f8 |u1 <i4 <i8}; writes version 1.0 as {@code <f4} or {@code <f8}.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads so that the data starts at a multiple of this. */
    private static final int ALIGN = 64;
    /** Real headers are ~100 bytes; a larger length means a corrupt file. */
    private static final long MAX_HEADER_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private enum Dtype {
        F4("<f4", 4), F8("<f8", 8), U1("|u1", 1), I4("<i4", 4), I8("<i8", 8);

        final String descr;
        final int bytes;

        Dtype(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        void decode(ByteBuffer src, double[] dst, int offset, int count) {
            switch (this) {
                case F4 -> {
                    for (int i = 0; i < count; i++) {
                        dst[offset + i] = src.getFloat(4 * i);
                    }
                }
                case F8 -> src.asDoubleBuffer().get(dst, offset, count);
                case U1 -> {
                    for (int i = 0; i < count; i++) {
                        dst[offset + i] = src.get(i) & 0xff;
                    }
                }
                case I4 -> {
                    for (int i = 0; i < count; i++) {
                        dst[offset + i] = src.getInt(4 * i);
                    }
                }
                case I8 -> {
                    for (int i = 0; i < count; i++) {
                        dst[offset + i] = src.getLong(8 * i);
                    }
                }
            }
        }
    }

    private Npy() {
    }

    public static NpyArray read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), CHUNK_BYTES)) {
            return read(in, Files.size(path), path.toString());
        } catch (IOException e) {
            throw InvalidInputException.io(path, "read", e);
        }
    }

    /** Atomically writes {@code <f4} or {@code <f8}, as {@link NpyArray#float64()} says. */
    public static void write(Path path, NpyArray array) {
        AtomicFile.write(path, out -> write(out, array));
    }

    /**
     * Reads one array from {@code in}, which holds {@code size} bytes (Long.MAX_VALUE if unknown);
     * {@code source} names it in error messages.
     */
    static NpyArray read(InputStream in, long size, String source) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8 || !Arrays.equals(prefix, 0, 6, MAGIC, 0, 6)) {
            throw bad(source, "not a .npy file (no \\x93NUMPY magic at the start)");
        }
        int major = prefix[6];
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw bad(source, "unsupported .npy format version " + major + "." + prefix[7]);
        };
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw bad(source, "file ends inside the header length");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerBytes = major == 1
                ? Short.toUnsignedInt(lengthBuffer.getShort())
                : Integer.toUnsignedLong(lengthBuffer.getInt());
        long dataBytes = size - 8 - lengthBytes - headerBytes;
        if (dataBytes < 0) {
            throw bad(source, "header length " + headerBytes + " exceeds the file size of " + size + " bytes");
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            throw bad(source, "header length " + headerBytes + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        byte[] headerField = in.readNBytes((int) headerBytes);
        if (headerField.length < headerBytes) {
            throw bad(source, "file ends inside the header");
        }
        String header = new String(headerField, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = field(source, header, DESCR, "descr");
        Dtype dtype = Arrays.stream(Dtype.values()).filter(d -> d.descr.equals(descr)).findFirst().orElse(null);
        if (dtype == null) {
            throw bad(source, descr.startsWith(">")
                    ? "dtype '" + descr + "' is big-endian, expected little-endian (save with arr.astype('<f4'))"
                    : "dtype '" + descr + "' is not supported, expected <f4, <f8, |u1, <i4 or <i8");
        }
        if (field(source, header, FORTRAN, "fortran_order").equals("True")) {
            throw bad(source, "fortran_order is True, expected C order (save np.ascontiguousarray(arr))");
        }
        int[] shape = parseShape(source, field(source, header, SHAPE, "shape"));
        long numel = NamedArray.elementCount(shape);
        long needed = NamedArray.byteCount(numel, dtype.bytes);
        if (dataBytes < needed) {
            throw bad(source, "data is " + dataBytes + " bytes, but shape " + Arrays.toString(shape) + " of "
                    + descr + " needs " + (needed == Long.MAX_VALUE ? "more" : needed));
        }
        if (numel > ArraySize.MAX_ELEMENTS) {
            throw bad(source, "shape " + Arrays.toString(shape) + " has more elements than one Java array holds");
        }
        return new NpyArray(shape, readData(in, (int) numel, dtype, source), dtype != Dtype.F4);
    }

    private static String field(String source, String header, Pattern pattern, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw bad(source, "header lacks a readable '" + key + "' entry: " + header.strip());
        }
        return m.group(1);
    }

    private static int[] parseShape(String source, String tuple) {
        String[] parts = tuple.split(",");
        int[] shape = new int[parts.length];
        int rank = 0;
        for (String part : parts) {
            String dim = part.strip();
            if (dim.isEmpty()) {
                continue; // "(3,)" and "()"
            }
            try {
                shape[rank] = Integer.parseInt(dim);
            } catch (NumberFormatException e) {
                shape[rank] = -1;
            }
            if (shape[rank] < 0) {
                throw bad(source, "shape (" + tuple + ") is not a tuple of non-negative integers");
            }
            rank++;
        }
        return Arrays.copyOf(shape, rank);
    }

    private static double[] readData(InputStream in, int numel, Dtype dtype, String source) throws IOException {
        double[] data = new double[numel];
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = CHUNK_BYTES / dtype.bytes;
        for (int done = 0; done < numel; ) {
            int n = Math.min(perChunk, numel - done);
            if (in.readNBytes(chunk, 0, n * dtype.bytes) < n * dtype.bytes) {
                throw bad(source, "data ends early: shape needs " + (long) numel * dtype.bytes + " bytes");
            }
            dtype.decode(view, data, done, n);
            done += n;
        }
        return data;
    }

    static void write(OutputStream out, NpyArray array) throws IOException {
        Dtype dtype = array.float64() ? Dtype.F8 : Dtype.F4;
        int[] shape = array.shape();
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.toString(shape).replace('[', '(').replace(']', ')');
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        String header = dict + " ".repeat((ALIGN - unpadded % ALIGN) % ALIGN) + "\n";

        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        view.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        view.put(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk, 0, view.position());

        double[] data = array.data();
        int perChunk = CHUNK_BYTES / dtype.bytes;
        for (int done = 0; done < data.length; ) {
            int n = Math.min(perChunk, data.length - done);
            view.clear();
            if (dtype == Dtype.F8) {
                view.asDoubleBuffer().put(data, done, n);
            } else {
                for (int i = 0; i < n; i++) {
                    view.putFloat(4 * i, (float) data[done + i]);
                }
            }
            out.write(chunk, 0, n * dtype.bytes);
            done += n;
        }
    }

    private static InvalidInputException bad(String source, String problem) {
        return new InvalidInputException(source + ": " + problem);
    }
}
