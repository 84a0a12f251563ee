#!/usr/bin/env bash
# Times our training step against both peers on the same presets, as docs/PERFORMANCE.md reports
# it: libtorch 2.7 through DJL (tools/peer-libtorch, the peer a Java user would pick) and current
# PyTorch from Python (tools/peer_torch.py). In each round ours runs first (./looped bench --peak),
# then each peer at every thread count of --threads; each ratio is taken within the round against
# that peer's fastest thread count, and the table shows the median over rounds (each round's
# figures in brackets).
#
# The Python peer needs /usr/bin/python3 with torch and an optimised BLAS, e.g. on Debian
#   apt-get install python3-torch libopenblas0-pthread
# (without libopenblas0-pthread Debian's torch falls back to the reference BLAS, ~10x slower, which
# would flatter us). It runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: some machine
# environments set them, forcing OpenBLAS onto another CPU's kernels; ours reads neither. Leave the
# Python peer out with --no-python. The first lines say what each engine found (JDK, kernels,
# libtorch version, torch version and BLAS core). Pause other work on the machine first: the
# numbers are only as quiet as it is.
#
# Usage: tools/bench_vs_peer.sh [--rounds R] [--threads "1 2"] [--no-python] PRESET...
#        (default: all four presets; threads 1 and every core)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
threads="1 $(nproc)"
python=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-python) python=0; shift ;;
    *) break ;;
  esac
done
read -ra counts <<< "$(tr ' ' '\n' <<< "$threads" | grep . | sort -nu | tr '\n' ' ')"
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(small mid paper-looped paper-standard)
if [ "$python" = 1 ]; then
  /usr/bin/python3 -c "import torch" 2>/dev/null \
    || { echo "bench_vs_peer: /usr/bin/python3 has no torch (apt-get install python3-torch libopenblas0-pthread, or --no-python)" >&2; exit 2; }
fi

libtorch() { tools/peer-libtorch "$@" 2>&1; }
pytorch() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/peer_torch.py "$@" 2>&1; }

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | head -n 1; }
list() { local s; s=$(printf '%s, ' "$@"); echo "${s%, }"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
cell() { echo "$(echo "$*" | median) ($(list "$@"))"; }

./looped bench --steps 1 --warmup 0 small 2>&1 | grep '^looped:' || true
libtorch --preset small --steps 1 --warmup 0 --threads 1 | grep '^peer:'
[ "$python" = 1 ] && pytorch --preset small --steps 1 --warmup 0 --threads 1 | grep '^peer:'
echo

peers=(libtorch); [ "$python" = 1 ] && peers+=(pytorch)
header="| preset | ours ms |"; rule="|---|---:|"
for q in "${peers[@]}"; do
  for n in "${counts[@]}"; do header+=" $q ms, $n thr |"; rule+="---:|"; done
  header+=" ours vs $q |"; rule+="---:|"
done
echo "$header GFLOP/s | utilisation of peak |"
echo "$rule---:|---:|"
for p in "${presets[@]}"; do
  case "$p" in small|mid) steps=10 ;; *) steps=3 ;; esac
  declare -A ms=() ratio=()
  ours=() gflops=() util=()
  for ((r = 0; r < rounds; r++)); do
    out=$(./looped bench --peak --steps "$steps" "$p" 2>&1)
    o=$(echo "$out" | field median_ms)
    [ -n "$o" ] || { echo "bench_vs_peer: ours gave no time on $p:" >&2; echo "$out" >&2; exit 1; }
    ours+=("$o")
    gflops+=("$(echo "$out" | sed -n 's/.*GFLOP\/step, \([0-9.]*\) GFLOP\/s.*/\1/p')")
    util+=("$(echo "$out" | sed -n 's/.*utilisation \([0-9.]*\)%.*/\1/p')")
    for q in "${peers[@]}"; do
      best=""
      for n in "${counts[@]}"; do
        t=$($q --preset "$p" --threads "$n" --steps "$steps" | field median_ms)
        [ -n "$t" ] || { echo "bench_vs_peer: $q gave no time on $p at $n threads" >&2; exit 1; }
        ms[$q,$n]+="$t "
        best=$(awk -v a="$t" -v b="$best" 'BEGIN {print (b == "" || a < b) ? a : b}')
      done
      ratio[$q]+="$(awk -v o="$o" -v b="$best" 'BEGIN {printf "%.2f", b / o}') "
    done
  done
  row="| $p | $(cell "${ours[@]}") |"
  for q in "${peers[@]}"; do
    for n in "${counts[@]}"; do read -ra v <<< "${ms[$q,$n]}"; row+=" $(cell "${v[@]}") |"; done
    read -ra v <<< "${ratio[$q]}"; row+=" **$(echo "${v[*]}" | median)×** |"
  done
  echo "$row $(echo "${gflops[*]}" | median) | $(echo "${util[*]}" | median)% |"
  unset ms ratio
done
