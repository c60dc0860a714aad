"""`hooklab vet` end to end on real packages: real npm, uv and registries, the real bwrap sandbox.

Reaches the public npm registry and PyPI (resolve and fetch); the rehearsals themselves run in
bwrap with only loopback. Every package is pinned, or a range whose release line is closed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hooklab.cli import main
from hooklab.model import VERDICTS
from hooklab.vet.model import VetReport

# tsx@4.19.2 declares no hook; its dependency esbuild@0.23.1 has a real postinstall.
TSX = "npm:tsx@4.19.2"


def vet_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["vet", "--lang", "en", "--json", *args])  # the notes in English
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def test_dependency_hook_named_statically_and_in_the_rehearsal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, [doc] = vet_json(capsys, TSX)
    assert code == 0
    assert doc["tree"]["version"] == "4.19.2" and not doc["tree"]["floating"]
    nodes = {n["name"]: n for n in doc["tree"]["nodes"]}
    assert nodes["esbuild"]["surfaces"] == ["postinstall"] and not nodes["tsx"]["surfaces"]
    rehearsal = doc["rehearsal"]
    assert rehearsal["sandbox"] == "bwrap" and rehearsal["problem"] is None
    ran = {(h["package"], h["version"], h["event"]) for h in rehearsal["hooks"]}
    assert ran == {("esbuild", nodes["esbuild"]["version"], "postinstall")}
    # The network is cut: nothing tried beyond loopback, nothing reached the canary.
    assert rehearsal["connects"] == [] and rehearsal["canary_hits"] == 0
    assert doc["declared_not_run"] == [] and doc["run_not_declared"] == []
    verdicts = {p["name"]: p for p in doc["packages"]}
    assert verdicts["esbuild"]["static"] == verdicts["esbuild"]["dynamic"] == "runs-code-at-install"
    assert verdicts["esbuild"]["ran"] == ["postinstall"]
    assert verdicts["tsx"]["dynamic"] == "clean"
    # The overall verdict is the worst package's; the review's own verdict of tsx may be worse.
    assert doc["verdict"] == max((p["verdict"] for p in doc["packages"]), key=VERDICTS.index)
    assert VERDICTS.index(doc["verdict"]) >= VERDICTS.index("runs-code-at-install")
    # tsx starts the same without the hook: the line to paste back switches scripts off.
    assert doc["safe_line"] == ["npx", "-y", "--ignore-scripts", "tsx@4.19.2"]
    assert "runs without its hooks" in doc["safe_note"]
    assert set(doc["seconds"]) == {"resolve", "fetch", "static", "dynamic", "verdict"}


def test_esbuild_postinstall_attributed_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, [doc] = vet_json(capsys, "npx -y esbuild@0.24.0 --version")
    assert code == 0
    hooks = doc["rehearsal"]["hooks"]
    assert [(h["package"], h["version"], h["event"]) for h in hooks] == [
        ("esbuild", "0.24.0", "postinstall")
    ]
    assert "install.js" in " ".join(hooks[0]["argv"])
    assert doc["rehearsal"]["exit_code"] == 0 and doc["rehearsal"]["program_ran"]
    esbuild = next(p for p in doc["packages"] if p["name"] == "esbuild")
    assert esbuild["dynamic"] == "runs-code-at-install" and esbuild["ran"] == ["postinstall"]
    assert doc["safe_line"][-2:] == ["esbuild@0.24.0", "--version"]
    # The text report says the same; --fail-on exits 1 at the verdict and 0 above it.
    verdict = doc["verdict"]
    assert main(["vet", "--lang", "en", "--fail-on", verdict, "npm:esbuild@0.24.0"]) == 1
    text = capsys.readouterr().out
    assert "esbuild@0.24.0: ran: esbuild@0.24.0 postinstall" in text
    assert "safe line npx -y" in text
    # The same report in Korean: the labels and headings, not the field values, change.
    main(["vet", "--lang", "ko", "--no-rehearse", "npm:esbuild@0.24.0"])
    text = capsys.readouterr().out
    assert "안전한 줄 npx -y" in text and "판정" in text and "safe line" not in text
    if verdict != "malicious":
        above = VERDICTS[VERDICTS.index(verdict) + 1]
        assert main(["vet", "--no-rehearse", "--fail-on", above, "npm:esbuild@0.24.0"]) == 0


def test_json_keys_are_stable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "vet.jsonl"
    code, [doc] = vet_json(capsys, "--no-rehearse", "--out", str(out), TSX)
    assert code == 0
    assert list(doc) == list(VetReport.__dataclass_fields__)
    assert doc["rehearsal"] is None and "dynamic" in doc["seconds"]
    assert all(p["dynamic"] is None for p in doc["packages"])
    assert json.loads(out.read_text()) == doc
    assert set(doc["target"]) >= {"ecosystem", "name", "requested", "launcher", "argv", "args"}


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("npm:hooklab-no-such-package-4f0c2e", "no such package"),
        ("npm:tsx@999.0.0", "999.0.0"),
        ("pypi:hooklab-no-such-package-4f0c2e", "hooklab-no-such-package-4f0c2e"),
    ],
)
def test_unknown_package_or_version_is_one_line(
    capsys: pytest.CaptureFixture[str], target: str, said: str
) -> None:
    assert main(["vet", "--lang", "en", "--no-rehearse", target]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and said in err and "Traceback" not in err


def test_config_one_row_per_server_and_pinned_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A Claude Desktop config with one server of each launcher; the ranges name closed release
    lines (is-number 7.0.x, is-odd 3.0.x, six 1.16.x), so the resolved versions do not move."""
    servers = {
        "npx": {"command": "npx", "args": ["-y", "is-number@^7.0.0"]},
        "pnpm": {"command": "pnpm", "args": ["dlx", "is-number@~7.0.0"]},
        "bun": {"command": "bunx", "args": ["is-odd@~3.0.1"]},
        "uvx": {"command": "uvx", "args": ["--from", "six>=1.16,<1.17", "six"]},
        "pipx": {"command": "pipx", "args": ["run", "--spec", "six>=1.16,<1.17", "six"]},
        "docker": {"command": "docker", "args": ["run", "-i", "--rm", "mcp/time"]},
    }
    config = tmp_path / "Claude" / "claude_desktop_config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"mcpServers": servers}, indent=2))
    code, docs = vet_json(capsys, "--no-rehearse", "--config", str(config))
    assert code == 0
    rows = {d["target"]["server"]: d for d in docs}
    assert list(rows) == list(servers)
    assert rows["docker"]["verdict"] is None
    assert rows["docker"]["problems"][0].startswith("not a registry package")
    lines = {k: d["safe_line"] for k, d in rows.items() if k != "docker"}
    assert all(rows[k]["tree"]["floating"] for k in lines)
    assert lines == {
        "npx": ["npx", "-y", "--ignore-scripts", "is-number@7.0.0"],
        "pnpm": ["pnpm", "dlx", "is-number@7.0.0"],
        "bun": ["bunx", "is-odd@3.0.1"],
        "uvx": ["uvx", "--no-build", "--from", "six==1.16.0", "six"],
        "pipx": ["pipx", "run", "--pip-args=--only-binary=:all:", "--spec", "six==1.16.0", "six"],
    }
    assert "pnpm 10+" in rows["pnpm"]["safe_note"] and "bunx" in rows["bun"]["safe_note"]


