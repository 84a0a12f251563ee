#!/usr/bin/env python3
"""The PyTorch peer of `./looped bench`: the same training step, timed the same way.

One step is what the Java engine's StepBench times (docs/DESIGN.md §3-§7): prompts encoded as
x tokens and (y, 0, ...) tokens, a read-in Linear, learned positions added at every backbone call,
pre-LayerNorm GPT-2 blocks with tanh GELU, a final LayerNorm after every loop iteration, the input
injected by addition (z_t = backbone(z_{t-1} + e)), the loss averaged over the last T of K
iterations (the first K - T without gradient), backward, one Adam step (lr 1e-4). Prompts are fresh
linear-regression prompts each step, drawn outside the timing. The presets are StepBench's, name
for name.

Install (Debian): apt-get install python3-torch libopenblas0-pthread
  Without libopenblas0-pthread, Debian's torch runs its matmuls on the reference BLAS, about ten
  times slower. Run it with the system interpreter, /usr/bin/python3.

Usage: tools/peer_torch.py --preset small|mid|paper-looped|paper-standard [--steps N] [--threads K]
       tools/peer_torch.py --family looped --embd 64 --layers 1 --heads 4 --dims 5 --points 11 \
                           --batch 64 --loops 10 --window 5
Prints which torch and which BLAS it runs on ('peer: ...' lines), then
'peer <preset> median_ms=<x> steps=<n>': the median over the timed steps, after --warmup untimed ones.

Environment: OPENBLAS_CORETYPE forces OpenBLAS's kernels for one CPU family (e.g. Haswell's
AVX2 kernels on an AVX-512 machine) and OPENBLAS_L2_SIZE its blocking; both change the peer's
speed. The script reports them when set; tools/bench_vs_peer.sh runs it with both unset.
"""
import argparse
import ctypes
import math
import os
import re
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# name: (family, embd, layers, heads, dims, points, batch, loops, window), as StepBench.PRESETS
PRESETS = {
    "small": ("looped", 64, 1, 4, 5, 11, 64, 10, 5),
    "mid": ("looped", 128, 1, 4, 10, 21, 64, 20, 10),
    "paper-looped": ("looped", 256, 1, 8, 20, 41, 64, 30, 15),
    "paper-standard": ("standard", 256, 12, 8, 20, 41, 64, 1, 1),
}
SHAPE_KEYS = ("family", "embd", "layers", "heads", "dims", "points", "batch", "loops", "window")


def gelu_tanh(x):
    try:
        return F.gelu(x, approximate="tanh")
    except TypeError:  # torch < 1.12 has no approximate=: the same formula spelt out
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))


class CausalSelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)

    def forward(self, h):
        batch, tokens, width = h.shape
        head = width // self.heads
        q, k, v = self.c_attn(h).split(width, dim=2)
        # [batch, heads, tokens, head]
        q, k, v = (a.reshape(batch, tokens, self.heads, head).transpose(1, 2) for a in (q, k, v))
        scores = torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(head))
        future = torch.ones(tokens, tokens, dtype=torch.bool).triu(1)
        probs = torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(batch, tokens, width)
        return self.c_proj(out)


class Block(nn.Module):
    """Pre-LN: h + attn(ln_1(h)), then h + mlp(ln_2(h))."""

    def __init__(self, width, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=1e-5)
        self.attn = CausalSelfAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=1e-5)
        self.c_fc = nn.Linear(width, 4 * width)
        self.mlp_proj = nn.Linear(4 * width, width)

    def forward(self, h):
        h = h + self.attn(self.ln_1(h))
        return h + self.mlp_proj(gelu_tanh(self.c_fc(self.ln_2(h))))


class InContextLearner(nn.Module):
    def __init__(self, dims, points, width, layers, heads):
        super().__init__()
        self.dims = dims
        self.read_in = nn.Linear(dims, width)
        self.wpe = nn.Parameter(torch.randn(2 * points + 1, width) * 0.02)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width, eps=1e-5)
        self.read_out = nn.Linear(width, 1)

    def encode(self, xs, ys):
        """[B, n, d] and [B, n] -> read_in of the tokens x_0, (y_0, 0...), x_1, ... : [B, 2n, D]."""
        batch, points, dims = xs.shape
        tokens = xs.new_zeros(batch, points, 2, dims)
        tokens[:, :, 0, :] = xs
        tokens[:, :, 1, 0] = ys
        return self.read_in(tokens.reshape(batch, 2 * points, dims))

    def backbone(self, u):
        h = u + self.wpe[: u.shape[1]]
        for block in self.blocks:
            h = block(h)
        return self.ln_f(h)

    def predictions(self, z):
        return self.read_out(z)[:, 0::2, 0]  # at the x tokens: [B, n]


