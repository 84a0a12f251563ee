#!/usr/bin/env bash
# Installs a disassembler for HotSpot's -XX:+PrintAssembly into a JDK, so that what C2 made of a
# kernel can be read (bounds checks left in a loop, spilled registers). Debian's libhsdis0-fcml
# only exports the old entry point `decode_instructions`; JDK 9+ looks for
# `decode_instructions_virtual`, so a 10-line shim forwards one to the other.
#
# Needs root (apt-get, and writing into the JDK), gcc. Usage:
#   tools/hsdis.sh [JDK_HOME]        (default /usr/lib/jvm/temurin-25-jdk-amd64)
# then, e.g.:
#   java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,org.loopedicl.tensor.Gemm::kernel ...
set -euo pipefail
jdk=${1:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -d "$jdk/lib" ] || { echo "hsdis: no JDK at $jdk" >&2; exit 2; }
lib=/usr/lib/x86_64-linux-gnu/libhsdis.so.0
[ -f "$lib" ] || apt-get install -y libhsdis0-fcml >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/shim.c" <<C
#include <dlfcn.h>
#include <stdint.h>
typedef void *(*decode_t)(void *, void *, void *, void *, void *, void *, const char *);
void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  void *event_cb, void *event_stream, void *printf_cb, void *printf_stream,
                                  const char *options, int newline) {
  static decode_t decode;
  if (!decode) decode = (decode_t) dlsym(dlopen("$lib", RTLD_NOW), "decode_instructions");
  return decode(buffer, buffer + length, event_cb, event_stream, printf_cb, printf_stream, options);
}
C
gcc -shared -fPIC -O2 -o "$jdk/lib/hsdis-amd64.so" "$tmp/shim.c" -ldl
echo "hsdis: installed $jdk/lib/hsdis-amd64.so (FCML via a shim)"
