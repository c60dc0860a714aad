#!/usr/bin/env bash
# The offline kit's proof (issue 7): collect the kit, install from it with no network
# (offline-bundle.sh --verify), then run the tests and every notebook and lab solution in a
# network namespace whose only interface is lo, with nothing but the kit.
# Fresh work and cache folders, so nothing fetched earlier can stand in for the kit.
#   scripts/offline-test.sh [KIT]    (default: .hooklab/offline-kit; needs root for unshare -n)
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
kit=$(realpath -m "${1:-.hooklab/offline-kit}")
[ "$(id -u)" = 0 ] || die "the offline test needs root: it cuts the network with unshare -n"
for tool in unshare ip; do
  command -v $tool >/dev/null 2>&1 || die "$tool is missing (util-linux, iproute2); run make setup"
done

bash scripts/offline-bundle.sh --no-apt "$kit" || die "could not collect the offline kit"
bash scripts/offline-bundle.sh --verify "$kit" || die "the kit does not install offline"
# Under .hooklab/ like the usual work folder, so the notebooks' paths sanitize the same way.
mkdir -p .hooklab
scratch=$(mktemp -d "$PWD/.hooklab/offline-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
say "running the tests and notebooks with no network, from $kit only"
# shellcheck disable=SC2016
unshare -n env KIT="$kit" SCRATCH="$scratch" bash -uo pipefail -c '
  . scripts/lib.sh
  lo_only
  . "$KIT/env.sh"
  export HOOKLAB_WORK="$SCRATCH/work" UV_CACHE_DIR="$SCRATCH/uv-cache" PIP_NO_CACHE_DIR=1
  status=0
  .venv/bin/pytest tests -p no:cacheprovider -q || status=1
  bash scripts/nbval.sh -q || status=1
  exit $status
'
