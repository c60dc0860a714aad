"""Lab 03: pin every server in an MCP config, then leave the audit nothing to say."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
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
_FIX_HINT = {
    "floating": "버전을 정확히 고정하세요 (npm은 이름@1.2.3, uvx는 이름==1.2.3).",
    "inline-secret": 'Claude Code의 .mcp.json은 "${GITHUB_TOKEN}"처럼 환경 변수를 읽습니다.',
    "broad-root": "파일 시스템 서버에는 프로젝트 폴더 하나만 주세요 (예: /work/project).",
    "shell": "셸을 거치지 말고 실행기(npx/uvx)를 직접 부르세요.",
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
            '설정은 {"mcpServers": {...}} 모양의 dict여야 합니다.',
            "`config = mcp_lab_config()`에서 시작하세요.",
        )
    wanted, got = set(CONFIG["mcpServers"]), set(answer["mcpServers"])
    if got != wanted:
        raise Wrong(
            f"서버 목록이 달라졌습니다 (빠짐 {sorted(wanted - got)}, 추가 {sorted(got - wanted)}).",
            "서버를 지우면 고정한 것이 아닙니다. 네 서버를 모두 남기세요.",
        )
    report = audit_mcp_config(answer)
    for server in report.servers:
        if server.package not in VETTED_VERSIONS:
            raise Wrong(
                f"{server.server}의 패키지가 {server.package}(으)로 바뀌었습니다.",
                "패키지는 그대로 두고 버전만 붙이세요.",
            )
    return report


def _floating(answer: Any) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong("서버 이름들의 목록이나 집합을 쓰세요.", "예: {'filesystem'}")
    truth = {s.server for s in audit_mcp_config(CONFIG).servers if s.pin == "floating"}
    got = {str(a) for a in answer}
    if got != truth:
        extra, missed = sorted(got - truth), sorted(truth - got)
        raise Wrong(
            f"고정되지 않은 서버 목록이 다릅니다 (잘못 넣음: {extra}, 빠뜨림: {missed}).",
            "`audit_mcp_config(config).frame()[['server', 'pin']]`의 pin 열을 보세요."
            " @latest도 고정이 아닙니다.",
        )


def _pinned(answer: Any) -> None:
    report = _report(answer)
    floating = [s for s in report.servers if s.pin != "pinned"]
    if floating:
        s = floating[0]
        why = next((f.detail for f in s.findings if f.check == "floating"), s.pin)
        raise Wrong(f"{s.server}가 아직 고정되지 않았습니다: {why}", _FIX_HINT["floating"])


def _clean(answer: Any) -> None:
    report = _report(answer)
    for server in report.servers:
        for finding in server.findings:
            raise Wrong(
                f"{server.server}: {finding.check} — {finding.detail}", _FIX_HINT[finding.check]
            )


LAB = LabSpec(
    id="03-pin-mcp-config",
    title="MCP 설정의 모든 서버 고정하기",
    tasks=(
        Task(
            "floating",
            "버전이 고정되지 않은 서버의 이름들",
            _floating,
            "`report = audit_mcp_config(mcp_lab_config())` 다음에"
            " `report.frame().query('pin == \"floating\"').server`입니다.",
            "버전이 없거나 @latest인 서버는 실행할 때마다 새 버전을 받아 옵니다.",
        ),
        Task(
            "pinned",
            "모든 서버가 정확한 버전으로 고정된 설정 (dict)",
            _pinned,
            'npx 인자는 "@modelcontextprotocol/server-filesystem@2026.8.31", uvx 인자는'
            ' "mcp-server-fetch==2026.10.24" 모양입니다.'
            " 버전은 `print(VETTED_VERSIONS)`에 있습니다.",
            "이제 새 버전이 나와도 검토 전에는 실행되지 않습니다.",
        ),
        Task(
            "clean",
            "감사(audit)가 아무것도 지적하지 않는 설정 (dict)",
            _clean,
            'filesystem의 "/"를 "/work/project"로, github의 토큰 값을 "${GITHUB_TOKEN}"으로'
            " 바꾸세요.",
            "고정, 좁은 권한, 설정 파일 밖의 비밀. 세 가지가 모두 갖춰졌습니다.",
        ),
    ),
)
