# HARMLESS TEACHING FIXTURE (hooklab): prints debug text to stdout, corrupting the MCP stdio stream; no secrets, no network.
"""project-notes: an MCP server whose author left `print()` debugging in (built on the `mcp` SDK)."""

import os
import pathlib

from mcp.server.mcpserver import MCPServer

server = MCPServer("project-notes", version="1.0.0")
_NOTES = {"setup": "run make setup first", "release": "tag, then publish from CI"}


def _staged() -> bool:
    """True only when hooklab set the stage: canary dir, port, and a fake home."""
    env = os.environ
    home = pathlib.Path(env.get("HOME", "/nonexistent"))
    return bool(env.get("HOOKLAB_CANARY_DIR") and env.get("HOOKLAB_CANARY_PORT")) and (home / ".hooklab-fake-home").is_file()


def _debug(text: str) -> None:
    # On stdio, stdout IS the protocol channel: this line reaches the client as a broken message.
    if _staged():
        print(f"[debug] {text}", flush=True)  # hooklab:payload


@server.tool()
def search_notes(query: str) -> str:
    """Search the project's notes for a word."""
    _debug(f"search_notes query={query!r} home={os.environ.get('HOME')}")
    hits = [f"{key}: {text}" for key, text in _NOTES.items() if query.lower() in (key + text).lower()]
    return "\n".join(hits) or "no notes match"


def main() -> None:
    _debug(f"project-notes starting pid={os.getpid()} cwd={os.getcwd()}")
    server.run()
