"""Cooldowns shown working: a loopback index that reports PEP 700 upload times, Verdaccio with
backdated publish times, and the installers' cooldown switches run against them (real runs,
loopback only). The facts asserted are what the runs showed on 2026-12-01."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hooklab.defences.cooldowns import (
    TEXT,
    Cooldown,
    DatedLab,
    age,
    cooldowns,
    date_lab,
    run_cooldowns,
)
from hooklab.defences.dated_index import JSON_TYPE, DatedIndex, pep700_time
from hooklab.defences.lab import Lab
from hooklab.defences.releases import publish_fixture, set_npm_times
from hooklab.defences.servers import http_request
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture, get_fixture
from hooklab.lang import untranslated

NPM_FX, PY_FX = "npm-takeover", "pypi-takeover"


@pytest.fixture(scope="module")
def dated() -> Iterator[tuple[Lab, DatedLab, Fixture, Fixture]]:
    npm_fx, py_fx = get_fixture(NPM_FX), get_fixture(PY_FX)
    with Lab("test-cooldowns", fixtures=[npm_fx, py_fx]) as lab:
        yield lab, date_lab(lab, npm_fx, py_fx), npm_fx, py_fx


def _page(index: DatedIndex, path: str, accept: str = JSON_TYPE) -> tuple[int, bytes]:
    return http_request(index.port, "GET", path, headers={"Accept": accept})


def test_index_reports_the_upload_times_the_kit_set(dated) -> None:
    _, d, _, py_fx = dated
    status, body = _page(d.index, f"/simple/{py_fx.package}/")
    doc = json.loads(body)
    assert status == 200 and doc["meta"]["api-version"] == "1.1"
    times = {f["filename"]: f["upload-time"] for f in doc["files"]}
    old, new = d.times["pypi"]["1.0.0"], d.times["pypi"]["1.0.1"]
    assert times == {
        "hooklab_takeover_mcp-1.0.0-py3-none-any.whl": pep700_time(old),
        "hooklab_takeover_mcp-1.0.1.tar.gz": pep700_time(new),
    }
    assert d.now - old == timedelta(days=30) and d.now - new == timedelta(hours=1)
    # the HTML page lists the same files, with their hashes
    status, body = _page(d.index, f"/simple/{py_fx.package}/", accept="text/html")
    assert status == 200 and body.count(b"#sha256=") == 2


def test_verdaccio_reports_the_backdated_publish_time(dated) -> None:
    lab, d, npm_fx, _ = dated
    time = (lab.npm.packument(npm_fx.package) or {})["time"]
    published = datetime.fromisoformat(time["1.0.0"].replace("Z", "+00:00"))
    assert abs(published - d.times["npm"]["1.0.0"]) < timedelta(milliseconds=1)
    assert time["created"] == time["1.0.0"] and time["modified"] == time["1.0.1"]


def test_ages_and_the_default_row_follow_the_language(monkeypatch) -> None:
    assert untranslated(TEXT) == []
    spans = [timedelta(days=30), timedelta(hours=1), timedelta(minutes=2), timedelta(seconds=5)]
    assert [age(d, "ko") for d in spans] == ["30일", "1시간", "2분", "1분 미만"]
    assert [age(d, "en") for d in spans] == ["30 days", "1 hour", "2 minutes", "under a minute"]
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert age(timedelta(days=1)) == "1 day"
    assert cooldowns()[-1].switch == "(default)"
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert cooldowns()[-1].switch == "(기본값)"


def _rows(tool: str) -> list[Cooldown]:
    return [r for r in cooldowns() if r.tool == tool]


def test_uv_exclude_newer_takes_the_old_version_and_no_switch_the_new(dated) -> None:
    lab, d, npm_fx, py_fx = dated
    frame = run_cooldowns(lab, d, npm_fx, py_fx, rows=_rows("uv pip install")).set_index("switch")
    assert frame.loc['--exclude-newer "7 days"', "version"] == "1.0.0"
    assert not frame.loc['--exclude-newer "7 days"', "hook_ran"]
    assert frame.loc["-", "version"] == "1.0.1" and frame.loc["-", "hook_ran"]


def test_pip_uploaded_prior_to_takes_the_old_version(dated) -> None:
    lab, d, npm_fx, py_fx = dated
    frame = run_cooldowns(lab, d, npm_fx, py_fx, rows=_rows("pip install")).set_index("switch")
    assert frame.loc["--uploaded-prior-to P7D", "version"] == "1.0.0"
    assert frame.loc["-", "version"] == "1.0.1"


def test_npm_min_release_age_takes_the_old_version_on_verdaccio(dated) -> None:
    lab, d, npm_fx, py_fx = dated
    rows = [r for r in _rows("npx") if r.argv(npm_fx)[0] == "npx"]  # npm 11, with and without
    frame = run_cooldowns(lab, d, npm_fx, py_fx, rows=rows).set_index("switch")
    assert frame.loc["--min-release-age=7", "version"] == "1.0.0"
    assert not frame.loc["--min-release-age=7", "hook_ran"]
    assert frame.loc["-", "version"] == "1.0.1" and frame.loc["-", "hook_ran"]
    assert "1.0.1(1시간 전 게시) 건너뜀" in frame.loc["--min-release-age=7", "why"]


def _listeners(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp writes them) listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                found.add(addr)
    return found


def test_index_listens_on_loopback_only(dated) -> None:
    _, d, _, _ = dated
    assert _listeners(d.index.port) == {"0100007F"}  # 127.0.0.1


def test_index_serves_only_the_kit_files(dated, tmp_path: Path) -> None:
    _, d, _, _ = dated
    secret = tmp_path / "secret-1.0.0.tar.gz"
    secret.write_text("not the index's")
    (d.index.packages / "linked-1.0.0.tar.gz").symlink_to(secret)
    (d.index.packages / "notes.txt").write_text("not a distribution")
    try:
        for path in (
            "/files/linked-1.0.0.tar.gz",
            "/files/notes.txt",
            "/files/../uploads.json",
            "/files/%2e%2e/uploads.json",
            "/files/" + "x" * 5000,
            "/uploads.json",
            "/simple/linked/",
            "/simple/../uploads.json",
        ):
            status, body = _page(d.index, path)
            assert status == 404, path
            assert b"not the index's" not in body
        status, body = _page(d.index, "/simple/")
        assert b"linked" not in body and b"notes" not in body
    finally:
        (d.index.packages / "linked-1.0.0.tar.gz").unlink()
        (d.index.packages / "notes.txt").unlink()


def test_dating_needs_a_file_the_index_has_and_a_time_zone(dated, monkeypatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    lab, d, npm_fx, _ = dated
    with pytest.raises(HooklabError, match="no file"):
        d.index.date({"../escape-1.0.0.tar.gz": datetime.now(UTC)})
    with pytest.raises(HooklabError, match="time zone"):
        pep700_time(datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(HooklabError, match="not in registry"):
        set_npm_times(lab.npm, npm_fx.package, {"9.9.9": datetime.now(UTC)})
    assert not (d.index.dir / "escape-1.0.0.tar.gz").exists()


def test_a_new_registry_without_dates_reports_no_upload_time() -> None:
    fx = get_fixture(PY_FX)
    with DatedIndex("test-cooldowns-undated", reset=True) as index:
        publish_fixture(fx, index)
        doc = json.loads(_page(index, f"/simple/{fx.package}/")[1])
    assert doc["files"] and all("upload-time" not in f for f in doc["files"])


def test_the_matrix_cooldown_column_takes_the_month_old_release_or_nothing() -> None:
    """In the defence matrix: a fixture whose bad release is an hour old and whose clean one a
    month old is safe under a cooldown (npm and PyPI); one whose only release is new installs
    nothing, so its hook does not run either."""
    from hooklab.defences import run_matrix

    fixtures = [get_fixture(n) for n in ("npm-phantom-dependency", "pypi-pth-in-wheel")]
    fixtures.append(get_fixture("npm-postinstall"))
    with Lab("test-matrix-cooldown", fixtures=fixtures) as lab:
        frame = run_matrix(["none", "cooldown"], fixtures, lab)
    cells = {(r.fixture, r.defence): r.outcome for r in frame.itertuples()}
    assert cells[("npm-phantom-dependency", "none")] == "hook"
    assert cells[("npm-phantom-dependency", "cooldown")] == "safe"
    assert cells[("pypi-pth-in-wheel", "cooldown")] == "safe"
    assert cells[("npm-postinstall", "cooldown")] == "broken"
