#!/usr/bin/env bash
# Times our training step against the PyTorch peer's (tools/peer_torch.py) on the same presets, as
# docs/PERFORMANCE.md reports it: in each round ours (./looped bench --peak), then the peer at 1
# thread and at 2; the ratio is taken within the round against the peer's faster thread count, and
# the table shows the median over rounds (each round's figures in brackets).
#
# The peer needs /usr/bin/python3 with Debian's torch and an optimised BLAS:
#   apt-get install python3-torch libopenblas0-pthread
# Without libopenblas0-pthread, torch falls back to the reference BLAS and runs ~10x slower, which
# would flatter us. The peer runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (some machine
# environments set them, forcing OpenBLAS onto another CPU's kernels and blocking); ours does not
# read them. The first lines say which torch and BLAS the peer found. Pause other work on the
# machine first; the numbers are only as quiet as it is.
#
# Usage: tools/bench_vs_peer.sh [--rounds R] [--peer PATH] PRESET...   (default: all four presets)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
peer=tools/peer_torch.py
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    *) break ;;
  esac
done
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(small mid paper-looped paper-standard)
[ -f "$peer" ] || { echo "bench_vs_peer: no peer at $peer (use --peer PATH)" >&2; exit 2; }
/usr/bin/python3 -c "import torch" 2>/dev/null \
  || { echo "bench_vs_peer: /usr/bin/python3 has no torch: apt-get install python3-torch libopenblas0-pthread" >&2; exit 2; }

run_peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$peer" "$@" 2>&1; }

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | head -n 1; }
list() { local s; s=$(printf '%s, ' "$@"); echo "${s%, }"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

run_peer --preset small --steps 1 --warmup 0 --threads 1 | grep '^peer:'
echo
echo "| preset | ours ms | peer ms, 1 thread | peer ms, 2 threads | ours vs peer's best | GFLOP/s | utilisation of peak |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for p in "${presets[@]}"; do
  case "$p" in small|mid) steps=10 ;; *) steps=3 ;; esac
  ours=() p1=() p2=() ratio=() gflops=() util=()
  for ((r = 0; r < rounds; r++)); do
    out=$(./looped bench --peak --steps "$steps" "$p" 2>&1)
    o=$(echo "$out" | field median_ms)
    gflops+=("$(echo "$out" | sed -n 's/.*GFLOP\/step, \([0-9.]*\) GFLOP\/s.*/\1/p')")
    util+=("$(echo "$out" | sed -n 's/.*utilisation \([0-9.]*\)%.*/\1/p')")
    a=$(run_peer --preset "$p" --threads 1 --steps "$steps" | field median_ms)
    b=$(run_peer --preset "$p" --threads 2 --steps "$steps" | field median_ms)
    ours+=("$o") p1+=("$a") p2+=("$b")
    ratio+=("$(awk -v o="$o" -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", (a < b ? a : b) / o}')")
  done
  echo "| $p | $(echo "${ours[*]}" | median) ($(list "${ours[@]}")) | $(echo "${p1[*]}" | median) ($(list "${p1[@]}")) |" \
       "$(echo "${p2[*]}" | median) ($(list "${p2[@]}")) | **$(echo "${ratio[*]}" | median)×** |" \
       "$(echo "${gflops[*]}" | median) | $(echo "${util[*]}" | median)% |"
done
