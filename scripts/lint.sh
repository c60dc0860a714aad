#!/usr/bin/env bash
# The static checks `make lint` and `make test` share: ruff (rules and format), mypy over the
# package (settings in pyproject.toml) and shellcheck over the shell scripts (.shellcheckrc).
# Every check runs even when one fails; the exit code says whether any did. Without shellcheck the
# check is skipped with a note, except under CI=true, where set-up has installed it: there it fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bin=.venv/bin
status=0
check() { # NAME CMD...: run CMD, note a failure under NAME
  local name=$1
  shift
  "$@" || { echo "lint: $name failed" >&2; status=1; }
}

check "ruff check" "$bin/ruff" check conftest.py src tests scripts benchmarks
check "ruff format" "$bin/ruff" format --check conftest.py src tests scripts benchmarks
check mypy "$bin/mypy"
if command -v shellcheck >/dev/null 2>&1; then
  check shellcheck shellcheck scripts/*.sh scripts/*/*.sh .ci/run
elif [ "${CI:-}" = true ]; then
  echo "lint: shellcheck is missing (scripts/setup.d/10-system.sh installs it)" >&2
  status=1
else
  echo "lint: shellcheck is not installed; skipped (make setup installs it)" >&2
fi
exit $status
