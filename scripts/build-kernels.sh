#!/usr/bin/env bash
# Builds the fused WebAssembly kernels (src/core/kernels/wasm/*.c) into two committed binaries:
#   kernels-simd.wasm     SIMD128 (every engine with wasm SIMD: Node 16.4+, Electron, browsers)
#   kernels-relaxed.wasm  + relaxed SIMD (FMA); chosen at run time where WebAssembly.validate accepts it
#   kernels-*-shared.wasm the same on a shared memory, for the helper thread (threads.ts)
# and checks what working in place on tfjs-backend-wasm's heap requires: no data segment, no use of
# the shadow-stack pointer (global 0). Pinned toolchain: Debian's clang-19 + lld-19 (clang-14 emits
# pre-standard relaxed-SIMD opcodes) and wabt's wasm-objdump.
#   bash scripts/build-kernels.sh           rebuild in place
#   bash scripts/build-kernels.sh --check   rebuild into a temp dir; fail if the committed files differ
#   bash scripts/build-kernels.sh --install-toolchain   apt-get install the toolchain when missing
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC=$ROOT/src/core/kernels/wasm
CC=${CC:-clang-19}
TOOLCHAIN=(clang-19 lld-19 wabt)
if [ "${1:-}" = --install-toolchain ]; then
  if command -v "$CC" >/dev/null && command -v wasm-ld-19 >/dev/null && command -v wasm-objdump >/dev/null; then
    echo "build-kernels: toolchain present"
    exit 0
  fi
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${TOOLCHAIN[@]}"
  exit $?
fi
die() { echo "build-kernels: $*" >&2; exit 1; }
command -v "$CC" >/dev/null || die "$CC not found (apt-get install clang-19 lld-19 wabt)"
command -v wasm-objdump >/dev/null || die "wasm-objdump not found (apt-get install wabt)"
OUT=$SRC
[ "${1:-}" = --check ] && OUT=$(mktemp -d)
# -ffile-prefix-map + no debug info: the bytes depend only on the sources and the compiler.
FLAGS=(--target=wasm32 -O3 -std=c11 -Wall -Werror -msimd128 -mbulk-memory -nostdlib -ffile-prefix-map="$ROOT"=.
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all -Wl,-z,stack-size=0)
SOURCES=("$SRC"/*.c)
SHARED=(-matomics -Wl,--shared-memory -Wl,--max-memory=4294967296)
RELAXED=(-mrelaxed-simd -DRELAXED)
FILES=(kernels-simd.wasm kernels-relaxed.wasm kernels-simd-shared.wasm kernels-relaxed-shared.wasm)
build() { "$CC" "${FLAGS[@]}" "${@:2}" -o "$OUT/$1" "${SOURCES[@]}"; }
build kernels-simd.wasm
build kernels-relaxed.wasm "${RELAXED[@]}"
build kernels-simd-shared.wasm "${SHARED[@]}"
build kernels-relaxed-shared.wasm "${SHARED[@]}" "${RELAXED[@]}"
for f in "${FILES[@]}"; do
  w=$OUT/$f
  if wasm-objdump -h "$w" | grep -q ' Data '; then echo "build-kernels: $w has a data segment" >&2; exit 1; fi
  dis=$(wasm-objdump -d "$w") || { echo "build-kernels: wasm-objdump cannot read $w" >&2; exit 1; }
  n=$(grep -c 'global\.[gs]et' <<<"$dis" || true)
  if [ "$n" != 0 ]; then echo "build-kernels: $w uses the shadow stack ($n global.get/set)" >&2; exit 1; fi
  echo "build-kernels: $(basename "$w") $(stat -c %s "$w") bytes, no data segment, no stack"
done
if [ "$OUT" != "$SRC" ]; then
  for f in "${FILES[@]}"; do
    cmp -s "$OUT/$f" "$SRC/$f" || die "committed $f differs from its sources: run bash scripts/build-kernels.sh"
  done
  echo "build-kernels: committed binaries match their sources"
  rm -rf "$OUT"
fi
