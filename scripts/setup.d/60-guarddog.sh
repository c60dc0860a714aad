#!/usr/bin/env bash
# GuardDog, the scanner `hooklab review` is compared with, in a venv of its own
# (.hooklab/guarddog-venv) from the hashed lockfile: it never touches the kit's .venv.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
lock=tools/guarddog/requirements.txt
venv=.hooklab/guarddog-venv
[ -x .venv/bin/uv ] || die "the kit's uv is missing; run scripts/setup.d/20-python.sh first"
if [ -x "$venv/bin/guarddog" ] && cmp -s "$lock" "$venv/.requirements.stamp"; then
  exit 0
fi
say "installing the pinned GuardDog into $venv"
export PIP_CONFIG_FILE=/dev/null UV_PYTHON_DOWNLOADS=never
mkdir -p .hooklab
.venv/bin/uv venv -q --allow-existing --python python3 "$venv" ||
  die "could not create $venv; check that python3 -m venv works"
.venv/bin/uv pip sync -q --python "$venv/bin/python" --require-hashes "$lock" ||
  die "could not install GuardDog from $lock; check access to PyPI"
"$venv/bin/guarddog" --version >/dev/null 2>&1 || die "GuardDog was installed but does not start"
cp "$lock" "$venv/.requirements.stamp"
