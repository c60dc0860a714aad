#!/usr/bin/env bash
# start|stop a Docker engine for the test run (the docker and gvisor sandboxes need one).
# Starts dockerd only when root and none is running; stop ends only the one this started.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python -c 'import sys
from hooklab.watch.sandbox.engine import service
sys.exit(service(sys.argv[1]))' "${1:?usage: docker.sh start|stop}"
