#!/usr/bin/env bash
# The real-browser test: Debian's chromium (apt) driven by a pinned playwright-core in
# tools/browser (npm ci from its lockfile). Playwright's own browser download is never used.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
apt_install chromium fonts-noto-cjk fonts-noto-color-emoji
dir=tools/browser
stamp=$dir/node_modules/.hooklab-lock.stamp
if cmp -s "$dir/package-lock.json" "$stamp"; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || die "npm is missing; run scripts/setup.d/10-system.sh first"
npmrc=$(mktemp)
trap 'rm -f "$npmrc"' EXIT
printf 'fund=false\naudit=false\nupdate-notifier=false\n' >"$npmrc"
say "installing the pinned playwright-core into $dir (npm ci)"
# No install scripts: playwright-core needs none, and PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD says so twice.
if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NPM_CONFIG_USERCONFIG="$npmrc" \
  npm ci --ignore-scripts --no-audit --loglevel=error >/dev/null); then
  die "npm ci in $dir failed; check that the npm registry is reachable and run again"
fi
cp "$dir/package-lock.json" "$stamp"
