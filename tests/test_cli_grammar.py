"""One CLI grammar (issue 14): --json, --fail-on, --version, the exit codes, and a start that
loads no pandas. The argparse tree is walked, so a new command is held to the same rules."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from hooklab.cli import build_parser, main
from hooklab.commands import EXIT_CODES
from hooklab.commands.sandbox import CHOICES
from hooklab.fixtures import get_fixture
from tests.conftest import ROOT, run_cli

# Commands whose stdout is not theirs to fill with JSON: the guard speaks MCP on stdout.
NO_JSON = {("mcp", "guard")}
# Commands that find things, and so take the shared --fail-on.
FINDS = {
    ("review",),
    ("audit-config",),
    ("watch",),
    ("mcp", "session"),
    ("mcp", "check-stdout"),
    ("vet",),
}


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(path, parser)]
    return [leaf for name, p in subs[0].choices.items() for leaf in _leaves(p, (*path, name))]


LEAVES = _leaves(build_parser())


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {o: a for a in parser._actions for o in a.option_strings}


def test_the_tree_is_walked() -> None:
    paths = {path for path, _ in LEAVES}
    assert len(paths) >= 20 and FINDS | NO_JSON <= paths


@pytest.mark.parametrize("path", [path for path, _ in LEAVES], ids=" ".join)
def test_every_command_help_lists_the_exit_codes_and_the_shared_flags(path, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([*path, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert EXIT_CODES in text
    options = _options(dict(LEAVES)[path])
    if path not in NO_JSON:
        assert "--json" in options and "--json" in text
    if path in FINDS:
        fail_on = options["--fail-on"]
        assert fail_on.metavar in ("LEVEL", "VERDICT") and fail_on.choices
        assert "--fail-on" in text
    else:
        assert "--fail-on" not in options and "--strict" not in options


def test_top_level_help_and_version() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0 and EXIT_CODES in proc.stdout
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == "hooklab 0.1.0"
    assert run_cli("no-such-command").returncode == 2


def test_sandbox_names_match_the_backends() -> None:
    from hooklab.watch.sandbox import CHOICES as BACKEND_CHOICES

    assert CHOICES == BACKEND_CHOICES


def _json_out(*args: str, code: int = 0, env: dict[str, str] | None = None) -> object:
    cut = args.index("--") if "--" in args else len(args)  # options go before `--`
    proc = run_cli(*args[:cut], "--json", *args[cut:], env=env)
    assert proc.returncode == code, proc.stderr
    return json.loads(proc.stdout)  # stdout holds the JSON and nothing else


def test_json_parses_for_each_cheap_command(tmp_path) -> None:
    env = {"HOOKLAB_WORK": str(tmp_path / "work")}
    assert any(f["fixture"] == "npm-postinstall" for f in _json_out("fixtures", "list"))
    src = str(get_fixture("npm-postinstall").source)
    assert _json_out("review", src)["overall"]["level"] == "high"
    config = tmp_path / ".mcp.json"
    config.write_text('{"mcpServers": {"t": {"command": "npx", "args": ["-y", "some-tool"]}}}')
    audit = _json_out("audit-config", "--no-resolve", str(config))
    assert audit["findings"] == 1
    assert set(_json_out("offline", "status", env=env)) == {"offline_kit"}
    assert _json_out("registry", "status", env=env) == {"npm": None, "pypi": None}
    assert _json_out("labs", "generate", "--check") == {"stale": []}  # writes nothing
    run = _json_out("watch", "--no-trace", "--", "true", env=env)
    assert run["exit_code"] == 0 and run["hook_ran"] is False


def test_fail_on_and_the_deprecated_strict(tmp_path) -> None:
    config = tmp_path / ".mcp.json"
    config.write_text('{"mcpServers": {"t": {"command": "npx", "args": ["-y", "some-tool"]}}}')
    audit = ("audit-config", "--no-resolve", str(config))
    assert run_cli(*audit).returncode == 0  # findings alone do not fail a command
    assert run_cli(*audit, "--fail-on", "medium").returncode == 1  # the floating spec: medium
    assert run_cli(*audit, "--fail-on", "high").returncode == 0
    old = run_cli(*audit, "--strict")
    assert old.returncode == 1 and "--strict is deprecated; use --fail-on low" in old.stderr
    assert run_cli(*audit, "--fail-on", "severe").returncode == 2  # usage
    env = {"HOOKLAB_WORK": str(tmp_path / "work")}
    watch = ("watch", "--no-trace", "--fail-on", "hook", "--", "true")
    assert run_cli(*watch, env=env).returncode == 0


def test_the_old_json_file_form_still_writes_the_file(tmp_path) -> None:
    out = tmp_path / "run.json"
    env = {"HOOKLAB_WORK": str(tmp_path / "work")}
    proc = run_cli("watch", "--lang", "en", "--no-trace", "--json", str(out), "--", "true", env=env)
    assert proc.returncode == 0 and "verdict:" in proc.stdout
    assert "--json FILE is deprecated" in proc.stderr
    assert json.loads(out.read_text())["exit_code"] == 0
    out.unlink()
    proc = run_cli("watch", "--no-trace", "--json", "--out", str(out), "--", "true", env=env)
    assert json.loads(proc.stdout) == json.loads(out.read_text())


def test_a_missing_tool_is_exit_3(tmp_path) -> None:
    proc = run_cli("watch", "--lang", "en", "--", "/bin/true", env={"PATH": str(tmp_path)})
    assert proc.returncode == 3 and proc.stderr.startswith("hooklab: strace is not installed")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_help_and_review_load_no_pandas_or_matplotlib() -> None:
    src = str(get_fixture("npm-postinstall").source)
    proc = _python(
        "import sys, contextlib, io\n"
        "from hooklab.cli import build_parser, main\n"
        "build_parser().format_help()\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['review', {src!r}])\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_lazy_exports_keep_what_notebooks_import() -> None:
    # The submodules first, as a command or another import may load them: the exported
    # functions still win over the submodules of the same name.
    proc = _python(
        "import hooklab.watch.home, hooklab.fixtures.build, hooklab.watch.sandbox.rehearse\n"
        "from hooklab import FakeHome, build, compare, get_fixture, story, watch\n"
        "from hooklab.watch import real_home, watch as watch2\n"
        "from hooklab.fixtures import build as build2\n"
        "from hooklab.watch.sandbox import rehearse\n"
        "from hooklab.labs import VETTED_VERSIONS\n"
        "from hooklab.mcp import SAMPLE_CONFIG, audit_configs\n"
        "assert callable(watch) and watch is watch2 and build is build2 and callable(rehearse)\n"
        "import hooklab\n"
        "assert {'watch', 'build', 'story'} <= set(dir(hooklab))\n"
        "try:\n"
        "    from hooklab import no_such_name\n"
        "except ImportError:\n"
        "    print('ok')\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
