"""The review's second axis: a verdict from threat indicators, never from capabilities alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hooklab.fixtures import all_fixtures, build, get_fixture
from hooklab.model import VERDICTS
from hooklab.review import case_study_archive, compare_with_chapter, review
from tests.conftest import run_cli
from tests.test_review_fixtures import payload_place

FIXTURES = all_fixtures()
INSTALL_STAGES = {"preinstall", "postinstall", "build", "python-start"}
# The MCP fixtures run nothing at install: what they do is a run-time leak through the tool's
# result. The two that serialise the environment into a tool's result carry an indicator; the
# one that only prints to stdout is a protocol bug, a capability.
RUNTIME_VERDICTS = {
    "mcp-npx-leaky": "suspicious",
    "mcp-uvx-leaky": "suspicious",
    "mcp-stdout-debug": "capabilities-only",
    # A secret sent out by a dependency's code when the program runs: the secrets category is
    # high at the payload line, but a read-and-send is a capability by itself (an API client).
    "npm-runtime-transitive": "capabilities-only",
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_verdict_names_its_payload_line(fx, tmp_path: Path) -> None:
    report = review(build(fx, tmp_path)["tgz"] if fx.bundle else fx.source)
    lines = {(f.file, f.line) for _, f in report.findings}
    for payload in fx.payloads:
        where = payload_place(fx, payload.file)
        if payload.stage == "runtime":  # the marker line is the stand-in; the send is the harm
            assert any(file == where for file, _ in lines), fx.name
        else:
            assert (where, payload.line) in lines, fx.name
    if all(p.stage in INSTALL_STAGES for p in fx.payloads):
        assert report.verdict in ("malicious", "runs-code-at-install"), report.verdict_line()
    else:
        assert report.verdict == RUNTIME_VERDICTS[fx.name], report.verdict_line()


def test_install_fixtures_that_send_secrets_are_malicious() -> None:
    for name in ("npm-postinstall", "npm-preinstall", "pypi-setup-py", "pypi-cmdclass"):
        assert review(get_fixture(name).source).verdict == "malicious", name


def test_case_study_keeps_its_levels_and_is_capabilities_only() -> None:
    report = review(case_study_archive("2.9.6"))
    table = compare_with_chapter(report).set_index("category")
    for cid in ("install", "exec_privilege", "supply_chain"):
        assert table.loc[cid, "kit"] == table.loc[cid, "chapter"], cid
    assert report.verdict == "capabilities-only", report.verdict_line()


def test_capability_alone_is_never_malicious(tmp_path: Path) -> None:
    """An MCP server that runs commands, reads its API key and calls out: capabilities only."""
    files = {
        "package.json": json.dumps(
            {"name": "srv", "version": "1.0.0", "dependencies": {"@modelcontextprotocol/sdk": "1"}}
        ),
        "index.js": "const { execFileSync } = require('child_process');\n"
        "const key = process.env.ACME_API_KEY;\n"
        "fetch('https://api.acme.example/v1', { headers: { key } });\n"
        "execFileSync('git', ['status']);\neval(code);\n",
    }
    report = review(_write(tmp_path, files))
    assert report.overall == "high"
    assert report.verdict == "capabilities-only"


def test_an_indirect_eval_called_on_the_spot_is_eval_not_an_alias(tmp_path: Path) -> None:
    """`(0, eval)(src)` is how bundled parsers (es-module-lexer in tsx) evaluate a literal:
    a capability. Keeping eval under another name is the indicator."""
    manifest = {"package.json": '{"name": "p", "version": "1.0.0"}'}
    spot = review(
        _write(tmp_path / "a", {**manifest, "i.js": "function C(Q){return(0,eval)(Q)}\n"})
    )
    assert spot.verdict == "capabilities-only"
    kept = review(_write(tmp_path / "b", {**manifest, "i.js": "const e = (0, eval);\ne(x);\n"}))
    assert kept.verdict in ("suspicious", "malicious")


def test_clean_and_install_time(tmp_path: Path) -> None:
    clean = _write(tmp_path / "a", {"package.json": '{"name": "a", "version": "1.0.0"}'})
    assert review(clean).verdict == "clean"
    hook = _write(
        tmp_path / "b",
        {
            "package.json": '{"name": "b", "version": "1.0.0", '
            '"scripts": {"postinstall": "node build.js"}}',
            "build.js": "require('fs').mkdirSync('out');\n",
        },
    )
    assert review(hook).verdict == "runs-code-at-install"


def test_json_and_text_carry_the_verdict() -> None:
    src = str(get_fixture("npm-postinstall").source)
    data = json.loads(run_cli("review", src, "--json").stdout)
    assert data["verdict"] == "malicious"
    assert data["overall"]["level"] == "high"  # the old key keeps its meaning
    assert all(
        f["axis"] in ("capability", "indicator") for c in data["categories"] for f in c["findings"]
    )
    text = run_cli("review", src, "--lang", "en").stdout
    assert sum(line.startswith("verdict malicious") for line in text.splitlines()) == 1


def test_fail_on_takes_verdicts() -> None:
    src = str(get_fixture("npm-needs-build").source)
    assert run_cli("review", src, "--fail-on", "runs-code-at-install").returncode == 1
    assert run_cli("review", src, "--fail-on", "suspicious").returncode == 0
    assert run_cli("review", src, "--fail-on", "high").returncode == 1
    bad = run_cli("review", src, "--fail-on", "evil")
    assert bad.returncode == 2
    for verdict in VERDICTS:
        assert run_cli("review", src, "--fail-on", verdict).returncode in (0, 1), verdict


def test_many_targets_one_json_line_each(tmp_path: Path) -> None:
    good = [str(get_fixture(n).source) for n in ("npm-postinstall", "npm-needs-build")]
    missing = str(tmp_path / "nothing-here.tgz")
    proc = run_cli("review", *good, missing, "--json", "--fail-on", "malicious")
    lines = proc.stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d.get("verdict") for d in docs] == ["malicious", "runs-code-at-install", None]
    assert docs[2]["target"] == missing and docs[2]["error"]
    assert proc.returncode == 2  # one target could not be read: that outranks --fail-on


def test_review_stays_free_of_pandas_and_watch() -> None:
    code = (
        "import sys; from hooklab.review.engine import review; from hooklab.cli import main; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'hooklab.watch') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
