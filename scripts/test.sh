#!/usr/bin/env bash
# Everything `make test` checks: lint, pytest, then nbval over every notebook and lab solution.
# Services the tests need are started by scripts/services.sh and stopped on the way out.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bin=.venv/bin
export HOOKLAB_WORK="${HOOKLAB_WORK:-$PWD/.hooklab}"

bash scripts/services.sh start || die "could not start the services the tests need"
trap 'bash scripts/services.sh stop' EXIT

status=0
$bin/ruff check src tests scripts benchmarks || status=1
$bin/ruff format --check src tests scripts benchmarks || status=1

$bin/pytest tests -p no:cacheprovider
rc=$?; [ $rc -eq 0 ] || status=$rc

# Every notebook and lab solution, twice in a row (a second run must reproduce the outputs too),
# then a check that they left no listening port or kit process behind.
mapfile -t notebooks < <(ls notebooks/*.ipynb labs/*/solution.ipynb 2>/dev/null)
if [ ${#notebooks[@]} -gt 0 ]; then
  state=$(mktemp)
  $bin/python scripts/leftovers.py save "$state"
  for round in 1 2; do
    echo "== nbval, round $round of 2"
    $bin/pytest -p no:cacheprovider --nbval --nbval-sanitize-with tests/nbval-sanitize.cfg \
      --nbval-current-env -o testpaths= "${notebooks[@]}"
    rc=$?; [ $rc -eq 0 ] || status=$rc
  done
  sleep 2
  $bin/python scripts/leftovers.py check "$state" || status=1
  rm -f "$state"
fi
exit $status
