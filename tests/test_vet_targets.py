"""`hooklab vet` without the network: what each TARGET string and config server becomes, and the
verdicts and safe lines the steps make of hand-made trees and rehearsals."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.vet.model import HookRun, Node, PackageVerdict, Rehearsal, Target, Tree, Unvetted
from hooklab.vet.rehearse import rehearsal_argv
from hooklab.vet.run import vet
from hooklab.vet.safeline import hooks_needed, safe_line
from hooklab.vet.target import config_targets, parse_target
from hooklab.vet.verdict import StaticReview, judge

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
def test_hostile_targets_are_one_line_errors(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    with pytest.raises(HooklabError) as err:
        parse_target(text)
    message = str(err.value)
    assert BAD[text] in message
    assert "\n" not in message and message.isprintable()


def test_a_hostile_target_is_said_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    with pytest.raises(HooklabError) as err:
        parse_target("docker run -i --rm mcp/github")
    head = "docker run -i --rm mcp/github: "
    assert str(err.value) == head + "레지스트리 패키지가 아닙니다: 컨테이너 이미지입니다"
    assert err.value.text("en") == head + "not a registry package: a container image"


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


def test_config_servers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    with pytest.raises(HooklabError, match="no server named"):
        config_targets(claude_desktop(tmp_path / "c"), "--nope")


def test_unvetted_json_has_the_report_keys() -> None:
    from hooklab.vet.model import VetReport

    t = parse_target("npm:tsx@4.19.2")
    assert set(Unvetted("s", "c", ("x",), "why").to_dict()) == set(VetReport(t).to_dict())


# Verdicts and safe lines on hand-made trees and rehearsals (what the real steps would give).
def _tree(*nodes: Node, launcher: str = "npx") -> Tree:
    target = parse_target("npx -y app@1.0.0" if launcher == "npx" else "uvx app@1.0.0")
    return Tree(target, "1.0.0", False, list(nodes), cache="/nonexistent")


APP = Node("npm", "app", "1.0.0", "node_modules/app", direct=True)
DEP = Node("npm", "dep", "2.0.0", "node_modules/dep", surfaces=("postinstall",))
GYP = Node("npm", "gyp", "3.0.0", "node_modules/gyp", surfaces=("binding.gyp",))


def _judge(tree: Tree, rehearsal: Rehearsal | None) -> dict[str, PackageVerdict]:
    verdicts, _, _ = judge(tree, StaticReview(), rehearsal)
    return {v.name: v for v in verdicts}


def test_declared_and_run_side_by_side() -> None:
    tree = _tree(APP, DEP, GYP)
    hook = HookRun("dep", "2.0.0", "postinstall", ("sh", "-c", "node x.js"))
    stray = HookRun("app", "1.0.0", "preinstall", ("sh", "-c", "node y.js"))
    rehearsal = Rehearsal("bwrap", ["npx"], 0, hooks=[hook, stray])
    verdicts, declared_not_run, run_not_declared = judge(tree, StaticReview(), rehearsal)
    assert declared_not_run == ["gyp@3.0.0 install"]
    assert run_not_declared == ["app@1.0.0 preinstall"]
    by_name = {v.name: v for v in verdicts}
    assert by_name["dep"].dynamic == "runs-code-at-install" and by_name["dep"].ran == [
        "postinstall"
    ]
    assert by_name["gyp"].static == "runs-code-at-install" and by_name["gyp"].dynamic == "clean"
    # Without a rehearsal nothing is called declared-but-not-run, and dynamic is None.
    _, not_run, _ = judge(tree, StaticReview(), None)
    assert not_run == [] and _judge(tree, None)["dep"].dynamic is None


def test_a_hook_that_reads_or_connects_is_suspicious_and_a_leak_malicious() -> None:
    tree = _tree(APP, DEP)
    reads = HookRun("dep", "2.0.0", "postinstall", ("node",), secret_reads=("/h/.npmrc",))
    r = Rehearsal("bwrap", ["npx"], 0, hooks=[reads])
    assert _judge(tree, r)["dep"].verdict == "suspicious"
    assert any("fake secret /h/.npmrc" in e for e in _judge(tree, r)["dep"].evidence)
    calls = HookRun("dep", "2.0.0", "postinstall", ("node",), connects=("203.0.113.5:443",))
    assert _judge(tree, Rehearsal("bwrap", [], 0, hooks=[calls]))["dep"].verdict == "suspicious"
    leak = Rehearsal("bwrap", [], 0, hooks=[reads], canary_hits=1, leaked=["npm_token"])
    judged = _judge(tree, leak)
    assert judged["dep"].verdict == "malicious" and judged["app"].verdict == "clean"
    program = Rehearsal("bwrap", [], 0, program_reads=["/h/.ssh/id_rsa"])
    assert _judge(tree, program)["app"].verdict == "suspicious"
    # A rehearsal that could not run says nothing dynamic.
    broken = Rehearsal("bwrap", [], None, hooks=[reads], problem="no sandbox")
    assert _judge(tree, broken)["dep"].dynamic is None


def test_hooks_needed_and_the_safe_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    tree = _tree(APP, DEP)
    ran = Rehearsal("bwrap", [], 0, program_ran=True)
    same = Rehearsal("bwrap", [], 0, program_ran=True)
    broke = Rehearsal("bwrap", [], 1, program_ran=True, last_line="Error: no binary")
    assert hooks_needed(ran, same) == (False, "runs without its hooks in the rehearsal")
    needed, why = hooks_needed(ran, broke)
    assert needed and "no binary" in why
    never = Rehearsal("bwrap", [], 1, program_ran=False, last_line="not found")
    unknown, because = hooks_needed(never, never)
    assert unknown is None and "did not start even with its hooks" in because
    line, note = safe_line(tree.target, tree, None, because)
    assert line == ["npx", "-y", "app@1.0.0"] and "not known" in note
    line, note = safe_line(tree.target, tree, False, "")
    assert line == ["npx", "-y", "--ignore-scripts", "app@1.0.0"]
    line, note = safe_line(tree.target, tree, True, why)
    assert line == ["npx", "-y", "app@1.0.0"] and note.startswith("needs its hooks: ")
    assert "dep@2.0.0 postinstall" in note
    wheels = _tree(Node("pypi", "app", "1.0.0", "app==1.0.0", direct=True), launcher="uvx")
    assert safe_line(wheels.target, wheels, None)[0] == ["uvx", "--no-build", "app@1.0.0"]
    sdist = Node("pypi", "old", "0.1", "old==0.1", surfaces=("sdist-build",))
    built = _tree(Node("pypi", "app", "1.0.0", "app==1.0.0", direct=True), sdist, launcher="uvx")
    line, note = safe_line(built.target, built, None)
    assert line == ["uvx", "app@1.0.0"] and "old@0.1" in note
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert safe_line(built.target, built, None)[1].startswith("빌드가 필요합니다: old@0.1")


def test_host_is_refused_for_vet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    with pytest.raises(HooklabError, match="only in a sandbox"):
        vet(parse_target("npm:tsx@4.19.2"), sandbox="host")


def test_rehearsal_argv_never_takes_an_option_from_the_tree() -> None:
    tree = _tree(APP)
    assert rehearsal_argv(tree)[-2:] == ["--", "app@1.0.0"]
    for bad in ("--registry=x", "1.0.0 --x"):
        with pytest.raises(HooklabError):
            rehearsal_argv(Tree(tree.target, bad, False, [APP], cache="/x"))


def test_an_unnamed_build_hook_belongs_to_the_only_sdist() -> None:
    app = Node("pypi", "app", "1.0.0", "app==1.0.0", direct=True)
    old = Node("pypi", "old", "0.1", "old==0.1", surfaces=("sdist-build",))
    tree = Tree(parse_target("pypi:app==1.0.0"), "1.0.0", False, [app, old], cache="/x")
    built = HookRun(None, None, "build_wheel", ("python", "-c", "..."))
    verdicts, not_run, not_declared = judge(
        tree, StaticReview(), Rehearsal("bwrap", [], 0, hooks=[built])
    )
    assert not_run == [] and not_declared == []
    assert {v.name: v.ran for v in verdicts} == {"app": [], "old": ["sdist-build"]}


def test_another_platforms_optional_package_is_not_expected_to_run() -> None:
    mac = Node("npm", "fsevents", "1.2.13", "node_modules/fsevents", optional=True)
    mac = replace(mac, surfaces=("install",))
    tree = _tree(APP, mac)
    _, not_run, _ = judge(tree, StaticReview(), Rehearsal("bwrap", [], 0, program_ran=True))
    assert not_run == []
    assert safe_line(tree.target, tree, None)[0] == ["npx", "-y", "--ignore-scripts", "app@1.0.0"]


def test_the_run_read_as_hooks_and_lines_crossed() -> None:
    from hooklab.model import Event, Process, RunResult
    from hooklab.vet.rehearse import _read

    hook = Process(
        10, 1, 0.1, 0.2, ("sh", "-c", "node i.js"), "hook", "dep", "2.0.0", "postinstall"
    )
    prog = Process(20, 1, 0.3, None, ("app",), "program")
    events = [
        Event(0.1, 10, 1, "secret_read", "/h/.npmrc", "hook", True, "dep", "2.0.0", "postinstall"),
        Event(
            0.1,
            10,
            1,
            "connect",
            "203.0.113.5:443 (ENETUNREACH)",
            "hook",
            False,
            "dep",
            "2.0.0",
            "postinstall",
        ),
        Event(0.1, 10, 1, "connect", "127.0.0.1:9", "hook", True, "dep", "2.0.0", "postinstall"),
        Event(0.2, 1, None, "secret_read", "/h/.npmrc", "launcher"),
        Event(0.3, 20, 1, "connect", "[2001:db8::1]:80", "program", False),
    ]
    result = RunResult(["npx"], 124, "", "still up", 30.0, "bwrap", events, [hook, prog])
    r = _read(result, ["npx", "app@1.0.0"], "bwrap", 30.0)
    assert r.stopped and r.exit_code is None and r.program_ran
    [h] = r.hooks
    assert (h.package, h.version, h.event) == ("dep", "2.0.0", "postinstall")
    assert h.secret_reads == ("/h/.npmrc",) and h.connects == ("203.0.113.5:443 (ENETUNREACH)",)
    assert r.program_connects == ["[2001:db8::1]:80"] and r.program_reads == []
    assert r.connects == [
        "203.0.113.5:443 (ENETUNREACH) (dep@2.0.0 postinstall)",
        "[2001:db8::1]:80 (the program)",
    ]
    assert "/h/.npmrc (the launcher)" in r.secret_reads
