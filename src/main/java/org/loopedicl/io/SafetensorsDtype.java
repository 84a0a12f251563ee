package org.loopedicl.io;

import java.nio.ByteBuffer;

/** The safetensors element types this engine reads, each decoded to float. */
enum SafetensorsDtype {
    F32(4) {
        @Override
        void decode(ByteBuffer src, float[] dst, int offset, int count) {
            src.asFloatBuffer().get(dst, offset, count);
        }
    },
    F64(8) {
        @Override
        void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = (float) src.getDouble(8 * i);
            }
        }
    },
    F16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = halfToFloat(src.getShort(2 * i));
            }
        }
    },
    BF16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                // bfloat16 is the upper half of a float32, so widening is exact.
                dst[offset + i] = Float.intBitsToFloat(src.getShort(2 * i) << 16);
            }
        }
    };

    final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Decodes {@code count} little-endian elements from the start of {@code src} into dst[offset…]. */
    abstract void decode(ByteBuffer src, float[] dst, int offset, int count);

    /** Returns null for a name this engine does not read. */
    static SafetensorsDtype parse(String name) {
        for (SafetensorsDtype t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** IEEE binary16 to float32, exact (every half value is a float value). */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    }
}
