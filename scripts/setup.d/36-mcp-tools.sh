#!/usr/bin/env bash
# Anthropic's tools for MCP servers, each pinned in its own folder and installed from its
# lockfile with install scripts off: the sandbox runtime (tools/srt), the kit's srt sandbox
# backend, whose system needs (socat, ripgrep) come with the other sandboxes (40-sandboxes.sh);
# and the MCP bundle CLI (tools/mcpb), which packs a server into an .mcpb (notebook 12).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
npm_ci_pinned tools/srt "the pinned sandbox runtime (srt)"
npm_ci_pinned tools/mcpb "the pinned MCP bundle CLI (mcpb)"