def test_audit_config_vet_adds_verdict_and_safe_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / ".cursor" / "mcp.json"
    config.parent.mkdir()
    servers = {
        "num": {"command": "npx", "args": ["-y", "is-number@7.0.0"]},
        "img": {"command": "docker", "args": ["run", "-i", "mcp/time"]},
    }
    config.write_text(json.dumps({"mcpServers": servers}))
    main(["audit-config", "--no-resolve", "--vet", "--json", str(config)])
    rows = {r["server"]: r["vet"] for r in json.loads(capsys.readouterr().out)["servers"]}
    assert rows["num"]["verdict"] == "clean"
    assert rows["num"]["safe_line"] == "npx -y --ignore-scripts is-number@7.0.0"
    assert rows["img"]["verdict"] is None and "not a registry package" in rows["img"]["problem"]


def test_pypi_rehearsal_runs_the_console_script_offline(capsys: pytest.CaptureFixture[str]) -> None:
    code, [doc] = vet_json(capsys, "uvx --from pyfiglet==1.0.2 pyfiglet hi")
    assert code == 0
    rehearsal = doc["rehearsal"]
    assert rehearsal["argv"][:3] == ["uvx", "--offline", "--no-index"]
    assert rehearsal["exit_code"] == 0 and rehearsal["program_ran"]
    assert rehearsal["hooks"] == [] and rehearsal["connects"] == []
    assert doc["safe_line"] == ["uvx", "--no-build", "--from", "pyfiglet==1.0.2", "pyfiglet", "hi"]


def test_a_server_still_running_is_stopped_and_said() -> None:
    """A program that never ends (as a stdio server may): stopped when its time is up."""
    from hooklab.vet.rehearse import rehearse
    from hooklab.vet.run import vet
    from hooklab.vet.target import parse_target

    forever = parse_target('npx -y tsx@4.19.2 -e "setInterval(() => {}, 1000)"')
    report = vet(forever, rehearse=False)
    assert report.tree is not None
    rehearsal = rehearse(report.tree, stop_after=30)
    assert rehearsal.stopped and rehearsal.exit_code is None and rehearsal.program_ran
    assert rehearsal.problem is None and rehearsal.connects == []
    assert [h.package for h in rehearsal.hooks] == ["esbuild"]
