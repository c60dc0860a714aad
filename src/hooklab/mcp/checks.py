"""The checks on one configured server: shell launchers, floating or invalid specs, inline
secrets in env/args/headers, filesystem roots that reach too far, and packages their registry
marks deprecated (npm) or yanked (PyPI)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hooklab.lang import Catalogue, both, in_both
from hooklab.mcp.launch import Launch, parse_launch
from hooklab.mcp.report import Check, ConfigFinding, Severity
from hooklab.mcp.resolve import Lookup, Resolver
from hooklab.mcp.secrets import find_spans
from hooklab.mcp.specs import Spec
from hooklab.safetext import shown

_SENSITIVE_DIRS = {".ssh", ".aws", ".gnupg", ".kube", ".docker", ".azure", ".config/gcloud"}
_PLACEHOLDER = re.compile(
    r"^\$\{[^}]*\}$|^<[^>]*>$|^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_]+%$|^(?i:your|xxx|changeme)"
)
_SECRET_NAME = re.compile(
    r"(?i)token|secret|passw|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth"
)
_SECRET_FLAG = re.compile(r"(?i)^--?[\w-]*(token|secret|password|api-?key|key)$")

FOUND: Catalogue = {
    "header-secret": {
        "en": "header {name} holds a literal secret",
        "ko": "헤더 {name}에 비밀 값이 그대로 적혀 있습니다",
    },
    "env-secret": {
        "en": "env {name} holds a literal secret",
        "ko": "환경 변수 {name}에 비밀 값이 그대로 적혀 있습니다",
    },
    "arg-secret": {
        "en": "argument {n} holds a literal secret",
        "ko": "{n}번째 인자에 비밀 값이 그대로 적혀 있습니다",
    },
    "shell": {
        "en": "started through a shell (-c): anything can run",
        "ko": "셸(-c)을 거쳐 시작합니다: 무엇이든 실행될 수 있습니다",
    },
    "unasked": {"en": "; -y runs it without asking", "ko": "; -y 때문에 묻지 않고 실행합니다"},
    "root": {"en": "gets the whole filesystem (/)", "ko": "파일 시스템 전체(/)를 받습니다"},
    "home": {
        "en": "gets the whole home folder ({value})",
        "ko": "홈 폴더 전체({value})를 받습니다",
    },
    "a-home": {
        "en": "gets a whole home folder ({value})",
        "ko": "어떤 사용자의 홈 폴더 전체({value})를 받습니다",
    },
    "credentials": {
        "en": "gets a credentials folder ({value})",
        "ko": "자격 증명 폴더({value})를 받습니다",
    },
    "deprecated": {
        "en": "{name}@{version} is deprecated on its registry: {why}",
        "ko": "{name}@{version}은 레지스트리에서 폐기(deprecated) 표시가 붙어 있습니다: {why}",
    },
    "unreadable": {"en": "not a readable regular file", "ko": "읽을 수 있는 일반 파일이 아닙니다"},
    "no-sha": {
        "en": "no fileSha256: the bundle's bytes can change",
        "ko": "fileSha256이 없습니다: 번들의 바이트가 바뀔 수 있습니다",
    },
    "unknown-type": {"en": "unknown registryType {kind}", "ko": "알 수 없는 registryType {kind}"},
    "yanked": {
        "en": "{name}=={version} is yanked on its index: {why}",
        "ko": "{name}=={version}은 인덱스에서 철회(yanked)되었습니다: {why}",
    },
}


def _broad_root(value: str, home: Path) -> str | None:
    """The FOUND key of what a filesystem root `value` reaches, when it reaches too far."""
    if value.startswith("-") or not value:
        return None
    norm = value.rstrip("/") or "/"
    homes = {"~", "$HOME", "${HOME}", "%USERPROFILE%", str(home).rstrip("/")}
    if norm == "/":
        return "root"
    if norm in homes or norm in ("/home", "/Users", "/root"):
        return "home"
    if re.fullmatch(r"/(home|Users)/[^/]+", norm):
        return "a-home"
    for sensitive in _SENSITIVE_DIRS:
        if f"/{sensitive}" in f"/{norm.lstrip('/')}" and (norm.startswith(("/", "~", "$"))):
            return "credentials"
    return None


def _inline_secret(name: str, value: str) -> bool:
    value = value.strip()
    if not value or _PLACEHOLDER.search(value):
        return False
    if any(s.kind != "home-path" for s in find_spans(value, name=name)):
        return True
    return bool(_SECRET_NAME.search(name)) and len(value) >= 8


def spec_finding(
    check: Check, severity: Severity, spec: Spec, unasked: bool = False
) -> ConfigFinding:
    """A finding on a spec that is not pinned or not valid: the spec, then why (both languages)."""
    more = in_both(FOUND, "unasked") if unasked else both("", "")
    return ConfigFinding(
        check,
        severity,
        f"{shown(spec.raw)}: {spec.why}{more['en']}",
        f"{shown(spec.raw)}: {spec.why_ko}{more['ko']}",
    )


def check_server(
    name: str, entry: dict[str, Any], home: Path
) -> tuple[Launch | None, list[ConfigFinding]]:
    findings: list[ConfigFinding] = []
    if entry.get("url") and not entry.get("command"):
        for key, value in (entry.get("headers") or {}).items():
            if _inline_secret(str(key), str(value)):
                findings.append(
                    ConfigFinding.of(
                        "inline-secret", "high", in_both(FOUND, "header-secret", name=key)
                    )
                )
        return None, findings
    command = str(entry.get("command", ""))
    args = [str(a) for a in entry.get("args") or []]
    launch = parse_launch(command, args)
    if launch.shell:
        findings.append(ConfigFinding.of("shell", "high", in_both(FOUND, "shell")))
    unasked = launch.launcher == "npx" and bool({"-y", "--yes"}.intersection(args))
    for _, spec in launch.specs:
        if spec.pin == "invalid":
            findings.append(spec_finding("bad-spec", "high", spec))
        elif spec.pin == "floating":
            findings.append(spec_finding("floating", "medium", spec, unasked))
    env = {str(k): str(v) for k, v in (entry.get("env") or {}).items()}
    env |= dict(p.split("=", 1) for p in launch.env_pairs)
    for key, value in env.items():
        if _inline_secret(key, value):
            findings.append(
                ConfigFinding.of("inline-secret", "high", in_both(FOUND, "env-secret", name=key))
            )
    for i, arg in enumerate(args):
        flag = args[i - 1] if i else ""
        if arg in launch.env_pairs:
            continue
        if (_SECRET_FLAG.match(flag) and _inline_secret(flag, arg)) or any(
            s.kind != "home-path" for s in find_spans(arg)
        ):
            findings.append(
                ConfigFinding.of("inline-secret", "high", in_both(FOUND, "arg-secret", n=i + 1))
            )
    for value in launch.volumes if launch.launcher == "docker" else args:
        value = value.split("=", 1)[1] if value.startswith("-") and "=" in value else value
        broad = _broad_root(value, home)
        if broad:
            findings.append(
                ConfigFinding.of("broad-root", "high", in_both(FOUND, broad, value=value))
            )
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
        key = "deprecated" if spec.ecosystem == "npm" else "yanked"
        what = in_both(FOUND, key, name=spec.name, version=answer.version, why=answer.deprecated)
        findings.append(ConfigFinding.of("deprecated", "medium", what))
    return findings
