#!/usr/bin/env bash
# Sandboxes for the rehearsal: bubblewrap, the Docker engine (docker.io) and gVisor (runsc), and
# what srt (tools/srt, 36-srt.sh) needs on Linux beside bubblewrap: socat and ripgrep.
# gVisor is optional: when apt cannot provide it, the kit reports the gvisor backend unavailable.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
if ! command -v runsc >/dev/null 2>&1 && command -v apt-cache >/dev/null 2>&1; then
  policy=$(apt-cache policy runsc 2>/dev/null || true)
  if [[ $policy == *"Candidate: "[0-9]* ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends runsc \
      >/dev/null 2>&1 || say "gVisor (runsc) could not be installed; the gvisor backend stays off"
  else
    say "apt has no runsc here; the gvisor backend stays off"
  fi
fi
