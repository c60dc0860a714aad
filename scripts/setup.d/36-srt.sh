#!/usr/bin/env bash
# Anthropic's sandbox runtime (srt), pinned in tools/srt and installed from its lockfile with
# install scripts off: the kit's srt sandbox backend (notebook 08). Its system needs, socat and
# ripgrep, come with the other sandboxes (40-sandboxes.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
npm_ci_pinned tools/srt "the pinned sandbox runtime (srt)"
