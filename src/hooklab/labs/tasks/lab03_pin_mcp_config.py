"""Lab 03: pin every server in an MCP config, then leave the audit nothing to say."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.lang import Text, both
from hooklab.mcp import AuditReport, audit_configs, no_resolver

# A project's .mcp.json (Claude Code) as people copy it from READMEs. The token is fake.
CONFIG: dict[str, Any] = {
    "mcpServers": {
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/"],
        },
        "github": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-github@latest"],
            "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_HOOKLABFAKEgithubTOKEN00000000000000"},
        },
        "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
        "time": {"command": "uvx", "args": ["mcp-server-time==2025.9.25"]},
    }
}
# The newest releases on 2026-11-23 (time: the pin the config already has); the versions "vetted".
VETTED_VERSIONS = {
    "@modelcontextprotocol/server-filesystem": "2026.8.31",
    "@modelcontextprotocol/server-github": "2025.4.8",
    "mcp-server-fetch": "2026.10.24",
    "mcp-server-time": "2025.9.25",
}
_FIX_HINT: dict[str, Text] = {
    "floating": both(
        "버전을 정확히 고정하세요 (npm은 이름@1.2.3, uvx는 이름==1.2.3).",
        "Pin an exact version (npm: name@1.2.3, uvx: name==1.2.3).",
    ),
    "inline-secret": both(
        'Claude Code의 .mcp.json은 "${GITHUB_TOKEN}"처럼 환경 변수를 읽습니다.',
        'Claude Code\'s .mcp.json reads an environment variable when you write "${GITHUB_TOKEN}".',
    ),
    "broad-root": both(
        "파일 시스템 서버에는 프로젝트 폴더 하나만 주세요 (예: /work/project).",
        "Give the filesystem server one project folder only (for example /work/project).",
    ),
    "shell": both(
        "셸을 거치지 말고 실행기(npx/uvx)를 직접 부르세요.",
        "Call the launcher (npx/uvx) directly, not through a shell.",
    ),
}


def mcp_lab_config() -> dict[str, Any]:
    """A fresh copy of the lab's config to edit."""
    return copy.deepcopy(CONFIG)


def audit_mcp_config(config: dict[str, Any]) -> AuditReport:
    """hooklab.mcp's audit of `config` as a project .mcp.json, without asking any registry."""
    with tempfile.TemporaryDirectory(prefix="lab03-") as tmp:
        path = Path(tmp) / ".mcp.json"
        path.write_text(json.dumps(config))
        return audit_configs([path], home=Path(tmp), project=Path(tmp), resolve=no_resolver)


def _report(answer: Any) -> AuditReport:
    if not isinstance(answer, dict) or not isinstance(answer.get("mcpServers"), dict):
        raise Wrong(
            both(
                '설정은 {"mcpServers": {...}} 모양의 dict여야 합니다.',
                'The config must be a dict shaped like {"mcpServers": {...}}.',
            ),
            both(
                "`config = mcp_lab_config()`에서 시작하세요.",
                "Start from `config = mcp_lab_config()`.",
            ),
        )
    wanted, got = set(CONFIG["mcpServers"]), set(answer["mcpServers"])
    if got != wanted:
        missing, added = sorted(wanted - got), sorted(got - wanted)
        raise Wrong(
            both(
                f"서버 목록이 달라졌습니다 (빠짐 {missing}, 추가 {added}).",
                f"The list of servers has changed (missing {missing}, added {added}).",
            ),
            both(
                "서버를 지우면 고정한 것이 아닙니다. 네 서버를 모두 남기세요.",
                "Deleting a server is not pinning it. Keep all four servers.",
            ),
        )
    report = audit_mcp_config(answer)
    for server in report.servers:
        if server.package not in VETTED_VERSIONS:
            raise Wrong(
                both(
                    f"{server.server}의 패키지가 {server.package}(으)로 바뀌었습니다.",
                    f"The package of {server.server} has changed to {server.package}.",
                ),
                both(
                    "패키지는 그대로 두고 버전만 붙이세요.",
                    "Leave the package as it is and add only the version.",
                ),
            )
    return report


