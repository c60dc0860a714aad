#!/usr/bin/env bash
# Pinned Node tooling in tools/node (Verdaccio, npm 12, the Node 22 npm 12 needs), from its
# lockfile with `npm ci`; skipped when node_modules already matches the lock.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
dir=tools/node
stamp=$dir/node_modules/.hooklab-lock.stamp
if cmp -s "$dir/package-lock.json" "$stamp"; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || die "npm is missing; run scripts/setup.d/10-system.sh first"
# Our own npm config: the user's may carry keys this npm does not know (e.g. nodedir).
npmrc=$(mktemp)
trap 'rm -f "$npmrc"' EXIT
printf 'fund=false\naudit=false\nupdate-notifier=false\nengine-strict=false\n' >"$npmrc"
say "installing the pinned Node tools into $dir (npm ci)"
# Install scripts stay off: none of these packages needs one, and the kit practises what it teaches.
if ! (cd "$dir" && NPM_CONFIG_USERCONFIG="$npmrc" npm ci --ignore-scripts --no-audit --loglevel=error >/dev/null); then
  die "npm ci in $dir failed; check that the npm registry is reachable and run again"
fi
cp "$dir/package-lock.json" "$stamp"
