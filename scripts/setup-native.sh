#!/usr/bin/env bash
# Installs the optional native backend (@tensorflow/tfjs-node) without internet access.
#
#   npm run setup:native                    # wheel from pip (the local wheel store)
#   bash scripts/setup-native.sh PATH.whl   # use this TensorFlow CPU wheel instead (or SEQ2SEQ_NATIVE_WHEEL=PATH)
#
# The VS Code command "Seq2Seq: Install Native Backend" runs this same script (the VSIX ships it with
# the custom ops' sources) with SEQ2SEQ_NATIVE_PREFIX=<the extension's global storage>: tfjs-node then
# goes into $SEQ2SEQ_NATIVE_PREFIX/node_modules instead of the project's, and the extension verifies
# the result by starting its model worker on it (step 7 here needs the project's sources and tsx).
# SEQ2SEQ_NATIVE_ROUTE=npm takes tfjs-node's own install instead (its script downloads libtensorflow
# 2.9.1 and a prebuilt binding: no compiler needed, but no C++ headers either, so no fused kernels);
# the command tries it where the wheel route cannot run here (exit 3).
#
# tfjs-node's own install script downloads libtensorflow 2.9.1 from a host these machines cannot
# reach. Instead: install the package with --ignore-scripts, take libtensorflow out of the
# tensorflow-cpu wheel (its C API is ABI-compatible), name the libraries as tfjs-node expects and
# build the N-API binding with node-gyp against the local Node headers.
#
# Then it compiles the fused kernels (custom TensorFlow ops, src/core/kernels/native/) against the
# wheel's C++ headers into node_modules/@tensorflow/tfjs-node/deps/seq2seq/s2s_ops.node, and beside
# it tf_load_log.node (src/core/backend/tf-load-log.cc), which keeps TensorFlow's load-time INFO lines
# off stderr.
#
# Cache: $SEQ2SEQ_NATIVE_CACHE or ${XDG_CACHE_HOME:-$HOME/.cache}/seq2seq-studio/ (wheel, extracted
# libs + headers, built binding, built kernels per source hash), so a second run, or a run after
# `npm ci`, takes seconds.
# Fresh-machine rehearsal (what .ci/run does): SEQ2SEQ_NATIVE_CACHE=<new empty folder> npm run
# setup:native, so that no cache can hide a broken step.
# Env: SEQ2SEQ_NATIVE_REBUILD=1 forces a fresh binding and kernels build; npm_config_nodedir picks Node headers;
# CXX names the C++ compiler (default g++).
# The inner npm commands run in a clean npm environment (scripts/lib/npm-clean-env.sh), so `npm run
# setup:native` and a direct run install the same way.
# Exit status: 0 ready; 3 cannot run on this machine (not linux x86_64, no compiler or build tools, no
# Node headers, no pip or no wheel to be had; on the npm route: its download host unreachable); anything
# else: the install failed. The reason is the last "[setup-native] ERROR:" or "NOT AVAILABLE HERE:" line.
set -euo pipefail

TFJS_NODE_VERSION=4.22.0
TF_VERSION=2.21.0
TF_PIP_NAME=tensorflow-cpu

# ROOT: this script and the custom ops' sources; PREFIX: where node_modules/@tensorflow/tfjs-node goes.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=$ROOT
if [ -n "${SEQ2SEQ_NATIVE_PREFIX:-}" ]; then
  mkdir -p "$SEQ2SEQ_NATIVE_PREFIX" && PREFIX=$(cd "$SEQ2SEQ_NATIVE_PREFIX" && pwd)
fi
CACHE=${SEQ2SEQ_NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/seq2seq-studio}
PKG=$PREFIX/node_modules/@tensorflow/tfjs-node
ROUTE=${SEQ2SEQ_NATIVE_ROUTE:-wheel}
CXX=${CXX:-g++}
T0=$SECONDS

say() { printf '[setup-native] %s\n' "$*"; }
die() { printf '[setup-native] ERROR: %s\n' "$*" >&2; exit 1; }
# not a failure of the install: this machine lacks what it needs (.ci/run then skips the native tests)
unavailable() { printf '[setup-native] NOT AVAILABLE HERE: %s\n' "$*" >&2; exit 3; }

