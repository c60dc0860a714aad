#!/usr/bin/env bash
# The one-shot runners notebook 06 puts side by side (pnpm, bun, deno, Yarn), pinned in
# tools/runners and installed from its lockfile with install scripts off. bun and deno then have
# no postinstall to fetch their binaries: the binaries come in their platform optional packages
# (@oven/bun-linux-x64, @deno/linux-x64-glibc), and this step checks that each one runs.
# npm 12 and the Node 22 it needs are in tools/node (30-node-tools.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
dir=tools/runners
npm_ci_pinned "$dir" "the pinned one-shot runners"
for bin in "@oven/bun-linux-x64/bin/bun" "@deno/linux-x64-glibc/deno"; do
  out=$("$dir/node_modules/$bin" --version 2>&1) ||
    die "$dir/node_modules/$bin does not run (${out##*$'\n'}); delete $dir/node_modules and run again"
done
