# Sourced (not run) by the set-up scripts that start an inner `npm install`.
#
# `npm run X` hands X its own state as environment: npm_config_user_agent ("npm/11 node/v20"),
# npm_config_nodedir/node_gyp/prefix, npm_lifecycle_*, npm_package_*, npm_execpath, NODE, INIT_CWD,
# and node_modules/.bin + npm's node-gyp-bin on PATH. An inner npm takes all of that as its own
# configuration, even under another Node: code-server's postinstall read "node/v20" from the user
# agent while running under Node 24 and refused to install (issue 9). npm_clean_env runs a command
# without any of it, so an install behaves the same from `npm run`, from .ci/run and from a shell.
#
# Kept: how to reach the registry (registry, proxies, CA, npmrc files, cache). Those do not depend on
# the Node that runs npm, and a user may have exported them (NPM_CONFIG_REGISTRY=... in CI).

NPM_ENV_KEEP='^npm_config_(registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl|userconfig|globalconfig|cache)$'

# $PATH without the node_modules/.bin folders and npm's node-gyp-bin that `npm run` puts in front.
npm_clean_path() {
  local d out=() parts
  IFS=: read -ra parts <<<"$PATH"
  for d in "${parts[@]}"; do
    case $d in */node_modules/.bin | */node-gyp-bin) ;; *) out+=("$d") ;; esac
  done
  (IFS=:; printf '%s' "${out[*]}")
}

# The machine npm's global npmrc. An npm run by another Node (node24/bin/node) looks for it under
# that Node's prefix instead, so it is passed on explicitly: the same files are read either way.
npm_globalconfig() {
  local gc
  gc=$(npm_clean_env_raw npm config get globalconfig 2>/dev/null) || return 0
  [ -f "$gc" ] && printf '%s' "$gc"
  return 0
}

# env(1) without the variables npm exports (npm_*, any case, except NPM_ENV_KEEP; NODE; INIT_CWD;
# COLOR) and with the clean PATH. Takes env's arguments: NAME=VALUE... COMMAND ARGS...
npm_clean_env_raw() {
  local v lower drop=()
  for v in $(compgen -e); do
    lower=${v,,}
    case $lower in
      npm_*) [[ $lower =~ $NPM_ENV_KEEP ]] || drop+=(-u "$v") ;;
      node | init_cwd | color) drop+=(-u "$v") ;;
    esac
  done
  env "${drop[@]}" PATH="$(npm_clean_path)" "$@"
}

# npm_clean_env [NAME=VALUE...] COMMAND [ARGS...]: COMMAND in a clean npm environment. Pass
# PATH="DIR:$(npm_clean_path)" to put another Node first.
npm_clean_env() {
  local gc extra=()
  if [ -z "${npm_config_globalconfig:-${NPM_CONFIG_GLOBALCONFIG:-}}" ]; then
    gc=$(npm_globalconfig)
    [ -z "$gc" ] || extra=(npm_config_globalconfig="$gc")
  fi
  npm_clean_env_raw "${extra[@]}" "$@"
}