# shellcheck source=lib/npm-clean-env.sh
source "$ROOT/scripts/lib/npm-clean-env.sh"

# ---- 0. preconditions ---------------------------------------------------------------------------
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  unavailable "only linux x86_64 is supported (this is $(uname -s) $(uname -m)); use the wasm backend"
fi
command -v node >/dev/null || unavailable "node is not on PATH (install Node.js 20 or newer, with npm)"
command -v npm >/dev/null || unavailable "npm is not on PATH (install Node.js 20 or newer, with npm)"
case $ROUTE in wheel | npm) ;; *) die "SEQ2SEQ_NATIVE_ROUTE is wheel or npm, not '$ROUTE'" ;; esac
if [ "$ROUTE" = wheel ]; then
  command -v "$CXX" >/dev/null || unavailable "no C++ compiler ($CXX not found): the wheel route builds" \
    "tfjs-node's binding and the fused kernels with it (apt-get install -y g++ make python3)"
  for t in make python3; do
    command -v "$t" >/dev/null ||
      unavailable "$t is needed to build tfjs-node's binding (apt-get install -y g++ make python3)"
  done
fi
if [ "$PREFIX" = "$ROOT" ]; then
  [ -f "$ROOT/package.json" ] || die "no package.json in $ROOT"
  [ -x "$ROOT/node_modules/.bin/tsx" ] ||
    die "project dependencies are missing: run 'npm ci' (or 'npm install') in $ROOT first"
elif [ ! -f "$PREFIX/package.json" ]; then  # one of its own, so that npm installs here, not in a folder above
  printf '{ "private": true, "description": "Seq2Seq Studio: the native backend" }\n' >"$PREFIX/package.json"
fi
mkdir -p "$CACHE"

# Local Node headers for node-gyp (no download possible): npm_config_nodedir, npm's nodedir, the
# prefix of the running node, /usr.
nodedir_ok() { [ -n "$1" ] && [ -f "$1/include/node/node_api.h" ] && [ -f "$1/include/node/common.gypi" ]; }
NODEDIR=
for d in "${npm_config_nodedir:-}" "$(npm config get nodedir 2>/dev/null || true)" \
         "$(dirname "$(dirname "$(command -v node)")")" /usr /usr/local; do
  [ "$d" = undefined ] && continue
  if nodedir_ok "$d"; then NODEDIR=$d; break; fi
done
[ -n "$NODEDIR" ] || [ "$ROUTE" = npm ] ||
  unavailable "no Node headers found (need <dir>/include/node/node_api.h); set npm_config_nodedir=<dir>"
say "node $(node -v), headers from ${NODEDIR:-(none)}/include/node, route $ROUTE, into $PKG"

binding_loads() { (cd "$PREFIX" && node -e "require('@tensorflow/tfjs-node')" >/dev/null 2>&1); }
binding_must_load() {
  binding_loads || {
    (cd "$PREFIX" && node -e "require('@tensorflow/tfjs-node')" 2>&1 | grep -v '^\s*at ' | head -n 15) >&2 || true
    die "@tensorflow/tfjs-node does not load ($1)"
  }
}

