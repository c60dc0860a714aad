#!/usr/bin/env bash
# Strict nbval over every notebook and lab solution, with the kit's sanitize file (paths, ports,
# times, versions), in two workers (a notebook keeps about one core busy; each worker has its
# own work folder, see conftest.py). Extra arguments go to pytest, e.g. scripts/nbval.sh -q
#   NBVAL_WORKERS=1 scripts/nbval.sh    one notebook at a time
#   NBVAL_ENGLISH=1 scripts/nbval.sh    the English edition (notebooks/en/, labs/en/) too
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
workers=${NBVAL_WORKERS:-2}
parallel=()
[ "$workers" -gt 1 ] && parallel=(-n "$workers" --dist loadfile)
english=()
[ "${NBVAL_ENGLISH:-}" = 1 ] && english=(notebooks/en/*.ipynb labs/en/*/solution.ipynb)
exec .venv/bin/pytest -p no:cacheprovider --nbval --nbval-sanitize-with tests/nbval-sanitize.cfg \
  --nbval-current-env -o testpaths= "${parallel[@]}" "$@" notebooks/*.ipynb "${english[@]}" labs/*/solution.ipynb
