#!/usr/bin/env python3
"""Write the golden files the Java io tests read, into src/test/resources/io/.

    /usr/bin/python3 tools/make_io_fixtures.py

Every array is a fixed formula (repeated in the Java tests) or is listed, as float32 bit patterns,
in safetensors_expected.json. The safetensors file is written by hand (json + struct), because the
point is to check our reader against the format, not against one library.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "test", "resources", "io")


def bits(values):
    return np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32).tolist()


def safetensors_fixture():
    f16 = np.array([1.0, -0.5, 65504.0, 2.0 ** -24, 0.1, -0.0, np.inf, -np.inf], dtype=np.float16).reshape(2, 4)
    f64 = np.array([1 / 3, -2.5e10, 1e-40], dtype=np.float64)
    bf16 = torch.tensor([1.0, -3.14159, 1e30, 1e-39]).to(torch.bfloat16)
    f32 = (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3)
    tensors = {  # name: (dtype, shape, little-endian bytes, the float32 values a reader must produce)
        "f32": ("F32", f32.shape, f32.astype("<f4").tobytes(), f32),
        "f64": ("F64", f64.shape, f64.astype("<f8").tobytes(), f64.astype(np.float32)),
        "f16": ("F16", f16.shape, f16.astype("<f2").tobytes(), f16.astype(np.float32)),
        "bf16": ("BF16", tuple(bf16.shape), bf16.view(torch.int16).numpy().astype("<i2").tobytes(),
                 bf16.float().numpy()),
        "scalar": ("F32", (), np.float32(7.25).tobytes(), np.float32(7.25)),
        "empty": ("F32", (2, 0), b"", np.zeros((2, 0), dtype=np.float32)),
    }
    header = {"__metadata__": {"family": "looped", "n_dims": "5", "note": "ünïcødé ✓"}}
    offset = 0
    for name, (dtype, shape, raw, _) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(os.path.join(OUT, "mixed.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(t[2] for t in tensors.values()))
    expected = {name: {"shape": list(shape), "bits": bits(values)}
                for name, (_, shape, _, values) in tensors.items()}
    with open(os.path.join(OUT, "safetensors_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def npy_fixtures():
    np.save(os.path.join(OUT, "f4_2d.npy"), np.arange(12, dtype=np.float32).reshape(3, 4) / 4)
    np.save(os.path.join(OUT, "f4_3d.npy"), (np.arange(24, dtype=np.float32) * 0.25 - 3).reshape(2, 3, 4))
    np.save(os.path.join(OUT, "f8_1d.npy"), np.arange(5, dtype=np.float64) / 3)
    np.save(os.path.join(OUT, "f4_scalar.npy"), np.array(2.5, dtype=np.float32))
    np.save(os.path.join(OUT, "i8_1d.npy"), np.arange(-2, 3, dtype=np.int64))
    np.save(os.path.join(OUT, "u1_1d.npy"), np.arange(250, 256, dtype=np.uint8))
    with open(os.path.join(OUT, "f8_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.arange(6, dtype=np.float64).reshape(2, 3) - 0.5, version=(2, 0))
    np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    np.save(os.path.join(OUT, "big_endian.npy"), np.arange(3, dtype=">f4"))
    xs = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 10) / 8
    ys = np.arange(6, dtype=np.float32).reshape(2, 3) * -1.5
    np.savez(os.path.join(OUT, "prompts.npz"), xs=xs, ys=ys)
    np.savez_compressed(os.path.join(OUT, "prompts_compressed.npz"), xs=xs, ys=ys)


def converted_fixture():
    """A tiny 2-block reference state dict (D=4, n_dims=3, n_positions=2) run through convert_reference.py."""
    d, n_dims, rows = 4, 3, 5
    shapes = {"_read_in.weight": [d, n_dims], "_read_in.bias": [d], "_backbone.transformer.wpe.weight": [rows, d]}
    for i in range(2):
        h = f"_backbone.transformer.h.{i}."
        shapes.update({h + "ln_1.weight": [d], h + "ln_1.bias": [d],
                       h + "attn.c_attn.weight": [3 * d, d], h + "attn.c_attn.bias": [3 * d],
                       h + "attn.c_proj.weight": [d, d], h + "attn.c_proj.bias": [d],
                       h + "ln_2.weight": [d], h + "ln_2.bias": [d],
                       h + "mlp.c_fc.weight": [4 * d, d], h + "mlp.c_fc.bias": [4 * d],
                       h + "mlp.c_proj.weight": [d, 4 * d], h + "mlp.c_proj.bias": [d]})
    shapes.update({"_backbone.transformer.ln_f.weight": [d], "_backbone.transformer.ln_f.bias": [d],
                   "_read_out.weight": [1, d], "_read_out.bias": [1]})
    # Reverse order, float64 values, a DataParallel prefix and the PyTorch 1.x mask buffers: all must be undone.
    state = {}
    for name, shape in reversed(shapes.items()):
        numel = int(np.prod(shape))
        state["module." + name] = (torch.arange(numel, dtype=torch.float64) / 64).reshape(shape)
    for i in range(2):
        state[f"module._backbone.transformer.h.{i}.attn.bias"] = torch.tril(torch.ones(rows, rows)).view(1, 1, rows, rows)
        state[f"module._backbone.transformer.h.{i}.attn.masked_bias"] = torch.tensor(-1e4)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = os.path.join(tmp, "state.pt")
        torch.save({"model_state_dict": state, "optimizer_state_dict": {}, "train_step": 7}, checkpoint)
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "convert_reference.py"), checkpoint,
                        os.path.join(OUT, "converted.safetensors"), "--family", "looped", "--n-head", "2",
                        "--task", "linear_regression", "--train-loops", "20", "--train-window", "15",
                        "--n-dims-active", "3"], check=True)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    safetensors_fixture()
    npy_fixtures()
    converted_fixture()