# ---- 7. verify: one tfjs-core, and the project's backend loader picks tensorflow -----------------
# (defined here, run last by both routes)
verify_and_finish() {
  if [ "$PREFIX" != "$ROOT" ]; then
    say "the caller verifies the backend on $PREFIX (this step needs the project's sources and tsx)"
  else
    verify_project
  fi
  say "done in $((SECONDS - T0)) s (cache: $CACHE)"
  echo "native backend ready: tensorflow"
  exit 0
}
verify_project() {
  local cores out info
  cores=$(cd "$ROOT"; npm ls @tensorflow/tfjs-core --all --parseable 2>/dev/null | sort -u |
    grep -c '/@tensorflow/tfjs-core$' || true)
  [ "$cores" = 1 ] || { (cd "$ROOT" && npm ls @tensorflow/tfjs-core --all 2>/dev/null) >&2 || true;
    die "expected one @tensorflow/tfjs-core in node_modules, found $cores copies"; }
  say "one @tensorflow/tfjs-core (deduped)"
  out=$(cd "$ROOT" && SEQ2SEQ_BACKEND=tensorflow TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2} \
    node_modules/.bin/tsx -e "require('./src/core/backend').initBackend()
      .then(i=>console.log(JSON.stringify(i)))" 2>&1) || {
    printf '%s\n' "$out" >&2; die "initBackend() with SEQ2SEQ_BACKEND=tensorflow failed"; }
  info=$(printf '%s\n' "$out" | grep '^{' | tail -n1)
  printf '%s\n' "$info" | grep -q '"name":"tensorflow"' ||
    { printf '%s\n' "$out" >&2; die "initBackend() did not pick tensorflow"; }
  say "initBackend(): $info"
  printf '%s\n' "$info" | grep -q '"kernels":{"name":"fused"' ||
    say "WARNING: tensorflow runs the reference kernels:" \
      "$(printf '%s\n' "$info" | sed -n 's/.*"fallback":"\([^"]*\)".*/\1/p')"
}

# ---- the npm route: tfjs-node's own install script (downloads libtensorflow and the binding) -----
# Its download host (scripts/install.js: TFJS_NODE_CDN_STORAGE, CDN_STORAGE, else storage.googleapis.com)
# is tried first, so that a machine that cannot reach it learns so in a second, not after installing
# 130 packages. Behind a proxy (which install.js uses) the install itself tells.
cdn_unreachable() {
  local cdn=${TFJS_NODE_CDN_STORAGE:-${CDN_STORAGE:-https://storage.googleapis.com/}}
  [ -z "${HTTPS_PROXY:-${https_proxy:-${HTTP_PROXY:-${http_proxy:-}}}}" ] || return 1
  node -e "
    const url = new URL(process.argv[1]);
    const req = require(url.protocol === 'http:' ? 'http' : 'https').request(url, { method: 'HEAD', timeout: 15000 });
    req.on('response', () => process.exit(1));
    req.on('timeout', () => req.destroy(new Error('no answer in 15 s from ' + url.host)));
    req.on('error', (e) => console.log(e.message));
    req.end();" "$cdn"
}
if [ "$ROUTE" = npm ]; then
  WHY=$(cdn_unreachable) && unavailable "tfjs-node's own install could not download what it needs ($WHY)"
  LOG=$CACHE/logs/tfjs-node-npm-install.log
  mkdir -p "$CACHE/logs"
  say "installing @tensorflow/tfjs-node@$TFJS_NODE_VERSION with its own install script" \
    "(downloads libtensorflow and a prebuilt binding; log: $LOG)"
  if ! (cd "$PREFIX" && npm_clean_env ${NODEDIR:+npm_config_nodedir="$NODEDIR"} npm install --no-save --no-audit \
          --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" >"$LOG" 2>&1); then
    tail -n 15 "$LOG" >&2
    NET_ERRORS='ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH'
    WHY=$(grep -m1 -oE "(getaddrinfo |connect )?($NET_ERRORS)( [^ ,]+)?" "$LOG" || true)
    [ -z "$WHY" ] || unavailable "tfjs-node's own install could not download what it needs ($WHY)"
    die "tfjs-node's own install failed (log: $LOG)"
  fi
  binding_must_load "its own install finished, log: $LOG"
  say "WARNING: the fused kernels need the wheel route (TensorFlow $TF_VERSION's C++ headers and a C++ compiler);" \
    "tensorflow runs the reference kernels"
  verify_and_finish
fi

# ---- 1. the TensorFlow CPU wheel (first: it is what a machine most often lacks) -----------------
WHEEL_DIR=$CACHE/wheels
cached_wheel() {
  local w
  for w in "$WHEEL_DIR"/tensorflow_cpu-"$TF_VERSION"-*.whl; do [ -f "$w" ] && { echo "$w"; return 0; }; done
  return 0
}
GIVEN_WHEEL=${1:-${SEQ2SEQ_NATIVE_WHEEL:-}}
if [ -n "$GIVEN_WHEEL" ]; then
  WHEEL=$(cd "$(dirname "$GIVEN_WHEEL")" 2>/dev/null && pwd)/$(basename "$GIVEN_WHEEL")
  [ -f "$WHEEL" ] || die "wheel not found: $GIVEN_WHEEL"
  say "using the given wheel $WHEEL"
else
  WHEEL=$(cached_wheel)
  if [ -n "$WHEEL" ]; then
    say "wheel cached: $WHEEL"
  else
    PIP=(python3 -m pip)
    "${PIP[@]}" --version >/dev/null 2>&1 || { command -v pip >/dev/null && PIP=(pip); } ||
      unavailable "no pip to download $TF_PIP_NAME==$TF_VERSION (apt-get install -y python3-pip)," \
        "or set SEQ2SEQ_NATIVE_WHEEL to a tensorflow_cpu-$TF_VERSION wheel"
    say "downloading $TF_PIP_NAME==$TF_VERSION with pip into $WHEEL_DIR (~270 MB)"
    mkdir -p "$WHEEL_DIR"
    "${PIP[@]}" download --no-deps --only-binary=:all: "$TF_PIP_NAME==$TF_VERSION" -d "$WHEEL_DIR" ||
      unavailable "no $TF_PIP_NAME==$TF_VERSION wheel to be had: pip download found none for this Python;" \
        "set SEQ2SEQ_NATIVE_WHEEL to a tensorflow_cpu-$TF_VERSION Linux wheel"
    WHEEL=$(cached_wheel)
    [ -n "$WHEEL" ] || die "pip did not leave a tensorflow_cpu-$TF_VERSION wheel in $WHEEL_DIR"
  fi
fi
WHEEL_ID=$(basename "$WHEEL" .whl)

# ---- 2. the npm package, without its (downloading) install script -------------------------------
have_pkg() {
  [ -f "$PKG/package.json" ] &&
    [ "$(node -p "require('$PKG/package.json').version" 2>/dev/null)" = "$TFJS_NODE_VERSION" ] &&
    (cd "$PKG" && node -e "require.resolve('@tensorflow/tfjs'); require.resolve('@mapbox/node-pre-gyp')" 2>/dev/null)
}
if have_pkg; then
  say "@tensorflow/tfjs-node@$TFJS_NODE_VERSION already in node_modules"
else
  say "installing @tensorflow/tfjs-node@$TFJS_NODE_VERSION (npm install --no-save --ignore-scripts)"
  (cd "$PREFIX" && npm_clean_env npm install --no-save --ignore-scripts --no-audit --no-fund \
    "@tensorflow/tfjs-node@$TFJS_NODE_VERSION") ||
    die "npm install of @tensorflow/tfjs-node@$TFJS_NODE_VERSION failed"
  have_pkg || die "@tensorflow/tfjs-node@$TFJS_NODE_VERSION is still not installed in $PKG"
fi

# ---- 3. libtensorflow + C headers out of the wheel (cached per wheel) ---------------------------
LIBS=$CACHE/libtensorflow/$WHEEL_ID
if [ -f "$LIBS/.complete" ]; then
  say "libtensorflow cached: $LIBS"
else
  say "extracting libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API headers into $LIBS"
  TMP=$(mktemp -d "$CACHE/.extract.XXXXXX")
  trap 'rm -rf "$TMP"' EXIT
  # the C API headers and what they include (tensorflow/c -> core/platform -> tsl, xla/tsl)
  if command -v unzip >/dev/null; then
    unzip -q "$WHEEL" 'tensorflow/libtensorflow_cc.so.2' 'tensorflow/libtensorflow_framework.so.2' \
      'tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/core/platform/*' \
      'tensorflow/include/tsl/*' 'tensorflow/include/xla/tsl/*' -d "$TMP/x" || die "cannot unzip $WHEEL"
  else
    python3 - "$WHEEL" "$TMP/x" <<'EOF' || die "cannot extract $WHEEL"
import sys, zipfile
want = ('tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/core/platform/',
        'tensorflow/include/tsl/', 'tensorflow/include/xla/tsl/')
z = zipfile.ZipFile(sys.argv[1])
names = [n for n in z.namelist() if n.startswith(want) or n in (
    'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2')]
z.extractall(sys.argv[2], names)
EOF
  fi
  for f in libtensorflow_cc.so.2 libtensorflow_framework.so.2; do
    [ -f "$TMP/x/tensorflow/$f" ] || die "$WHEEL has no tensorflow/$f (not a Linux TensorFlow CPU wheel?)"
  done
  [ -f "$TMP/x/tensorflow/include/tensorflow/c/eager/c_api.h" ] || die "$WHEEL has no C API headers"
  mkdir -p "$TMP/out/lib"
  mv "$TMP/x/tensorflow/libtensorflow_cc.so.2" "$TMP/x/tensorflow/libtensorflow_framework.so.2" "$TMP/out/lib/"
  mv "$TMP/x/tensorflow/include" "$TMP/out/include"
  # the names tfjs-node's binding.gyp (-ltensorflow -ltensorflow_framework) and install.js
  # (deps/lib/libtensorflow.so.2.9.1) look for
  (cd "$TMP/out/lib" &&
    for l in libtensorflow.so libtensorflow.so.2 libtensorflow.so.2.9.1; do ln -sfn libtensorflow_cc.so.2 "$l"; done &&
    for l in libtensorflow_framework.so libtensorflow_framework.so.2.9.1; do
      ln -sfn libtensorflow_framework.so.2 "$l"
    done)
  echo "$WHEEL_ID" > "$TMP/out/.complete"
  rm -rf "$LIBS"; mkdir -p "$(dirname "$LIBS")"; mv "$TMP/out" "$LIBS"
  rm -rf "$TMP"; trap - EXIT
fi

# ---- 4. deps/{lib,include} in the package (hard links into the cache where possible) ------------
DEPS=$PKG/deps
if [ "$(cat "$DEPS/.seq2seq-wheel" 2>/dev/null)" = "$WHEEL_ID" ] &&
   cmp -s "$DEPS/lib/libtensorflow_framework.so.2" "$LIBS/lib/libtensorflow_framework.so.2" &&
   [ "$(stat -c %s "$DEPS/lib/libtensorflow_cc.so.2")" = "$(stat -c %s "$LIBS/lib/libtensorflow_cc.so.2")" ]; then
  say "deps/lib and deps/include already in place"
  DEPS_CHANGED=0
else
  say "placing libs + headers into $DEPS/{lib,include}"
  rm -rf "$DEPS"; mkdir -p "$DEPS"
  cp -al "$LIBS/lib" "$LIBS/include" "$DEPS/" 2>/dev/null || {
    rm -rf "$DEPS"; mkdir -p "$DEPS"; cp -a "$LIBS/lib" "$LIBS/include" "$DEPS/"; }
  echo "$WHEEL_ID" > "$DEPS/.seq2seq-wheel"
  DEPS_CHANGED=1
fi

# ---- 5. the N-API binding (cached per tfjs-node version, wheel and Node major) -------------------
NAPI=$(node -p "const v=require('$PKG/package.json').binary.napi_versions;
  Math.max(...v.filter(x=>x<=+process.versions.napi))")
BINDING_REL=lib/napi-v$NAPI/tfjs_binding.node
BINDING=$PKG/$BINDING_REL
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
BIND_CACHE=$CACHE/tfjs-node-binding/$TFJS_NODE_VERSION-$WHEEL_ID-napi$NAPI-node$NODE_MAJOR
if [ "${SEQ2SEQ_NATIVE_REBUILD:-0}" != 1 ] && [ "$DEPS_CHANGED" = 0 ] && [ -f "$BINDING" ] &&
   cmp -s "$BINDING" "$BIND_CACHE/tfjs_binding.node"; then
  say "binding already built: $BINDING"
elif [ "${SEQ2SEQ_NATIVE_REBUILD:-0}" != 1 ] && [ -f "$BIND_CACHE/tfjs_binding.node" ]; then
  say "binding restored from cache $BIND_CACHE"
  mkdir -p "$(dirname "$BINDING")"; cp "$BIND_CACHE/tfjs_binding.node" "$BINDING"
else
  LOG=$CACHE/logs/tfjs-node-build.log
  mkdir -p "$CACHE/logs"
  say "building the binding with node-gyp (scripts/install.js, build from source; log: $LOG)"
  rm -rf "${PKG:?}/build" "${PKG:?}/lib"
  GYP=
  for g in "$(npm prefix -g 2>/dev/null)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js" \
           "$ROOT/node_modules/node-gyp/bin/node-gyp.js"; do
    [ -f "$g" ] && { GYP=$g; break; }
  done
  if ! (cd "$PKG" && npm_clean_env PATH="$ROOT/node_modules/.bin:$(npm_clean_path)" npm_config_nodedir="$NODEDIR" \
          CXX="$CXX" npm_config_build_from_source=true ${GYP:+npm_config_node_gyp="$GYP"} \
          node scripts/install.js >"$LOG" 2>&1); then
    tail -n 30 "$LOG" >&2
    die "building the tfjs-node binding failed (full log: $LOG)"
  fi
  [ -f "$BINDING" ] || { tail -n 30 "$LOG" >&2; die "the build did not produce $BINDING_REL (log: $LOG)"; }
  rm -rf "$BIND_CACHE"; mkdir -p "$BIND_CACHE"
  cp "$BINDING" "$BIND_CACHE/tfjs_binding.node.tmp" &&
    mv "$BIND_CACHE/tfjs_binding.node.tmp" "$BIND_CACHE/tfjs_binding.node"
  say "binding built and cached in $BIND_CACHE"
fi
binding_must_load "try SEQ2SEQ_NATIVE_REBUILD=1 $0"

# ---- 6. the fused kernels: custom TensorFlow ops (src/core/kernels/native/*.cc) -----------------
# Compiled with $CXX (g++) against the wheel's C++ headers (cached per wheel), linked to the libtensorflow_
# framework tfjs-node loads, and cached per wheel + hash of the sources and flags. They are an
# optimisation: a failed build is reported and leaves the backend on the reference kernels. The
# load-log helper (no TensorFlow in it) is compiled and cached with them.
OPS_SRC=$ROOT/src/core/kernels/native
OPS_OUT=$DEPS/seq2seq/s2s_ops.node
LOG_SRC=$ROOT/src/core/backend/tf-load-log.cc  # a plain N-API addon, built and cached with the ops
LOG_OUT=$DEPS/seq2seq/tf_load_log.node
OPS_FLAGS=(-std=c++17 -fPIC -O3 -DNDEBUG -D_GLIBCXX_USE_CXX11_ABI=1 -DEIGEN_MAX_ALIGN_BYTES=64 -w)
# The library is built for this machine only: AVX2 + FMA, and AVX-512 where it has them (Eigen's
# GEMMs of the kernels' shapes, e.g. 64x768x512, ran 1.2-1.8x faster with it here; -march=native
# is not used: with g++ 12 it turns on AVX512-FP16, on which Eigen's headers do not compile).
cpu_has() { grep -m1 '^flags' /proc/cpuinfo | grep -qw "$1"; }
cpu_has avx2 && cpu_has fma && OPS_FLAGS+=(-mavx2 -mfma)
cpu_has avx512f && cpu_has avx512dq && cpu_has avx512vl && cpu_has avx512bw &&
  OPS_FLAGS+=(-mavx512f -mavx512dq -mavx512vl -mavx512bw)
OPS_HASH=$( (cat "$OPS_SRC"/*.cc "$OPS_SRC"/*.h "$LOG_SRC"; echo "${OPS_FLAGS[*]}"; "$CXX" --version | head -n1) |
  sha256sum | cut -c1-16)
OPS_CACHE=$CACHE/native-ops/$WHEEL_ID-$OPS_HASH
HEADERS=$CACHE/tf-headers/$WHEEL_ID

tf_headers() {  # the wheel's C++ headers minus its bundled third-party trees (137 of 268 MB)
  [ -f "$HEADERS/.complete" ] && return 0
  say "extracting the TensorFlow C++ headers into $HEADERS"
  local tmp; tmp=$(mktemp -d "$CACHE/.headers.XXXXXX")
  if command -v unzip >/dev/null; then
    unzip -q "$WHEEL" 'tensorflow/include/*' -x 'tensorflow/include/external/*' -d "$tmp" ||
      { rm -rf "$tmp"; return 1; }
  else
    python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
inc, ext = "tensorflow/include/", "tensorflow/include/external/"
z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith(inc) and not n.startswith(ext)])' \
      "$WHEEL" "$tmp" || { rm -rf "$tmp"; return 1; }
  fi
  touch "$tmp/tensorflow/include/.complete"
  rm -rf "$HEADERS"; mkdir -p "$(dirname "$HEADERS")"; mv "$tmp/tensorflow/include" "$HEADERS"; rm -rf "$tmp"
}

build_ops() {
  local log=$CACHE/logs/native-ops-build.log obj f
  mkdir -p "$CACHE/logs"
  tf_headers || { echo "cannot extract the headers from $WHEEL" >"$log"; return 1; }
  obj=$(mktemp -d "$CACHE/.ops.XXXXXX")
  say "compiling the fused kernels ($CXX ${OPS_FLAGS[*]}; ~1-2 min once; log: $log)"
  : >"$log"
  local pids=() ok=1 pid
  for f in "$OPS_SRC"/*.cc; do  # one g++ per file, side by side (rnn.cc and decoder.cc take the time)
    "$CXX" "${OPS_FLAGS[@]}" -I"$HEADERS" -I"$NODEDIR/include/node" -c "$f" -o "$obj/$(basename "$f" .cc).o" \
      >"$obj/$(basename "$f").log" 2>&1 &
    pids+=($!)
  done
  "$CXX" -std=c++17 -fPIC -O2 -w -shared -I"$NODEDIR/include/node" "$LOG_SRC" -o "$obj/tf_load_log.node" \
    >"$obj/tf-load-log.cc.log" 2>&1 &
  pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid" || ok=0; done
  cat "$obj"/*.log >>"$log"
  [ "$ok" = 1 ] || { rm -rf "$obj"; return 1; }
  # $ORIGIN/../lib: deps/lib, the libtensorflow_framework tfjs-node's binding has loaded already
  "$CXX" -shared -o "$obj/s2s_ops.node" "$obj"/*.o -L"$LIBS/lib" -l:libtensorflow_framework.so.2 \
    -Wl,-rpath,'$ORIGIN/../lib' >>"$log" 2>&1 || { rm -rf "$obj"; return 1; }
  rm -rf "$OPS_CACHE"; mkdir -p "$OPS_CACHE"; mv "$obj/s2s_ops.node" "$obj/tf_load_log.node" "$OPS_CACHE/"
  rm -rf "$obj"
}

if [ -f "$OPS_CACHE/s2s_ops.node" ] && [ -f "$OPS_CACHE/tf_load_log.node" ] &&
   [ "${SEQ2SEQ_NATIVE_REBUILD:-0}" != 1 ]; then
  say "fused kernels cached: $OPS_CACHE"
elif ! build_ops; then
  tail -n 15 "$CACHE/logs/native-ops-build.log" >&2
  say "WARNING: the fused kernels did not build (log: $CACHE/logs/native-ops-build.log);" \
    "tensorflow runs the reference kernels"
fi
if [ -f "$OPS_CACHE/s2s_ops.node" ]; then
  mkdir -p "$(dirname "$OPS_OUT")"
  for f in "$OPS_OUT" "$LOG_OUT"; do cp "$OPS_CACHE/$(basename "$f")" "$f.tmp" && mv "$f.tmp" "$f"; done
else
  rm -f "$OPS_OUT" "$LOG_OUT"  # never leave a library built from other sources
fi

verify_and_finish
