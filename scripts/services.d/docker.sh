#!/usr/bin/env bash
# start|stop a Docker engine for the test run (the docker and gvisor sandboxes need one).
# Starts dockerd only when root and none is running; stop ends only the one this started.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python -m hooklab.watch.sandbox.engine "${1:?usage: docker.sh start|stop}"
