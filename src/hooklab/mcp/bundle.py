"""MCP bundles (.mcpb): a server packed with its dependencies by the real `mcpb` CLI, the sha256
a registry's server.json pins it by, and starting one with nothing installed on the reader's side.

The author's side runs the install (`npm ci`, here with install scripts off) and packs the result;
the reader's side checks the digest, unpacks and starts `node`: no npm, no registry, no hook.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.model import RunResult
from hooklab.paths import fixtures_dir, work_dir
from hooklab.procs import run
from hooklab.safefile import read_regular
from hooklab.safetext import shown
from hooklab.tools import last_line, npm_said

MANIFEST_MAX = 256 * 1024  # bytes of an unpacked bundle's manifest.json that are read
SHA256 = re.compile(r"[0-9a-f]{64}")
_DIRNAME = "${__dirname}"


@dataclass(frozen=True)
class Bundle:
    """One .mcpb file and the digest that pins its bytes."""

    path: Path
    sha256: str
    size: int


def mcpb_argv() -> list[str]:
    """The pinned mcpb CLI (tools/mcpb), run by the kit's Node 22."""
    from hooklab.defences.nodetools import installed, node22

    cli = installed("@anthropic-ai/mcpb/dist/cli/cli.js", "mcpb", tools="mcpb")
    return [str(node22()), str(cli)]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(name: str, version: str, description: str, entry: str) -> dict[str, Any]:
    return {
        "manifest_version": "0.3",
        "name": name,
        "version": version,
        "description": description,
        "author": {"name": "hooklab (teaching fixture)"},
        "server": {
            "type": "node",
            "entry_point": entry,
            "mcp_config": {"command": "node", "args": [f"{_DIRNAME}/{entry}"]},
        },
    }


def pack_fixture(name: str = "mcp-npx-leaky", out: Path | None = None) -> tuple[Bundle, RunResult]:
    """Pack an npm MCP fixture the way its author would: `npm ci` (install scripts off) in a copy
    of the package, a manifest, then `mcpb pack`. Returns the bundle and the author's install."""
    from hooklab.fixtures import get_fixture
    from hooklab.watch import watch

    fx = get_fixture(name)
    if fx.ecosystem != "npm" or not fx.mechanism.startswith("mcp-"):
        raise HooklabError(
            both(
                f"픽스처 {name}은(는) npm MCP 서버가 아닙니다. mcp-npx-leaky를 묶으세요",
                f"fixture {name} is not an npm MCP server; pack mcp-npx-leaky",
            )
        )
    folder = Path(tempfile.mkdtemp(prefix="mcpb-", dir=work_dir()))
    try:
        stage = folder / "server"
        shutil.copytree(fixtures_dir() / name / "package", stage)
        install = watch(
            ["npm", "ci", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund"], cwd=stage
        )
        if install.exit_code != 0:
            said = npm_said(install.stderr)
            raise HooklabError(
                both(
                    f"번들을 위한 npm ci가 실패했습니다: {said}",
                    f"npm ci for the bundle failed: {said}",
                )
            )
        package = json.loads((stage / "package.json").read_text())
        manifest = _manifest(
            package["name"], package["version"], package.get("description", ""), "index.js"
        )
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2))
        out = out or work_dir() / "mcpb" / f"{package['name']}-{package['version']}.mcpb"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        proc = run([*mcpb_argv(), "pack", str(stage), str(out)], "mcpb pack", timeout=300)
        if proc.returncode != 0 or not out.is_file():
            said = last_line(proc.stderr or proc.stdout)
            raise HooklabError(
                both(f"mcpb pack이 실패했습니다: {said}", f"mcpb pack failed: {said}")
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Bundle(out, sha256_of(out), out.stat().st_size), install


def unpack_verified(path: Path, sha256: str, into: Path) -> Path:
    """Unpack the bundle at `path` into the new folder `into`, only if its bytes have the pinned
    digest (as a client checks server.json's fileSha256 before it installs)."""
    if not SHA256.fullmatch(sha256):
        raise HooklabError(
            both(
                "고정한 sha256은 소문자 16진수 64자리여야 합니다",
                "the pinned sha256 must be 64 lowercase hex digits",
            )
        )
    found = sha256_of(path)
    if found != sha256:
        raise HooklabError(
            both(
                f"{shown(path.name)}: sha256 {found[:16]}…은(는) 고정한 값({sha256[:16]}…)과"
                " 다릅니다. 풀지 않았습니다",
                f"{shown(path.name)}: sha256 {found[:16]}… is not the pinned {sha256[:16]}…; "
                "not unpacked",
            )
        )
    if into.exists():
        raise HooklabError(
            both(
                f"{shown(into)}이(가) 이미 있습니다. 새 폴더에 푸세요",
                f"{shown(into)} exists already; unpack into a new folder",
            )
        )
    proc = run([*mcpb_argv(), "unpack", str(path), str(into)], "mcpb unpack", timeout=300)
    if proc.returncode != 0:
        said = last_line(proc.stderr or proc.stdout)
        raise HooklabError(
            both(f"mcpb unpack이 실패했습니다: {said}", f"mcpb unpack failed: {said}")
        )
    return into


def launch_argv(unpacked: Path) -> list[str]:
    """The command an unpacked node bundle's manifest gives, with `${__dirname}` filled in. Only
    `node` with files inside the bundle is accepted: a manifest is the bundle author's input."""
    raw = read_regular(unpacked / "manifest.json", MANIFEST_MAX)
    if raw is None or len(raw) > MANIFEST_MAX:
        raise HooklabError(
            both(
                "번들에 읽을 수 있는 manifest.json이 없습니다 (없거나, 링크이거나, 너무 큽니다)",
                "the bundle has no readable manifest.json (missing, a link or too big)",
            )
        )
    try:
        config = json.loads(raw)["server"]["mcp_config"]
        command, args = config["command"], config.get("args", [])
    except (ValueError, KeyError, TypeError):
        raise HooklabError(
            both(
                "번들의 manifest.json에 server.mcp_config command가 없습니다",
                "the bundle's manifest.json has no server.mcp_config command",
            )
        ) from None
    if command != "node" or not isinstance(args, list) or not args:
        said = shown(str(command))
        raise HooklabError(
            both(
                f"번들이 {said!r}을(를) 시작합니다. 여기서는 node만 실행합니다",
                f"the bundle starts {said!r}; only node is run here",
            )
        )
    root = unpacked.resolve()
    out = []
    for arg in args:
        inside = isinstance(arg, str) and arg.startswith(f"{_DIRNAME}/")
        target = (root / arg[len(_DIRNAME) + 1 :]).resolve() if inside else None
        if target is None or not target.is_relative_to(root) or not target.is_file():
            said = shown(str(arg))
            raise HooklabError(
                both(
                    f"번들 인자 {said!r}은(는) 번들 안의 파일이 아닙니다",
                    f"bundle argument {said!r} is not a file in the bundle",
                )
            )
        out.append(str(target))
    return ["node", *out]
