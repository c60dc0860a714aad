"""The checks on one configured server: shell launchers, floating or invalid specs, inline
secrets in env/args/headers, filesystem roots that reach too far, and packages their registry
marks deprecated (npm) or yanked (PyPI)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hooklab.mcp.launch import Launch, parse_launch
from hooklab.mcp.report import ConfigFinding
from hooklab.mcp.resolve import Lookup, Resolver
from hooklab.mcp.secrets import find_spans

_SENSITIVE_DIRS = {".ssh", ".aws", ".gnupg", ".kube", ".docker", ".azure", ".config/gcloud"}
_PLACEHOLDER = re.compile(
    r"^\$\{[^}]*\}$|^<[^>]*>$|^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_]+%$|^(?i:your|xxx|changeme)"
)
_SECRET_NAME = re.compile(
    r"(?i)token|secret|passw|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth"
)
_SECRET_FLAG = re.compile(r"(?i)^--?[\w-]*(token|secret|password|api-?key|key)$")


def _broad_root(value: str, home: Path) -> str | None:
    value = value.split("=", 1)[1] if value.startswith("-") and "=" in value else value
    if value.startswith("-") or not value:
        return None
    norm = value.rstrip("/") or "/"
    homes = {"~", "$HOME", "${HOME}", "%USERPROFILE%", str(home).rstrip("/")}
    if norm == "/":
        return "the whole filesystem (/)"
    if norm in homes or norm in ("/home", "/Users", "/root"):
        return f"the whole home folder ({value})"
    if re.fullmatch(r"/(home|Users)/[^/]+", norm):
        return f"a whole home folder ({value})"
    for sensitive in _SENSITIVE_DIRS:
        if f"/{sensitive}" in f"/{norm.lstrip('/')}" and (norm.startswith(("/", "~", "$"))):
            return f"a credentials folder ({value})"
    return None


def _inline_secret(name: str, value: str) -> bool:
    value = value.strip()
    if not value or _PLACEHOLDER.search(value):
        return False
    if any(s.kind != "home-path" for s in find_spans(value, name=name)):
        return True
    return bool(_SECRET_NAME.search(name)) and len(value) >= 8


def check_server(
    name: str, entry: dict[str, Any], home: Path
) -> tuple[Launch | None, list[ConfigFinding]]:
    findings: list[ConfigFinding] = []
    if entry.get("url") and not entry.get("command"):
        for key, value in (entry.get("headers") or {}).items():
            if _inline_secret(str(key), str(value)):
                findings.append(
                    ConfigFinding("inline-secret", "high", f"header {key} holds a literal secret")
                )
        return None, findings
    command = str(entry.get("command", ""))
    args = [str(a) for a in entry.get("args") or []]
    launch = parse_launch(command, args)
    if launch.shell:
        findings.append(
            ConfigFinding("shell", "high", "started through a shell (-c): anything can run")
        )
    unasked = launch.launcher == "npx" and bool({"-y", "--yes"}.intersection(args))
    for _, spec in launch.specs:
        if spec.pin == "invalid":
            findings.append(ConfigFinding("bad-spec", "high", f"{spec.raw}: {spec.why}"))
        elif spec.pin == "floating":
            why = f"{spec.why}; -y runs it without asking" if unasked else spec.why
            findings.append(ConfigFinding("floating", "medium", f"{spec.raw}: {why}"))
    env = {str(k): str(v) for k, v in (entry.get("env") or {}).items()}
    env |= dict(p.split("=", 1) for p in launch.env_pairs)
    for key, value in env.items():
        if _inline_secret(key, value):
            findings.append(
                ConfigFinding("inline-secret", "high", f"env {key} holds a literal secret")
            )
    for i, arg in enumerate(args):
        flag = args[i - 1] if i else ""
        if arg in launch.env_pairs:
            continue
        if (_SECRET_FLAG.match(flag) and _inline_secret(flag, arg)) or any(
            s.kind != "home-path" for s in find_spans(arg)
        ):
            findings.append(
                ConfigFinding("inline-secret", "high", f"argument {i + 1} holds a literal secret")
            )
    for value in launch.volumes if launch.launcher == "docker" else args:
        broad = _broad_root(value, home)
        if broad:
            findings.append(ConfigFinding("broad-root", "high", f"gets {broad}"))
    return launch, list(dict.fromkeys(findings))


def deprecation_findings(launch: Launch, resolve: Resolver) -> list[ConfigFinding]:
    """A finding per package the registry marks deprecated or yanked: the pinned version, or the
    newest one for a floating spec (the same look-up that resolves it, so one call a package)."""
    if not isinstance(resolve, Lookup):
        return []
    findings = []
    for _, spec in launch.specs:
        if spec.ecosystem not in ("npm", "pypi") or not spec.in_registry:
            continue
        if spec.pin == "pinned" and not spec.version:
            continue  # a commit or a hashed URL: nothing a registry could say
        if spec.pin not in ("pinned", "floating"):
            continue
        answer = resolve.answer(spec.ecosystem, spec.name, spec.version)
        if not answer.deprecated or answer.version is None:
            continue
        if spec.ecosystem == "npm":
            what = (
                f"{spec.name}@{answer.version} is deprecated on its registry: {answer.deprecated}"
            )
        else:
            what = f"{spec.name}=={answer.version} is yanked on its index: {answer.deprecated}"
        findings.append(ConfigFinding("deprecated", "medium", what))
    return findings
