#!/usr/bin/env bash
# Pinned Node tooling in tools/node (Verdaccio, npm 12, the Node 22 npm 12 needs), from its
# lockfile. None of these packages needs an install script; the kit practises what it teaches.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
npm_ci_pinned tools/node "the pinned Node tools"
