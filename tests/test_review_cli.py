"""`hooklab review`: the JSON contract, the shared --fail-on, the plain-text table, and one-line
errors."""

from __future__ import annotations

import json
import re
import unicodedata

from hooklab.fixtures import get_fixture
from hooklab.review import CATEGORIES, LEVELS
from tests.conftest import run_cli


def test_json_contract() -> None:
    proc = run_cli("review", str(get_fixture("npm-postinstall").source), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"target", "categories", "overall"}
    assert [c["id"] for c in data["categories"]] == list(CATEGORIES)
    for cat in data["categories"]:
        assert cat["level"] in LEVELS
        for f in cat["findings"]:
            assert set(f) >= {"rule", "file", "line", "evidence", "why"}
    assert data["overall"]["level"] == "high"
    assert data["overall"]["summary"] and data["overall"]["summary_ko"]


def test_fail_on_sets_the_exit_code() -> None:
    src = str(get_fixture("npm-postinstall").source)
    assert run_cli("review", src, "--fail-on", "high").returncode == 1
    assert run_cli("review", src, "--fail-on", "medium").returncode == 1
    clean = run_cli(
        "review", str(get_fixture("npm-postinstall").source / "lib"), "--fail-on", "medium"
    )
    assert clean.returncode == 0, clean.stdout


def test_text_output_in_korean() -> None:
    proc = run_cli("review", str(get_fixture("pypi-setup-py").source), "--lang", "ko")
    assert proc.returncode == 0
    assert "종합 높음" in proc.stdout


def test_errors_are_one_line() -> None:
    for args in (
        ["review", "/no/such/pkg"],
        ["review", "/etc/hostname"],
        ["review", "/etc", "--llm", "nonsense"],
    ):
        proc = run_cli(*args, env={"ANTHROPIC_API_KEY": ""})
        assert proc.returncode == 2, (args, proc.stdout)
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_the_text_table_keeps_korean_columns_aligned() -> None:
    proc = run_cli("review", str(get_fixture("npm-postinstall").source))
    assert proc.returncode == 0
    rows = proc.stdout.splitlines()[3:9]  # the six categories, after the header
    starts = set()
    for row in rows:
        before = row[: re.search(r" (low|medium|high) ", row).start()]
        starts.add(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in before))
    assert len(starts) == 1, proc.stdout  # every level starts in one screen column
