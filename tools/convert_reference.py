#!/usr/bin/env python3
"""Convert a checkpoint of the PyTorch reference code (Leiay/looped_transformer) to safetensors.

    python3 tools/convert_reference.py state.pt out.safetensors --family looped [--n-head 8] [--loop-func add]

Accepts the reference's state.pt ({'model_state_dict': ..., 'optimizer_state_dict': ..., 'train_step': ...}),
its model_<step>.pt ({'model': ...}) or a bare state dict. Writes F32 tensors under the reference names
(docs/DESIGN.md §6) and string metadata describing the model. The architecture hyper-parameters are read off the
tensor shapes where they can be; n_head and the family cannot be, hence the flags.
Loading unpickles the checkpoint, as torch.load does: convert only files you trust.
"""
import argparse
import json
import os
import re
import struct
import sys

import torch

PREFIXES = ("module.", "_orig_mod.")  # DataParallel and torch.compile wrappers
MASK_BUFFER = re.compile(r"^_backbone\.transformer\.h\.\d+\.attn\.(bias|masked_bias)$")
BLOCK = re.compile(r"^_backbone\.transformer\.h\.(\d+)\.")


def fail(message):
    sys.exit(f"convert_reference.py: {message}")


def load_state_dict(path):
    try:
        # Full unpickling: torch 1.13's weights_only loader refuses the floats in an optimizer state.
        checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as e:  # missing file, not a zip, not a pickle: many types
        fail(f"{path}: cannot load as a torch checkpoint of tensors ({type(e).__name__}: {e})")
    for key in ("model_state_dict", "model"):
        if isinstance(checkpoint, dict) and key in checkpoint:
            checkpoint = checkpoint[key]
            break
    if not isinstance(checkpoint, dict) or not checkpoint or not all(torch.is_tensor(v) for v in checkpoint.values()):
        keys = list(checkpoint)[:8] if isinstance(checkpoint, dict) else type(checkpoint).__name__
        fail(f"{path}: expected a state dict of tensors or a dict with 'model_state_dict' or 'model', found {keys}")
    state = {}
    for name, tensor in checkpoint.items():
        for prefix in PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix):]
        if not MASK_BUFFER.match(name):
            state[name] = tensor
    return state


def expected_shapes(path, state):
    """The reference names and shapes, in docs/DESIGN.md §6 order, for the sizes these tensors imply."""
    for name in ("_read_in.weight", "_backbone.transformer.wpe.weight"):
        if name not in state or state[name].dim() != 2:
            fail(f"{path}: missing 2-d tensor '{name}'; is this a looped_transformer checkpoint?")
    d, n_dims = state["_read_in.weight"].shape
    rows = state["_backbone.transformer.wpe.weight"].shape[0]
    if rows % 2 != 1:
        fail(f"{path}: '_backbone.transformer.wpe.weight' has {rows} rows, expected 2*n_positions+1 (odd)")
    n_layer = len({int(m.group(1)) for m in map(BLOCK.match, state) if m})
    shapes = {"_read_in.weight": [d, n_dims], "_read_in.bias": [d],
              "_backbone.transformer.wpe.weight": [rows, d]}
    for i in range(n_layer):
        h = f"_backbone.transformer.h.{i}."
        shapes.update({h + "ln_1.weight": [d], h + "ln_1.bias": [d],
                       h + "attn.c_attn.weight": [3 * d, d], h + "attn.c_attn.bias": [3 * d],
                       h + "attn.c_proj.weight": [d, d], h + "attn.c_proj.bias": [d],
                       h + "ln_2.weight": [d], h + "ln_2.bias": [d],
                       h + "mlp.c_fc.weight": [4 * d, d], h + "mlp.c_fc.bias": [4 * d],
                       h + "mlp.c_proj.weight": [d, 4 * d], h + "mlp.c_proj.bias": [d]})
    shapes.update({"_backbone.transformer.ln_f.weight": [d], "_backbone.transformer.ln_f.bias": [d],
                   "_read_out.weight": [1, d], "_read_out.bias": [1]})
    missing = [n for n in shapes if n not in state]
    unexpected = [n for n in state if n not in shapes]
    if missing or unexpected:
        fail(f"{path}: not a looped_transformer regression model: missing {missing[:5]}, unexpected {unexpected[:5]}")
    for name, shape in shapes.items():
        if list(state[name].shape) != shape:
            fail(f"{path}: tensor '{name}' has shape {list(state[name].shape)}, expected {shape}")
    sizes = {"n_dims": n_dims, "n_positions": (rows - 1) // 2, "n_embd": d, "n_layer": n_layer}
    return shapes, sizes


def write_safetensors(path, tensors, metadata):
    """F32 tensors in order; the header is space-padded to a multiple of 8 bytes, as the Python library does."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        blob = tensor.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "xb") as f:  # unlike mkstemp, follows the umask
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for blob in blobs:
                f.write(blob)
        os.replace(tmp, path)  # atomic: a killed conversion leaves no half-written file
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint", help="state.pt, model_<step>.pt or a saved state dict")
    parser.add_argument("output", help="the .safetensors file to write")
    parser.add_argument("--family", required=True, choices=["standard", "looped", "tied"],
                        help="reference gpt2 = standard, gpt2_loop = looped, gpt2_tying = tied")
    parser.add_argument("--n-head", type=int, default=8, help="attention heads (not inferable; default 8)")
    parser.add_argument("--loop-func", choices=["add", "mul"], default="add", help="z=f(x+z) or z=f(x*z)")
    parser.add_argument("--task", help="e.g. linear_regression")
    parser.add_argument("--train-loops", type=int, help="b: loop count the model was trained up to")
    parser.add_argument("--train-window", type=int, help="T: loss window of the training")
    parser.add_argument("--n-dims-active", type=int, help="active dims at the end of the curriculum")
    args = parser.parse_args()

    state = load_state_dict(args.checkpoint)
    shapes, sizes = expected_shapes(args.checkpoint, state)
    if sizes["n_embd"] % args.n_head != 0:
        fail(f"--n-head {args.n_head} does not divide n_embd {sizes['n_embd']}")
    metadata = {"family": args.family, **{k: str(v) for k, v in sizes.items()},
                "n_head": str(args.n_head), "loop_func": args.loop_func}
    optional = {"task": args.task, "train_loops": args.train_loops, "train_window": args.train_window,
                "n_dims_active": args.n_dims_active}
    metadata.update({k: str(v) for k, v in optional.items() if v is not None})
    write_safetensors(args.output, {name: state[name] for name in shapes}, metadata)
    print(f"{args.output}: {len(shapes)} tensors, " + ", ".join(f"{k}={v}" for k, v in metadata.items()))


if __name__ == "__main__":
    main()
