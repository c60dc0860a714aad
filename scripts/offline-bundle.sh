#!/usr/bin/env bash
# The offline kit: everything `make setup` would fetch, in one folder a trainer can copy.
#
#   scripts/offline-bundle.sh [KIT]            collect into KIT (default: offline-kit)
#   scripts/offline-bundle.sh --verify [KIT]   install from KIT inside a network namespace with
#                                              no route (root), into throwaway folders
#   scripts/offline-bundle.sh --no-apt [KIT]   collect without the Debian packages
#
# Using it on a machine without network: `sudo apt-get install -y KIT/apt/*.deb` (if the system
# tools are missing), then `source KIT/env.sh` and `make setup` / `make test`. env.sh sets only
# HOOKLAB_KIT; the set-up steps (scripts/offline-env.sh) and hooklab (hooklab.offline) read it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

mode=collect apt=yes
while [ $# -gt 0 ]; do
  case $1 in
    --verify) mode=verify ;;
    --no-apt) apt=no ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) break ;;
  esac
  shift
done
kit=$(realpath -m "${1:-offline-kit}")
# The kit's pinned Node and npm (setup step 25): a system npm 9 cannot read tools/node's lock.
node_bin=$PWD/.venv/lib/hooklab-node/bin
[ -x "$node_bin/npm" ] && PATH="$node_bin:$PATH"
npm_dirs=(tools/node tools/browser tools/runners tools/srt tools/mcpb)
# Debian packages the set-up steps install (10-system, 40-sandboxes, 70-browser).
apt_pkgs=(strace bubblewrap docker.io socat ripgrep shellcheck chromium fonts-noto-cjk
  fonts-noto-color-emoji)
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1

npm_fill_cache() { # DIR CACHE [--offline]: npm ci of DIR's lockfile in a scratch copy
  local scratch
  scratch=$(mktemp -d)
  cp "$1/package.json" "$1/package-lock.json" "$scratch/"
  kit_npmrc "$scratch/.npmrc-kit"
  (cd "$scratch" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NPM_CONFIG_USERCONFIG=.npmrc-kit \
    npm ci --ignore-scripts --no-audit --loglevel=error --cache "$2" "${@:3}" >/dev/null)
  local rc=$?
  rm -rf "$scratch"
  return $rc
}

collect() {
  [ -x .venv/bin/python ] || die "run \`make setup\` first: the bundle is made with the kit's .venv"
  mkdir -p "$kit/wheels" "$kit/npm-cache"
  say "Python wheels and sdists from the hashed lockfiles -> $kit/wheels"
  for lock in requirements.lock tools/uv-requirements.txt tools/guarddog/requirements.txt; do
    .venv/bin/python -m pip download -q --isolated --no-deps --require-hashes -r "$lock" \
      -d "$kit/wheels" || die "pip download failed for $lock; check access to PyPI"
  done
  # What uv's build isolation fetches when a fixture's sdist is built (setuptools>=68).
  .venv/bin/python -m pip download -q --isolated --only-binary :all: -d "$kit/wheels" \
    "setuptools>=68" wheel || die "pip download of setuptools/wheel failed"
  # The pinned build tools hooklab.defences seeds its loopback Python index with.
  .venv/bin/python -c 'from hooklab.defences.wheelhouse import BUILD_TOOLS as t
print("".join(f"{r} --hash=sha256:{h}\n" for r, h in t.values()), end="")' >"$kit/build-tools.txt"
  .venv/bin/python -m pip download -q --isolated --no-deps --only-binary :all: --require-hashes \
    -r "$kit/build-tools.txt" -d "$kit/wheels" || die "pip download of the build tools failed"

  say "npm tarballs for ${npm_dirs[*]} -> $kit/npm-cache"
  for dir in "${npm_dirs[@]}"; do
    npm_fill_cache "$dir" "$kit/npm-cache" || die "npm ci of $dir failed; check the npm registry"
  done

  if [ $apt = yes ]; then
    command -v apt-get >/dev/null 2>&1 || die "apt-get is missing; use --no-apt"
    say "Debian packages (${apt_pkgs[*]}) -> $kit/apt"
    mkdir -p "$kit/apt"
    # The whole dependency closure (a bare Debian 12 may lack any of it); virtual names are skipped.
    local closure
    closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
      --no-breaks --no-replaces --no-enhances "${apt_pkgs[@]}" | grep '^[a-z0-9]' | sort -u |
      xargs apt-cache show --no-all-versions 2>/dev/null | sed -n 's/^Package: //p' | sort -u)
    # shellcheck disable=SC2086
    (cd "$kit/apt" && apt-get download -q -o APT::Sandbox::User=root $closure >/dev/null) ||
      die "apt-get could not download ${apt_pkgs[*]} and their dependencies"
  fi

  say "what the notebooks fetch, and the real set -> $kit/wheels, $kit/npm-run-cache, $kit/real-set"
  .venv/bin/python -m hooklab.cli offline collect "$kit" >/dev/null || die "could not collect them"

  # Only HOOKLAB_KIT: hooklab points each run at the kit itself (hooklab.offline), and the
  # set-up steps read it too (scripts/offline-env.sh).
  cat >"$kit/env.sh" <<'EOF'
