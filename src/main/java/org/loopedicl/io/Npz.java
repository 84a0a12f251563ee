package org.loopedicl.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** NumPy's .npz: a zip archive of .npy files, one per array, named {@code <key>.npy}. */
public final class Npz {

    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    /** All arrays in archive order, keyed without the .npy suffix. Reads stored and deflated entries. */
    public static Map<String, NpyArray> read(Path path) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(SUFFIX)) {
                    throw new InvalidInputException(path + ": entry '" + name + "' is not a .npy array");
                }
                long size = entry.getSize() < 0 ? Long.MAX_VALUE : entry.getSize();
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name.substring(0, name.length() - SUFFIX.length()),
                            Npy.read(in, size, path + ":" + name));
                }
            }
        } catch (ZipException e) {
            throw new InvalidInputException(path + ": not a readable zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw InvalidInputException.io(path, "read", e);
        }
        return arrays;
    }

    /** The array {@code key} of an archive read from {@code path}, or a one-line error listing the keys. */
    public static NpyArray require(Map<String, NpyArray> arrays, Path path, String key) {
        NpyArray array = arrays.get(key);
        if (array == null) {
            throw new InvalidInputException(path + ": missing array '" + key + "' (has " + arrays.keySet() + ")");
        }
        return array;
    }

    /** Atomically writes the arrays uncompressed, as numpy.savez does. */
    public static void write(Path path, Map<String, NpyArray> arrays) {
        AtomicFile.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16));
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                // A stored entry must declare its size and CRC up front, hence the in-memory copy.
                ByteArrayOutputStream npy = new ByteArrayOutputStream();
                Npy.write(npy, e.getValue());
                CRC32 crc = new CRC32();
                crc.update(npy.toByteArray());
                ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.size());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                npy.writeTo(zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
    }
}
