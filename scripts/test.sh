#!/usr/bin/env bash
# Everything `make test` checks: lint, pytest, then nbval over every notebook and lab solution,
# then every notebook a second time with the network cut and only the offline kit
# (scripts/offline-test.sh, root): the second run is both the idempotence proof and the offline
# proof. Tests that reach a public registry (marker `network`) run once more offline too.
# Services the tests need are started by scripts/services.sh and stopped on the way out.
# The time of each phase is printed at the end and kept in $HOOKLAB_WORK/test-phases.tsv
# (`make bench` shows it).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh
bin=.venv/bin
export HOOKLAB_WORK="${HOOKLAB_WORK:-$PWD/.hooklab}"
mkdir -p "$HOOKLAB_WORK"
phases=$(mktemp)

bash scripts/services.sh start || die "could not start the services the tests need"
trap 'bash scripts/services.sh stop; rm -f "$phases" "$phases.cpu"' EXIT

status=0
# cpu: sets $cpu to the CPU seconds (user + system) this shell's finished children have used so
# far (`times` runs in this shell: in a pipeline or $(...) it would count a subshell's children).
cpu() {
  times >"$phases.cpu"
  cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%d", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$phases.cpu")
}
# phase NAME CMD...: run CMD, note its wall and CPU time, keep the worst exit code. CPU time over
# wall time says how busy the two cores were (2 = both, all along).
phase() {
  local name=$1 start=$SECONDS used rc
  cpu
  used=$cpu
  shift
  "$@"
  rc=$?
  cpu
  printf '%s\t%s\t%s\t%s\n' "$name" $((SECONDS - start)) "$rc" $((cpu - used)) >>"$phases"
  [ $rc -eq 0 ] || status=$rc
}

phase lint bash scripts/lint.sh
# Three workers on two cores: many tests wait on a registry, a container or a server, and a third
# worker fills those waits (PYTEST_WORKERS=2 for fewer).
phase pytest $bin/pytest tests -p no:cacheprovider -n "${PYTEST_WORKERS:-3}" --dist loadfile \
  --durations=15

# Every notebook and lab solution once online, then once more offline (below), with a check
# after each that they left no listening port or kit process behind. The English edition runs in
# the first round only: its code cells are the Korean ones (tests/test_english_edition.py).
state=$(mktemp)
$bin/python scripts/leftovers.py save "$state"
echo "== nbval, round 1 of 2 (online)"
phase nbval-online env NBVAL_ENGLISH=1 bash scripts/nbval.sh
sleep 2
phase leftovers-1 $bin/python scripts/leftovers.py check "$state"
if [ "$(id -u)" = 0 ]; then
  echo "== nbval, round 2 of 2 (offline), and the tests that reach a registry"
  phase offline bash scripts/offline-test.sh
elif [ "${CI:-}" = true ]; then
  echo "test: the offline round needs root (unshare -n); CI runs as root" >&2; status=1
else
  echo "== nbval, round 2 of 2 (online: the offline round needs root, sudo make test-offline)"
  phase nbval-again bash scripts/nbval.sh
fi
sleep 2
phase leftovers-2 $bin/python scripts/leftovers.py check "$state"
rm -f "$state"

echo "== time per phase (s)"
awk -F'\t' '{ printf "  %-14s %5d s  (CPU %5d s)%s\n", $1, $2, $4, ($3 == 0 ? "" : "  (failed)") }' "$phases"
cp "$phases" "$HOOKLAB_WORK/test-phases.tsv"
exit $status
