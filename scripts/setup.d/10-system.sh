#!/usr/bin/env bash
# System tools: Python with venv, Node with npm, strace (the watcher), bubblewrap (a sandbox),
# git, iproute2 (the offline test) and shellcheck (make lint).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
need=()
command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3 python3-venv)
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v strace >/dev/null 2>&1 || need+=(strace)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v git >/dev/null 2>&1 || need+=(git)
command -v ip >/dev/null 2>&1 || need+=(iproute2)  # the offline test brings up lo in a namespace
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)  # make lint, the lint phase of make test
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  die "hooklab needs Python 3.11 or newer; found $(python3 --version)"
