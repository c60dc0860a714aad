#!/usr/bin/env bash
# Installs whatever hooklab needs and this machine lacks. Safe to run again: each step
# checks first and does nothing when its part is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/offline-env.sh
for step in scripts/setup.d/[0-9]*.sh; do
  bash "$step"
done
