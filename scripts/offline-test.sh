#!/usr/bin/env bash
# The offline kit's proof (issue 7): collect the kit, install from it with no network
# (offline-bundle.sh --verify), then run every notebook and lab solution, and the tests that
# reach a public registry (pytest marker `network`), in a network namespace whose only interface
# is lo, with nothing but the kit. Fresh work and cache folders, so nothing fetched earlier can
# stand in for the kit. The kit is collected again only when what it holds changed (the digest
# of the files that decide its contents, kept in KIT/INPUTS.sha256).
#   scripts/offline-test.sh [KIT]    (default: .hooklab/offline-kit; needs root for unshare -n)
#   OFFLINE_TESTS="-m network -n 2 --dist loadfile"   which tests run offline (pytest arguments)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh
kit=$(realpath -m "${1:-.hooklab/offline-kit}")
[ "$(id -u)" = 0 ] || die "the offline test needs root: it cuts the network with unshare -n"
for tool in unshare ip; do
  command -v $tool >/dev/null 2>&1 || die "$tool is missing (util-linux, iproute2); run make setup"
done

# Everything that decides what the kit holds: the lockfiles, what the notebooks fetch, the
# fixtures' own dependencies, and the collecting scripts.
inputs() {
  sha256sum requirements.lock tools/uv-requirements.txt tools/guarddog/requirements.txt \
    tools/*/package-lock.json src/hooklab/offline.py src/hooklab/defences/wheelhouse.py \
    scripts/offline-bundle.sh malicious_fixtures/*/package/package.json \
    malicious_fixtures/*/package/npm-shrinkwrap.json 2>/dev/null | sha256sum | cut -d' ' -f1
}
digest=$(inputs)
if [ -f "$kit/INPUTS.sha256" ] && [ "$(cat "$kit/INPUTS.sha256")" = "$digest" ] &&
   (cd "$kit" && sha256sum --quiet -c MANIFEST.sha256 2>/dev/null); then
  say "the offline kit in $kit is up to date (same inputs); not collecting it again"
else
  rm -f "$kit/INPUTS.sha256"
  bash scripts/offline-bundle.sh --no-apt "$kit" || die "could not collect the offline kit"
  echo "$digest" >"$kit/INPUTS.sha256"
fi
bash scripts/offline-bundle.sh --verify "$kit" || die "the kit does not install offline"
# Under .hooklab/ like the usual work folder, so the notebooks' paths sanitize the same way.
mkdir -p .hooklab
scratch=$(mktemp -d "$PWD/.hooklab/offline-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
say "running the tests and notebooks with no network, from $kit only"
# shellcheck disable=SC2016
unshare -n env KIT="$kit" SCRATCH="$scratch" TESTS="${OFFLINE_TESTS--m network -n 2 --dist loadfile}" \
  bash -uo pipefail -c '
  . scripts/lib.sh
  lo_only
  . "$KIT/env.sh"
  export HOOKLAB_WORK="$SCRATCH/work" UV_CACHE_DIR="$SCRATCH/uv-cache" PIP_NO_CACHE_DIR=1
  status=0
  bash scripts/nbval.sh -q || status=1
  # shellcheck disable=SC2086
  .venv/bin/pytest tests -p no:cacheprovider -q $TESTS || status=1
  exit $status
'
