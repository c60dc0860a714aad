"""`hooklab vet` targets: what each TARGET string and each config server becomes (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.vet.model import Target, Unvetted
from hooklab.vet.target import config_targets, parse_target

# text -> (ecosystem, name, requested, launcher, program, args)
GOOD = {
    "npm:esbuild@0.24.0": ("npm", "esbuild", "0.24.0", "npx", None, ()),
    "npm:tsx": ("npm", "tsx", "", "npx", None, ()),
    "npm:@scope/pkg@^1.2": ("npm", "@scope/pkg", "^1.2", "npx", None, ()),
    "pypi:black==24.1.0": ("pypi", "black", "==24.1.0", "uvx", None, ()),
    "pypi:mcp-server-fetch": ("pypi", "mcp-server-fetch", "", "uvx", None, ()),
    "pypi:six>=1.16,<1.17": ("pypi", "six", ">=1.16,<1.17", "uvx", None, ()),
    "pypi:black[d] >=24": ("pypi", "black", ">=24", "uvx", None, ()),
    "uvx --from six>=1.16 six": ("pypi", "six", ">=1.16", "uvx", "six", ()),
    "npx -y @modelcontextprotocol/server-filesystem@2025.1.1 /tmp": (
        "npm",
        "@modelcontextprotocol/server-filesystem",
        "2025.1.1",
        "npx",
        None,
        ("/tmp",),
    ),
    "npx -y pkg@1.2.3 --flag": ("npm", "pkg", "1.2.3", "npx", None, ("--flag",)),
    "npx -y -p a@1.0.0 -- cmd --flag": ("npm", "a", "1.0.0", "npx", "cmd", ("--flag",)),
    "npx -y alias@npm:react@18.2.0": ("npm", "react", "18.2.0", "npx", None, ()),
    "uvx --from mcp-server-git==0.6.2 mcp-server-git --repository .": (
        "pypi",
        "mcp-server-git",
        "==0.6.2",
        "uvx",
        "mcp-server-git",
        ("--repository", "."),
    ),
    "uvx mcp-server-time@0.6.2 --local-timezone=UTC": (
        "pypi",
        "mcp-server-time",
        "==0.6.2",
        "uvx",
        None,
        ("--local-timezone=UTC",),
    ),
    "uv tool run ruff@0.5.0 check": ("pypi", "ruff", "==0.5.0", "uvx", None, ("check",)),
    "pnpm dlx pkg@1.0.0 a": ("npm", "pkg", "1.0.0", "pnpm-dlx", None, ("a",)),
    "bunx pkg --x": ("npm", "pkg", "", "bunx", None, ("--x",)),
    "yarn dlx -p pkg@2 cmd arg": ("npm", "pkg", "2", "yarn-dlx", "cmd", ("arg",)),
    "pipx run --spec black==24.1.0 black --check": (
        "pypi",
        "black",
        "==24.1.0",
        "pipx",
        "black",
        ("--check",),
    ),
    "pipx run black==24.1.0 x": ("pypi", "black", "==24.1.0", "pipx", None, ("x",)),
}


@pytest.mark.parametrize("text", list(GOOD))
def test_targets(text: str) -> None:
    t = parse_target(text)
    assert (t.ecosystem, t.name, t.requested, t.launcher, t.program, t.args) == GOOD[text]


BAD = {
    "npm:--registry=x": "option",
    "npx -y -- -rf": "option",
    "pypi:--index-url=http://x": "option",
    "npm:a\x1b[31m": "not a valid",
    "npx -y evil\x07name": "not a valid",
    "uvx --from pkg==1 -- --python": "not a program",
    "docker run -i --rm mcp/github": "container image",
    'sh -c "npx -y x"': "shell line",
    "npx ./local.tgz": "local path",
    "npx github:a/b": "git source",
    "pypi:git+https://example.com/x": "git source",
    "node server.js": "not a registry package",
    "npx 'unterminated": "cannot split",
    "": "empty",
    "x" * 5000: "longer than",
}


@pytest.mark.parametrize("text", list(BAD), ids=range(len(BAD)))
def test_hostile_targets_are_one_line_errors(text: str) -> None:
    with pytest.raises(HooklabError) as err:
        parse_target(text)
    message = str(err.value)
    assert BAD[text] in message
    assert "\n" not in message and message.isprintable()


def claude_desktop(tmp_path: Path) -> Path:
    """A Claude Desktop config with one server of each launcher, and some that are no package."""
    servers = {
        "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/d"]},
        "git": {"command": "uvx", "args": ["mcp-server-git", "--repository", "."]},
        "pn": {"command": "pnpm", "args": ["dlx", "tsx@4.19.2", "--version"]},
        "bun": {"command": "bunx", "args": ["tsx"]},
        "px": {"command": "pipx", "args": ["run", "--spec", "mcp-server-time", "mcp-server-time"]},
        "gh": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp"]},
        "local": {"command": "node", "args": ["/opt/server.js"]},
        "remote": {"url": "https://mcp.example.com/sse"},
    }
    path = tmp_path / "Claude" / "claude_desktop_config.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"mcpServers": servers}))
    return path


def test_config_servers(tmp_path: Path) -> None:
    found = config_targets(claude_desktop(tmp_path))
    by_server = {f.server: f for f in found}
    assert len(found) == 8
    targets = {k: v for k, v in by_server.items() if isinstance(v, Target)}
    assert {k: (t.launcher, t.name) for k, t in targets.items()} == {
        "fs": ("npx", "@modelcontextprotocol/server-filesystem"),
        "git": ("uvx", "mcp-server-git"),
        "pn": ("pnpm-dlx", "tsx"),
        "bun": ("bunx", "tsx"),
        "px": ("pipx", "mcp-server-time"),
    }
    skipped = {k: v.problem for k, v in by_server.items() if isinstance(v, Unvetted)}
    assert set(skipped) == {"gh", "local", "remote"}
    assert all(p.startswith("not a registry package") for p in skipped.values())
    assert config_targets(claude_desktop(tmp_path / "b"), "git")[0].server == "git"
    with pytest.raises(HooklabError, match="no server named"):
        config_targets(claude_desktop(tmp_path / "c"), "--nope")


def test_unvetted_json_has_the_report_keys() -> None:
    from hooklab.vet.model import VetReport

    t = parse_target("npm:tsx@4.19.2")
    assert set(Unvetted("s", "c", ("x",), "why").to_dict()) == set(VetReport(t).to_dict())
