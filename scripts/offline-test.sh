#!/usr/bin/env bash
# The offline kit's proof (issue 7): collect the kit, install from it with no network
# (offline-bundle.sh --verify), then run every notebook and lab solution, and the tests that
# reach a public registry (pytest marker `network`), in a network namespace whose only interface
# is lo, with nothing but the kit. Fresh work and cache folders, so nothing fetched earlier can
# stand in for the kit; other ports and slower timed runs than the first round, so a saved
# output that depends on either fails. The kit is collected again only when what it holds changed
# (the digest of the files that decide its contents, kept in KIT/INPUTS.sha256).
#   scripts/offline-test.sh [KIT]    (default: .hooklab/offline-kit; needs root for unshare -n)
#   HOOKLAB_KIT_STORE=DIR            where the default kit's machine-wide copy is kept
#                                    (default: ~/.cache/hooklab/offline-kit)
#   OFFLINE_TESTS="-m network"       which tests run offline (pytest arguments)
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
    src/hooklab/labs/tasks/lab08_vet_a_server.py \
    scripts/offline-bundle.sh malicious_fixtures/*/package/package.json \
    malicious_fixtures/*/package/npm-shrinkwrap.json 2>/dev/null | sha256sum | cut -d' ' -f1
}
# current DIR: DIR holds a whole kit collected from the same inputs (its manifest checks out).
current() {
  [ -f "$1/INPUTS.sha256" ] && [ "$(cat "$1/INPUTS.sha256")" = "$digest" ] &&
    (cd "$1" && sha256sum --quiet -c MANIFEST.sha256 2>/dev/null)
}
# A copy of the last kit collected on this machine, so a fresh clone does not fetch 340 MB again
# (hard links where the file system allows; a changed input means a fresh collect).
store=${HOOKLAB_KIT_STORE:-${XDG_CACHE_HOME:-$HOME/.cache}/hooklab/offline-kit}
digest=$(inputs)
started=$SECONDS
if current "$kit"; then
  say "the offline kit in $kit is up to date (same inputs); not collecting it again"
elif [ -z "${1:-}" ] && current "$store"; then
  say "the offline kit comes from this machine's copy in $store (same inputs)"
  rm -rf "$kit" && mkdir -p "$(dirname "$kit")"
  cp -al "$store" "$kit" 2>/dev/null || { rm -rf "$kit"; cp -a "$store" "$kit"; } ||
    die "could not copy the kit from $store"
else
  rm -f "$kit/INPUTS.sha256" "$kit/VERIFIED"
  bash scripts/offline-bundle.sh --no-apt "$kit" || die "could not collect the offline kit"
  echo "$digest" >"$kit/INPUTS.sha256"
  if [ -z "${1:-}" ]; then
    rm -rf "$store" && mkdir -p "$(dirname "$store")"
    cp -al "$kit" "$store" 2>/dev/null || { rm -rf "$store"; cp -a "$kit" "$store"; } ||
      say "could not keep a copy of the kit in $store (the next fresh clone collects it again)"
  fi
fi
say "kit ready in $((SECONDS - started)) s"
started=$SECONDS
# The install proof is kept with the kit (VERIFIED holds the inputs' digest): the same inputs
# make the same kit (its MANIFEST checked above), so it is proved once per kit, not once a run.
if [ "$(cat "$kit/VERIFIED" 2>/dev/null)" = "$digest" ]; then
  say "the kit was installed with no network when it was collected (same inputs); not again"
else
  rm -f "$kit/VERIFIED"
  bash scripts/offline-bundle.sh --verify "$kit" || die "the kit does not install offline"
  echo "$digest" >"$kit/VERIFIED"
  if [ -z "${1:-}" ] && current "$store"; then
    rm -f "$store/VERIFIED" && cp "$kit/VERIFIED" "$store/VERIFIED"
  fi
  say "kit verified in $((SECONDS - started)) s"
fi
# Under .hooklab/ like the usual work folder, so the notebooks' paths sanitize the same way.
mkdir -p .hooklab
scratch=$(mktemp -d "$PWD/.hooklab/offline-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
say "running the tests and notebooks with no network, from $kit only"
# shellcheck disable=SC2016
unshare -n env KIT="$kit" SCRATCH="$scratch" TESTS="${OFFLINE_TESTS--m network}" \
  bash -uo pipefail -c '
  . scripts/lib.sh
  lo_only
  . "$KIT/env.sh"
  export HOOKLAB_WORK="$SCRATCH/work" UV_CACHE_DIR="$SCRATCH/uv-cache" PIP_NO_CACHE_DIR=1
  status=0
  started=$SECONDS
  # Other conditions than round 1, so a saved output that depends on them shows up as a
  # failure (issue 14): another work folder (above), loopback ports of four digits instead of
  # five (this namespace has its own range), and every run the kit times half a second slower.
  echo "2000 9999" >/proc/sys/net/ipv4/ip_local_port_range || status=1
  # The registry tests run beside the notebooks (each keeps about one core busy), in their own
  # work folder; their report is printed when the notebooks are done.
  log="$SCRATCH/network-tests.log"
  # shellcheck disable=SC2086
  HOOKLAB_WORK="$SCRATCH/work-tests" .venv/bin/pytest tests -p no:cacheprovider -q $TESTS \
    >"$log" 2>&1 &
  tests=$!
  HOOKLAB_SLOWDOWN=0.5 bash scripts/nbval.sh -q || status=1
  say "notebooks offline in $((SECONDS - started)) s"
  wait "$tests" || status=1
  cat "$log"
  say "notebooks and network tests offline in $((SECONDS - started)) s"
  exit $status
'
