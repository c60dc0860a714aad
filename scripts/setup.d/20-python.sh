#!/usr/bin/env bash
# The kit's own Python environment in .venv, installed from the hashed lockfile with uv.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  python3 -m venv .venv
fi
if [ ! -x .venv/bin/uv ] || ! cmp -s tools/uv-requirements.txt .venv/.uv-requirements.stamp; then
  say "installing the pinned uv into .venv"
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r tools/uv-requirements.txt
  cp tools/uv-requirements.txt .venv/.uv-requirements.stamp
fi
if ! cmp -s requirements.lock .venv/.requirements.stamp || ! .venv/bin/python -c 'import hooklab' 2>/dev/null; then
  say "installing the locked Python packages into .venv"
  .venv/bin/uv pip sync -q --python .venv/bin/python --require-hashes requirements.lock
  .venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
  cp requirements.lock .venv/.requirements.stamp
fi