def loss_of(model, shape, xs, ys):
    e = model.encode(xs, ys)
    loops = 1 if shape["family"] == "standard" else shape["loops"]
    window = min(loops, shape["window"])
    z, losses = None, []
    for it in range(loops):
        u = e if z is None else z + e  # z_0 = 0
        if it < loops - window:
            with torch.no_grad():
                z = model.backbone(u)
        else:
            z = model.backbone(u)
            losses.append((model.predictions(z) - ys).pow(2).mean())
    return torch.stack(losses).mean()  # every iteration has B·n predictions: the plain mean


def linear_prompts(shape, generator):
    batch, points, dims = shape["batch"], shape["points"], shape["dims"]
    xs = torch.randn(batch, points, dims, generator=generator)
    w = torch.randn(batch, dims, 1, generator=generator)
    return xs, torch.bmm(xs, w).squeeze(2)


def openblas():
    """The loaded OpenBLAS library (ctypes), or None: torch may reach it as libblas.so.3."""
    paths = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in os.path.basename(path).lower():
                    paths.add(path)
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename  # present only in OpenBLAS
            return lib
        except (OSError, AttributeError):
            continue
    return None


def describe_backend(lib):
    lines = ["peer: torch %s, python %s" % (torch.__version__, sys.version.split()[0])]
    config = torch.__config__.show()
    built = re.findall(r"\b((?:BLAS|LAPACK)_INFO=[^,\s]+)", config)
    capability = re.search(r"CPU capability usage: (\S+)", config)
    lines.append("peer: torch built with %s; its own vector kernels: %s" % (
        ", ".join(built) or "no BLAS_INFO", capability.group(1) if capability else "not reported"))
    lines.append("peer: mkl %s, mkldnn %s, openmp %s" % (
        torch.backends.mkl.is_available(), torch.backends.mkldnn.is_available(), torch.backends.openmp.is_available()))
    if lib is not None:
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        lines.append("peer: %s, core %s, %d thread(s)" % (
            lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(), lib.openblas_get_num_threads()))
    else:
        lines.append("peer: no OpenBLAS loaded (another BLAS, or the reference BLAS: install libopenblas0-pthread)")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if var in os.environ:
            lines.append("peer: %s=%s is set" % (var, os.environ[var]))
    return lines


def main():
    p = argparse.ArgumentParser(description="Time the looped / standard in-context learner's training step in PyTorch.")
    p.add_argument("--preset", choices=sorted(PRESETS))
    p.add_argument("--family", choices=["looped", "standard"])
    for key in SHAPE_KEYS[1:]:
        p.add_argument("--" + key, type=int)
    p.add_argument("--steps", type=int, default=5, help="timed steps (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="untimed steps first (default 1)")
    p.add_argument("--threads", type=int, default=torch.get_num_threads(), help="torch and OpenBLAS threads")
    a = p.parse_args()
    shape = dict(zip(SHAPE_KEYS, PRESETS[a.preset])) if a.preset else {}
    for key in SHAPE_KEYS:
        if getattr(a, key) is not None:
            shape[key] = getattr(a, key)
    missing = [k for k in SHAPE_KEYS if k not in shape]
    if missing:
        p.error("give --preset or all of --" + ", --".join(missing))
    if shape["embd"] % shape["heads"]:
        p.error("--embd must be a multiple of --heads")
    if a.steps < 1 or a.threads < 1 or a.warmup < 0:
        p.error("--steps and --threads must be >= 1, --warmup >= 0")

    torch.set_num_threads(a.threads)
    lib = openblas()
    if lib is not None:
        lib.openblas_set_num_threads(a.threads)
    for line in describe_backend(lib):
        print(line, flush=True)

    torch.manual_seed(0)
    model = InContextLearner(shape["dims"], shape["points"], shape["embd"], shape["layers"], shape["heads"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    generator = torch.Generator().manual_seed(1)
    times = []
    for s in range(a.warmup + a.steps):
        xs, ys = linear_prompts(shape, generator)
        t0 = time.perf_counter()
        loss = loss_of(model, shape, xs, ys)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        loss.item()
        if s >= a.warmup:
            times.append(time.perf_counter() - t0)
    print("peer %s median_ms=%.1f steps=%d" % (a.preset or "custom", statistics.median(times) * 1000, a.steps))


if __name__ == "__main__":
    main()