# Source this before `make setup` / `make test` on a machine without network (hooklab offline kit).
HOOKLAB_KIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export HOOKLAB_KIT
EOF
  # npm rewrites its cache index on every use; the content files are what must not change.
  # The stamps offline-test.sh writes beside the kit (what it was collected from, that it
  # installed offline) are about the kit, not in it.
  (cd "$kit" && find . -type f ! -name MANIFEST.sha256 ! -path ./INPUTS.sha256 ! -path ./VERIFIED \
    ! -path './npm-cache/_cacache/index-v5/*' ! -path './npm-cache/_logs/*' -print0 |
    sort -z | xargs -0 sha256sum) >"$kit/MANIFEST.sha256"
  say "done: $(du -sh "$kit" | cut -f1) in $kit; check it with: $0 --verify $kit"
}

verify() {
  [ -f "$kit/env.sh" ] || die "$kit has no env.sh; collect it first: $0 $kit"
  [ "$(id -u)" = 0 ] || die "--verify needs root (it makes a network namespace with unshare -n)"
  (cd "$kit" && sha256sum --quiet -c MANIFEST.sha256) || die "$kit does not match its MANIFEST"
  local scratch
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' RETURN
  say "installing from $kit with no network (unshare -n)"
  # shellcheck disable=SC2016
  unshare -n env KIT="$kit" SCRATCH="$scratch" bash -euo pipefail -c '
    . scripts/lib.sh
    lo_only
    . "$KIT/env.sh"
    . scripts/offline-env.sh
    export UV_CACHE_DIR="$SCRATCH/uv-cache" PIP_NO_CACHE_DIR=1  # the kit alone, no warm cache
    python3 -m venv "$SCRATCH/venv"
    "$SCRATCH/venv/bin/python" -m pip install -q --require-hashes --no-deps -r tools/uv-requirements.txt
    "$SCRATCH/venv/bin/uv" pip sync -q --python "$SCRATCH/venv/bin/python" --require-hashes requirements.lock
    "$SCRATCH/venv/bin/python" -c "import pandas, ipywidgets, mcp, jupyterlab, nbval"
    "$SCRATCH/venv/bin/uv" venv -q --python python3 "$SCRATCH/guarddog"
    "$SCRATCH/venv/bin/uv" pip sync -q --python "$SCRATCH/guarddog/bin/python" --require-hashes tools/guarddog/requirements.txt
  ' || die "the Python part of the kit does not install offline"
  cp -a "$kit/npm-cache" "$scratch/npm-cache"  # a copy: npm writes to the cache it reads
  for dir in "${npm_dirs[@]}"; do
    unshare -n bash -c ". scripts/lib.sh; $(declare -f npm_fill_cache); lo_only; npm_fill_cache $dir \
      '$scratch/npm-cache' --offline" || die "the npm part of the kit does not install offline ($dir)"
  done
  # The real set's archives are all there and match the digests the registries gave.
  unshare -n env HOOKLAB_KIT="$kit" .venv/bin/python -c 'from hooklab.realset import fetch
fetch(quiet=True)' || die "the kit's real set (real-set/) is incomplete or changed"
  say "the kit installs with no network: Python packages, GuardDog, ${npm_dirs[*]}, the real set"
}

"$mode"
