"""The defences, each measured live against real loopback registries."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from hooklab.defences import (
    Lab,
    heatmap,
    matrix_table,
    npm_lock_project,
    run_matrix,
    swap_npm_tarball,
    vet_and_promote,
    vetting_frame,
)
from hooklab.defences.lockfile import hashed_requirements
from hooklab.defences.matrix import TEXT as MATRIX_TEXT
from hooklab.defences.nodetools import npm12_argv
from hooklab.defences.private import artefacts, decide, review_level
from hooklab.defences.releases import releases
from hooklab.defences.scenarios import (
    ACME_NPM,
    ACME_PYPI,
    FAILED,
    confusion_setup,
    outcome,
    tamper_wheel,
    try_all,
    write_npmrc,
)
from hooklab.defences.switches import project_try
from hooklab.fixtures import get_fixture
from hooklab.lang import in_lang, untranslated

from .conftest import run_cli

CMD = "hooklab-takeover-mcp"
BIN = f"node_modules/.bin/{CMD}"
NAMES = ("npm-takeover", "pypi-takeover", "npm-needs-build", "npm-postinstall", "pypi-setup-py")


@pytest.fixture(scope="module")
def lab():
    with Lab("t-lab", fixtures=[get_fixture(n) for n in NAMES]) as lab:
        yield lab


def _row(lab, fx_name, argv, **kw):
    fx = lab.fixture(fx_name)
    return outcome(" ".join(argv), lab.run(argv, **kw), fx)


def test_unpinned_runs_the_taken_over_release_and_pinned_does_not(lab):
    rows = [
        _row(lab, "npm-takeover", ["npx", "-y", "hooklab-takeover-mcp", "--version"]),
        _row(lab, "npm-takeover", ["npx", "-y", "hooklab-takeover-mcp@1.0.0", "--version"]),
        _row(lab, "pypi-takeover", ["uvx", "hooklab-takeover-mcp", "--version"]),
        _row(lab, "pypi-takeover", ["uvx", "hooklab-takeover-mcp==1.0.0", "--version"]),
    ]
    assert [(r["version"], r["hook_ran"]) for r in rows] == [
        ("1.0.1", True),
        ("1.0.0", False),
        ("1.0.1", True),
        ("1.0.0", False),
    ]


def test_lockfile_holds_the_version_and_catches_a_swapped_tarball(lab):
    fx = lab.fixture("npm-takeover")
    project = npm_lock_project(lab.npm, fx, "1.0.0", lab.folder("lock"))
    ci = _row(
        lab,
        "npm-takeover",
        ["sh", "-c", f"npm ci && {BIN} --version"],
        cwd=project,
    )
    assert (ci["version"], ci["hook_ran"]) == ("1.0.0", False)
    fresh = lab.folder("fresh")
    (fresh / "package.json").write_text((project / "package.json").read_text())
    loose = _row(
        lab,
        "npm-takeover",
        ["sh", "-c", f"npm install && {BIN} --version"],
        cwd=fresh,
    )
    assert (loose["version"], loose["hook_ran"]) == ("1.0.1", True)  # ^1.0.0 without a lock

    swapped = lab.folder("swap")
    (swapped / "package.json").write_text((project / "package.json").read_text())
    (swapped / "package-lock.json").write_text((project / "package-lock.json").read_text())
    hooked_as_100 = releases(fx)["1.0.1"][0]
    swap_npm_tarball(lab.npm, fx.package, "1.0.0", hooked_as_100)
    try:
        row = _row(lab, "npm-takeover", ["npm", "ci"], cwd=swapped)
        assert row["says"] == "EINTEGRITY" and not row["hook_ran"]
    finally:
        swap_npm_tarball(lab.npm, fx.package, "1.0.0", releases(fx)["1.0.0"][0])


def test_require_hashes_refuses_a_changed_wheel(lab):
    fx = lab.fixture("pypi-takeover")
    folder = lab.folder("hashes")
    reqs = hashed_requirements(lab.pypi, fx, "1.0.0", folder)
    cmd = [
        "sh",
        "-c",
        f"uv venv -q v && uv pip install --python v --require-hashes -r {reqs.name}"
        " && v/bin/hooklab-takeover-mcp --version",
    ]
    assert _row(lab, "pypi-takeover", cmd, cwd=folder)["version"] == "1.0.0"
    wheel = lab.pypi.packages / "hooklab_takeover_mcp-1.0.0-py3-none-any.whl"
    original = wheel.read_bytes()
    tamper_wheel(wheel)
    try:
        again = lab.folder("hashes-again")
        (again / reqs.name).write_text(reqs.read_text())
        row = _row(lab, "pypi-takeover", cmd, cwd=again)
        assert row["says"] == in_lang(FAILED["hash-mismatch"]) and not row["works"]
    finally:
        wheel.write_bytes(original)


def test_install_script_switches_and_their_cost(lab):
    p = "hooklab-needs-build"
    plain = _row(lab, "npm-needs-build", ["npx", "-y", p])
    off = _row(lab, "npm-needs-build", ["npx", "-y", "--ignore-scripts", p])
    strict = _row(lab, "npm-needs-build", ["npx", "-y", "--strict-allow-scripts", p])
    allowed = _row(
        lab, "npm-needs-build", ["npx", "-y", "--strict-allow-scripts", f"--allow-scripts={p}", p]
    )
    npm12 = _row(lab, "npm-postinstall", [*npm12_argv("npx"), "-y", "hooklab-fixture-postinstall"])
    assert plain["hook_ran"] and plain["works"]
    assert not off["hook_ran"] and off["says"] == in_lang(FAILED["generated-missing"])
    assert not strict["hook_ran"] and strict["says"] == "ESTRICTALLOWSCRIPTS"
    assert allowed["hook_ran"] and allowed["works"]
    assert not npm12["hook_ran"] and npm12["works"]
    rc = write_npmrc(lab.folder("rc"), "ignore-scripts=true\n")
    via_rc = _row(
        lab, "npm-postinstall", ["npx", "-y", "hooklab-fixture-postinstall"], cwd=rc.parent
    )
    assert not via_rc["hook_ran"] and via_rc["works"]


def test_pip_only_binary_does_not_protect_a_local_path(lab):
    sdist = releases(lab.fixture("pypi-setup-py"))["1.0.0"][0]
    venv = "uv venv -q v && pip --python v/bin/python install --only-binary :all:"
    by_name = _row(lab, "pypi-setup-py", ["sh", "-c", f"{venv} hooklab-fx-setuppy"])
    by_path = _row(lab, "pypi-setup-py", ["sh", "-c", f"{venv} {sdist}"])
    download = _row(
        lab, "pypi-setup-py", ["pip", "download", "--no-deps", "-d", "dl", "hooklab-fx-setuppy"]
    )
    no_build = _row(
        lab,
        "pypi-setup-py",
        ["uvx", "--no-build", "--from", "hooklab-fx-setuppy", "hooklab-setuppy-hello"],
    )
    assert not by_name["hook_ran"] and by_name["says"] == in_lang(FAILED["no-wheel"])
    assert by_path["hook_ran"] and download["hook_ran"]
    assert not no_build["hook_ran"] and no_build["says"] == in_lang(FAILED["no-build"])


def test_scope_routing_and_index_order_stop_dependency_confusion(lab):
    confusion_setup(lab, lab.fixture("npm-takeover"), lab.fixture("pypi-takeover"))
    internal_npm, internal_pypi = lab.internal
    folder = lab.folder("acme")
    argv = ["npx", "-y", ACME_NPM, "--version"]
    unrouted = _row(lab, "npm-takeover", argv, cwd=folder)
    write_npmrc(folder, internal_npm.npmrc(scope="@acme"))
    routed = _row(lab, "npm-takeover", argv, cwd=folder)
    assert (unrouted["version"], unrouted["hook_ran"]) == ("9.9.9", True)
    assert (routed["version"], routed["hook_ran"]) == ("1.0.0", False)
    merged = [
        "sh",
        "-c",
        "uv venv -q v && pip --python v/bin/python install -q "
        f"--extra-index-url {internal_pypi.simple_url} {ACME_PYPI} && v/bin/{CMD} --version",
    ]
    first = [
        "uvx",
        "--index",
        internal_pypi.simple_url,
        "--from",
        ACME_PYPI,
        "hooklab-takeover-mcp",
        "--version",
    ]
    pip_row = _row(lab, "pypi-takeover", merged, cwd=lab.folder("pip"))
    uv_row = _row(lab, "pypi-takeover", first)
    assert (pip_row["version"], pip_row["hook_ran"]) == ("9.9.9", True)
    assert (uv_row["version"], uv_row["hook_ran"]) == ("1.0.0", False)


def test_vet_then_promote_lets_only_the_clean_release_in(lab):
    fxs = [lab.fixture("npm-takeover"), lab.fixture("pypi-takeover")]
    frame = vetting_frame(vet_and_promote(lab, fxs))
    assert frame[["version", "review_install", "promoted"]].values.tolist() == [
        ["1.0.0", "low", True],
        ["1.0.1", "high", False],
        ["1.0.0", "low", True],
        ["1.0.1", "high", False],
    ]
    npm, pypi = lab.internal
    assert npm.versions("hooklab-takeover-mcp") == ["1.0.0"]
    row = _row(
        lab, "npm-takeover", ["npx", "-y", "hooklab-takeover-mcp", "--version"], side="internal"
    )
    assert (row["version"], row["hook_ran"]) == ("1.0.0", False)


def test_review_alone_refuses_promotion_when_the_trace_saw_nothing(lab):
    fx = lab.fixture("npm-postinstall")
    with tempfile.TemporaryDirectory() as tmp:
        files = artefacts(lab, fx, "1.0.0", Path(tmp))
        assert review_level(files) == "high"
    quiet = lab.run(["npx", "--yes", "--ignore-scripts", fx.package])  # the hook did not run
    assert not quiet.hook_ran
    refused = decide(fx, "1.0.0", quiet, "high", lang="en")
    assert (refused.promoted, refused.reason) == (False, "review: install-time code rated high")
    approved = decide(fx, "1.0.0", quiet, "high", approved=(fx.package,))
    assert (approved.promoted, approved.reason) == (True, "사람이 승인한 설치 단계")


def test_try_all_names_which_hooks_ran_and_reuse_repeats_nothing(lab):
    post, needs = lab.fixture("npm-postinstall"), lab.fixture("npm-needs-build")
    frame = try_all(
        lab,
        {
            "both": project_try(lab, needs, [post]),
            "only needs-build": project_try(
                lab,
                needs,
                [post],
                {needs.package: True, post.package: False},
                flags=("--strict-allow-scripts",),
            ),
        },
    )
    assert frame["hooks"].tolist() == ["npm-needs-build, npm-postinstall", "npm-needs-build"]
    assert frame["works"].tolist() == [True, True]
    argv = ["npx", "--yes", post.package]
    first = lab.run(argv)
    assert lab.run(argv, reuse=True) is first and lab.run(argv) is not first


def test_matrix_cells_are_live_runs(lab):
    fxs = [lab.fixture("npm-takeover"), lab.fixture("pypi-takeover")]
    frame = run_matrix(["none", "pin", "ignore-scripts", "uv-no-build"], fxs, lab)
    got = {(r.fixture, r.defence): r.outcome for r in frame.itertuples()}
    assert got == {
        ("npm-takeover", "none"): "hook",
        ("npm-takeover", "pin"): "safe",
        ("npm-takeover", "ignore-scripts"): "safe",
        ("pypi-takeover", "none"): "hook",
        ("pypi-takeover", "pin"): "safe",
        ("pypi-takeover", "uv-no-build"): "safe",
    }
    assert (frame["seconds"] > 0).all()
    assert matrix_table(frame).loc["npm-takeover", "uv-no-build"] == "—"
    assert heatmap(frame).axes  # a defence that does not apply leaves an empty square


def test_matrix_table_speaks_the_kit_language(monkeypatch):
    assert untranslated(MATRIX_TEXT) == []
    frame = pd.DataFrame(
        [("npm-takeover", d, o) for d, o in (("none", "hook"), ("pin", "safe"))],
        columns=["fixture", "defence", "outcome"],
    )
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert matrix_table(frame).values.tolist() == [["훅 실행됨", "막음 · 프로그램 정상"]]
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert matrix_table(frame).values.tolist() == [["hook ran", "blocked · program works"]]


def test_notebook_06_kit_words_speak_the_kit_language(monkeypatch):
    from hooklab.defences import fixture_summary
    from hooklab.defences.scenarios import TEXT as SCENARIO_TEXT
    from hooklab.defences.switches import TEXT as SWITCH_TEXT
    from hooklab.show.runners import ROLES, WORDS, runners_frame

    assert untranslated(SCENARIO_TEXT) == [] and untranslated(SWITCH_TEXT) == []
    assert WORDS["ko"].keys() == WORDS["en"].keys() and set(ROLES) <= WORDS["en"].keys()
    fx = get_fixture("npm-postinstall")
    row = {"runner": "bunx", "version": "1", "role": "innocent", "package": "p"}
    row |= {"target_hook_ran": False, "dependency_hook_ran": False, "works": True}
    monkeypatch.setattr("hooklab.show.runners.asdict", lambda r: r)
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert fixture_summary(fx) == fx.summary_ko
    assert runners_frame([row])["role"].tolist() == ["의존성에 훅"]  # type: ignore[list-item]
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert fixture_summary(fx) == fx.summary
    assert runners_frame([row])["role"].tolist() == ["hook in a dependency"]  # type: ignore[list-item]


def test_cli_matrix_json(tmp_path):
    out = tmp_path / "m.json"
    proc = run_cli(
        "matrix",
        "--fixture",
        "npm-postinstall",
        "--defence",
        "none",
        "--defence",
        "ignore-scripts",
        "--json",
        str(out),
        env={"HOOKLAB_WORK": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    cells = json.loads(out.read_text())
    assert [(c["defence"], c["hook_ran"], c["works"]) for c in cells] == [
        ("none", True, True),
        ("ignore-scripts", False, True),
    ]
    bad = run_cli(
        "matrix", "--fixture", "nope", env={"HOOKLAB_WORK": str(tmp_path), "HOOKLAB_LANG": "en"}
    )
    assert bad.returncode == 2 and bad.stderr.startswith("hooklab: unknown fixture 'nope'")


def test_sandbox_column_installs_a_file_fetched_on_the_host_and_contains_the_hook(lab):
    fxs = [lab.fixture("npm-postinstall"), lab.fixture("pypi-setup-py")]
    frame = run_matrix(["sandbox"], fxs, lab)
    assert frame[["hook_ran", "works", "outcome"]].values.tolist() == [
        [True, True, "contained"],
        [True, True, "contained"],
    ]


@pytest.mark.parametrize("sandbox", ["docker", "gvisor"])
def test_the_sandbox_column_runs_in_the_docker_sandboxes_too(lab, sandbox):
    fxs = [lab.fixture("npm-postinstall"), lab.fixture("pypi-setup-py")]
    frame = run_matrix(["sandbox"], fxs, lab, sandbox=sandbox)
    assert frame[["hook_ran", "works", "outcome"]].values.tolist() == [
        [True, True, "contained"],
        [True, True, "contained"],
    ]
