#!/usr/bin/env bash
# Strict nbval over every notebook and lab solution, with the kit's sanitize file (paths, ports,
# times, versions). Extra arguments go to pytest, e.g. scripts/nbval.sh -q
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
exec .venv/bin/pytest -p no:cacheprovider --nbval --nbval-sanitize-with tests/nbval-sanitize.cfg \
  --nbval-current-env -o testpaths= "$@" notebooks/*.ipynb labs/*/solution.ipynb
