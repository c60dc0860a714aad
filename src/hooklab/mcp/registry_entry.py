"""What a server taken from the MCP registry or from an .mcpb file is pinned by.

A registry entry (server.json) names each way to get the server: an npm or PyPI package with a
version, an OCI image, or an .mcpb bundle with the sha256 of its bytes. An .mcpb file on disk is
pinned by its own bytes. Both are audited like a client's config entry: pinned or floating, and
why; a malformed entry is a one-line note, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hooklab.lang import Catalogue, Text, both, in_both
from hooklab.mcp.bundle import SHA256, sha256_of
from hooklab.mcp.checks import FOUND, spec_finding
from hooklab.mcp.config import ConfigProblem, read_config_bytes
from hooklab.mcp.report import ConfigFinding, ServerAudit
from hooklab.mcp.specs import Spec, docker_spec, npm_spec, pypi_spec
from hooklab.safetext import shown

MAX_PACKAGES = 100
_LAUNCHERS = {"npm": "npx", "pypi": "uvx", "oci": "docker", "mcpb": "mcpb"}
CLIENT = "MCP registry (server.json)"
SAID: Catalogue = {
    "not-json": both("JSON이 아닙니다", "not JSON"),
    "no-packages": both(
        "packages 목록이 없습니다. 레지스트리 server.json이 아닙니다",
        "no packages list; not a registry server.json",
    ),
    "many": both(
        "{path}: 패키지가 {n}개를 넘습니다. 나머지는 감사하지 않았습니다",
        "{path}: more than {n} packages; the rest not audited",
    ),
    "bad-package": both(
        "{path}: 패키지 {n}은(는) registryType이 있는 객체가 아닙니다",
        "{path}: package {n} is not an object with a registryType",
    ),
}


def is_server_json(path: Path) -> bool:
    """A file to read as a registry entry rather than a client config: by name, or by content
    (a top-level `packages` list beside a `name`)."""
    if path.name == "server.json":
        return True
    if path.suffix != ".json":
        return False
    try:
        data = json.loads(read_config_bytes(path)[0])
    except (ConfigProblem, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and isinstance(data.get("packages"), list) and "name" in data


def audit_bundle_file(path: Path) -> ServerAudit:
    """An .mcpb on disk: pinned by its bytes, as long as it is this file that is installed."""
    try:
        digest = sha256_of(path) if path.is_file() and not path.is_symlink() else ""
    except OSError:
        digest = ""
    if not digest:
        finding = ConfigFinding.of("bad-spec", "high", in_both(FOUND, "unreadable"))
        return ServerAudit(
            str(path), "MCP bundle (.mcpb)", path.name, "mcpb", path.name, "unknown", [finding]
        )
    return ServerAudit(
        str(path),
        "MCP bundle (.mcpb)",
        shown(path.stem),
        "mcpb",
        shown(path.name),
        "pinned",
        proposal=f"sha256 {digest}: keep this digest beside the file and check it before install",
    )


def audit_server_json(path: Path) -> tuple[list[ServerAudit], list[Text]]:
    """Each package of a registry entry, and one-line notes on packages that could not be read;
    ConfigProblem when the file itself cannot be."""
    try:
        data = json.loads(read_config_bytes(path)[0])
    except (ValueError, RecursionError):
        raise ConfigProblem(in_both(SAID, "not-json")) from None
    if not isinstance(data, dict) or not isinstance(data.get("packages"), list):
        raise ConfigProblem(in_both(SAID, "no-packages"))
    server = shown(str(data.get("name", "?")))[:200]
    audits: list[ServerAudit] = []
    notes: list[Text] = []
    for index, package in enumerate(data["packages"]):
        if index == MAX_PACKAGES:
            notes.append(in_both(SAID, "many", path=path, n=MAX_PACKAGES))
            break
        audit = _package(str(path), server, package)
        if audit is None:
            notes.append(in_both(SAID, "bad-package", path=path, n=index + 1))
        else:
            audits.append(audit)
    return audits, notes


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _package(file: str, server: str, package: Any) -> ServerAudit | None:
    if not isinstance(package, dict) or not isinstance(package.get("registryType"), str):
        return None
    kind = package["registryType"]
    identifier, version = _text(package.get("identifier")), _text(package.get("version"))
    launcher = _LAUNCHERS.get(kind, "other")
    audit = ServerAudit(file, CLIENT, server, launcher, shown(identifier)[:300], "unknown")
    if kind == "mcpb":
        sha = _text(package.get("fileSha256"))
        if SHA256.fullmatch(sha):
            audit.pin = "pinned"
            audit.proposal = f"the client checks the download against sha256 {sha}"
        else:
            audit.pin = "floating"
            audit.findings.append(ConfigFinding.of("floating", "medium", in_both(FOUND, "no-sha")))
        return audit
    spec = _spec(kind, identifier, version)
    if spec is None:
        kind_text = repr(shown(kind)[:40])
        audit.findings.append(
            ConfigFinding.of("bad-spec", "high", in_both(FOUND, "unknown-type", kind=kind_text))
        )
        return audit
    audit.pin = spec.pin
    if spec.pin == "invalid":
        audit.findings.append(spec_finding("bad-spec", "high", spec))
    elif spec.pin != "pinned":
        audit.findings.append(spec_finding("floating", "medium", spec))
    return audit


def _spec(kind: str, identifier: str, version: str) -> Spec | None:
    if kind == "npm":
        return npm_spec(f"{identifier}@{version}" if version else identifier)
    if kind == "pypi":
        return pypi_spec(f"{identifier}=={version}" if version else identifier)
    if kind == "oci":
        return docker_spec(identifier)
    return None
