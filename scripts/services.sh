#!/usr/bin/env bash
# start|stop the background services the tests and notebooks need (one script a service in
# scripts/services.d/, each idempotent and each stopping only what it started).
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:?usage: services.sh start|stop}
shopt -s nullglob
for svc in scripts/services.d/*.sh; do
  bash "$svc" "$action"
done
