#!/usr/bin/env bash
# The real-browser test: Debian's chromium (apt) driven by a pinned playwright-core in
# tools/browser. Playwright's own browser download is never used (and needs no install script).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
apt_install chromium fonts-noto-cjk fonts-noto-color-emoji
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_ci_pinned tools/browser "the pinned playwright-core"
