"""The program the user asked for: a tiny MCP server on stdio (part of a harmless hooklab fixture)."""

import json
import sys
from importlib.metadata import packages_distributions, version

# The distribution this module was installed from (a mirror may publish it under another name).
NAME = packages_distributions().get(__name__, ["hooklab-takeover-mcp"])[0]


def _answer(method):
    if method == "initialize":
        info = {"name": NAME, "version": version(NAME)}
        return {"protocolVersion": "2025-06-18", "capabilities": {"tools": {}}, "serverInfo": info}
    if method == "tools/list":
        return {"tools": [{"name": "hello", "description": "Say hello", "inputSchema": {"type": "object"}}]}
    return None


def main():
    if "--version" in sys.argv:
        print(f"{NAME} {version(NAME)}")
        return
    for line in sys.stdin:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        result = _answer(msg.get("method"))
        if "id" in msg and result is not None:
            print(json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result}), flush=True)
