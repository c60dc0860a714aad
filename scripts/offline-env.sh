# shellcheck shell=bash
# Sourced by the set-up steps (and the kit check): with an offline kit ($HOOKLAB_KIT, set by
# KIT/env.sh), uv, pip and npm install the kit's own tools from the kit, not the registries.
if [ -n "${HOOKLAB_KIT:-}" ]; then
  export UV_OFFLINE=1 UV_NO_INDEX=1 UV_FIND_LINKS="$HOOKLAB_KIT/wheels"
  export PIP_NO_INDEX=1 PIP_FIND_LINKS="$HOOKLAB_KIT/wheels"
  export npm_config_cache="$HOOKLAB_KIT/npm-cache" npm_config_offline=true
fi