def _floating(answer: Any) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong(
            both(
                "서버 이름들의 목록이나 집합을 쓰세요.",
                "Write a list or a set of the servers' names.",
            ),
            both("예: {'filesystem'}", "For example: {'filesystem'}"),
        )
    truth = {s.server for s in audit_mcp_config(CONFIG).servers if s.pin == "floating"}
    got = {str(a) for a in answer}
    if got != truth:
        extra, missed = sorted(got - truth), sorted(truth - got)
        raise Wrong(
            both(
                f"고정되지 않은 서버 목록이 다릅니다 (잘못 넣음: {extra}, 빠뜨림: {missed}).",
                f"That is not the list of unpinned servers (wrongly in: {extra}, left out:"
                f" {missed}).",
            ),
            both(
                "`audit_mcp_config(config).frame()[['server', 'pin']]`의 pin 열을 보세요."
                " @latest도 고정이 아닙니다.",
                "Look at the pin column of `audit_mcp_config(config).frame()[['server', 'pin']]`."
                " @latest is not a pin either.",
            ),
        )


def _pinned(answer: Any) -> None:
    report = _report(answer)
    floating = [s for s in report.servers if s.pin != "pinned"]
    if floating:
        s = floating[0]
        why = next((f for f in s.findings if f.check == "floating"), None)
        ko, en = (why.said("ko"), why.said("en")) if why else (s.pin, s.pin)
        raise Wrong(
            both(
                f"서버 {s.server}의 버전이 아직 고정되지 않았습니다: {ko}",
                f"{s.server} is not pinned yet: {en}",
            ),
            _FIX_HINT["floating"],
        )


def _clean(answer: Any) -> None:
    report = _report(answer)
    for server in report.servers:
        for finding in server.findings:
            where = f"{server.server}: {finding.check} — "
            raise Wrong(
                both(where + finding.said("ko"), where + finding.said("en")),
                _FIX_HINT[finding.check],
            )


LAB = LabSpec(
    id="03-pin-mcp-config",
    title=both("MCP 설정의 모든 서버 고정하기", "Pin every server in an MCP config"),
    tasks=(
        Task(
            "floating",
            both(
                "버전이 고정되지 않은 서버의 이름들",
                "The names of the servers whose version is not pinned",
            ),
            _floating,
            both(
                "`report = audit_mcp_config(mcp_lab_config())` 다음에"
                " `report.frame().query('pin == \"floating\"').server`입니다.",
                "`report = audit_mcp_config(mcp_lab_config())` and then"
                " `report.frame().query('pin == \"floating\"').server`.",
            ),
            both(
                "버전이 없거나 @latest인 서버는 실행할 때마다 새 버전을 받아 옵니다.",
                "A server with no version, or with @latest, fetches a new version every time"
                " it starts.",
            ),
        ),
        Task(
            "pinned",
            both(
                "모든 서버가 정확한 버전으로 고정된 설정 (dict)",
                "A config with every server pinned to an exact version (dict)",
            ),
            _pinned,
            both(
                'npx 인자는 "@modelcontextprotocol/server-filesystem@2026.8.31", uvx 인자는'
                ' "mcp-server-fetch==2026.10.24" 모양입니다.'
                " 버전은 `print(VETTED_VERSIONS)`에 있습니다.",
                'An npx argument looks like "@modelcontextprotocol/server-filesystem@2026.8.31",'
                ' a uvx one like "mcp-server-fetch==2026.10.24".'
                " The versions are in `print(VETTED_VERSIONS)`.",
            ),
            both(
                "이제 새 버전이 나와도 검토 전에는 실행되지 않습니다.",
                "Now a new release does not run until it has been reviewed.",
            ),
        ),
        Task(
            "clean",
            both(
                "감사(audit)가 아무것도 지적하지 않는 설정 (dict)",
                "A config the audit finds nothing to say about (dict)",
            ),
            _clean,
            both(
                'filesystem의 "/"를 "/work/project"로, github의 토큰 값을 "${GITHUB_TOKEN}"으로'
                " 바꾸세요.",
                'Change filesystem\'s "/" to "/work/project" and github\'s token value to'
                ' "${GITHUB_TOKEN}".',
            ),
            both(
                "고정, 좁은 권한, 설정 파일 밖의 비밀. 세 가지가 모두 갖춰졌습니다.",
                "Pinned versions, narrow rights, secrets outside the config file: all three"
                " are in place.",
            ),
        ),
    ),
)
