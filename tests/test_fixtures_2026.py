"""The attacks of 2025-26 rebuilt as fixtures (Shai-Hulud 2.0, Axios 1.14.1, litellm 1.82.8) and
event-stream's run-time payload: what each does on the host, under watch with a fake home, and
which defences of the matrix stop it. Every run is live, against loopback registries only."""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from hooklab.defences import Lab, files_and_trace, run_matrix
from hooklab.defences.plans import plan
from hooklab.defences.releases import releases
from hooklab.defences.switches import project_try
from hooklab.fixtures import build, build_clean, get_fixture
from hooklab.model import RunResult
from hooklab.review import review

OWN_RUNTIME = "npm-preinstall-own-runtime"
PHANTOM = "npm-phantom-dependency"
TRANSITIVE = "npm-runtime-transitive"
PTH_WHEEL = "pypi-pth-in-wheel"
NAMES = [OWN_RUNTIME, PHANTOM, TRANSITIVE, PTH_WHEEL]
DEFENCES = ["none", "pin", "ignore-scripts", "strict-allow-scripts", "npm12-default"]
PY_DEFENCES = ["none", "pin", "uv-no-build", "pip-only-binary"]


@pytest.fixture(scope="module")
def lab():
    with Lab("t-2026", fixtures=[get_fixture(n) for n in NAMES]) as lab:
        yield lab


@pytest.fixture(scope="module")
def host(lab) -> dict[str, RunResult]:
    """Each fixture installed and started with no defence (the matrix's "none" command), once;
    the matrix reuses these runs."""
    out = {}
    for fx in lab.fixtures:
        p = plan(lab, fx, "none")
        assert p is not None
        out[fx.name] = lab.run(p.argv, reuse=True)
    return out


@pytest.fixture(scope="module")
def cells(lab, host) -> dict[tuple[str, str], str]:
    npm = [lab.fixture(n) for n in NAMES if n != PTH_WHEEL]
    frame = run_matrix(DEFENCES, npm, lab)
    py = run_matrix(PY_DEFENCES, [lab.fixture(PTH_WHEEL)], lab)
    return {(r.fixture, r.defence): r.outcome for f in (frame, py) for r in f.itertuples()}


def _pids(result: RunResult, word: str) -> set[int]:
    return {p.pid for p in result.processes if any(word in a for a in p.argv)}


def test_the_second_runtime_is_its_own_process_and_the_trace_sees_all_it_does(host, lab):
    result = host[OWN_RUNTIME]
    assert result.exit_code == 0 and lab.fixture(OWN_RUNTIME).command in result.stdout
    runtime = _pids(result, "npm-preinstall-own-runtime.hooklab-rt")
    assert len(runtime) == 1, [p.argv for p in result.processes]
    (pid,) = runtime
    proc = next(p for p in result.processes if p.pid == pid)
    assert Path(proc.argv[0]).name.startswith("python")  # not node: a second runtime
    assert (proc.role, proc.event) == ("hook", "preinstall")
    mine = [e for e in result.events if e.pid == pid]
    canary = f"127.0.0.1:{result.canary_port}"
    assert any(e.kind == "connect" and e.detail == canary and e.ok for e in mine)
    assert {e.detail.rsplit("/", 1)[-1] for e in mine if e.kind == "secret_read"} >= {
        ".npmrc",
        "credentials",
    }
    # the download (node) and the loot (the runtime) both reached the canary
    paths = [h.path for h in result.canary_hits]
    assert "/npm-preinstall-own-runtime/hooklab-rt" in paths
    assert any("npm_token" in h.secrets for h in result.canary_hits)
    assert any(m.endswith(".marker") for m in result.markers)


def test_phantom_dependency_looks_clean_after_install_but_the_trace_does_not(lab, monkeypatch):
    fx = lab.fixture(PHANTOM)
    t = project_try(lab, fx, [])
    result = lab.run(t.argv, cwd=t.cwd)
    assert result.exit_code == 0 and fx.command in result.stdout
    (dep,) = t.cwd.glob("**/node_modules/hooklab-fx-phantom-dep")
    manifest = json.loads((dep / "package.json").read_text())
    assert "scripts" not in manifest  # the hook is gone from the installed files...
    assert not (dep / "setup.js").exists() and (dep / "index.js").is_file()
    hooks = [p for p in result.processes if p.role == "hook"]
    assert {(p.package, p.event) for p in hooks} == {("hooklab-fx-phantom-dep", "postinstall")}
    assert any(p.argv == ("node", "setup.js") for p in hooks)  # ...but the trace saw it run
    writes = [e for e in result.events if e.kind == "file_write" and e.role == "hook"]
    assert any(e.detail == str(dep.resolve() / "package.json") for e in writes)
    assert any(e.detail.endswith(".marker") for e in writes)
    assert [m.split(".")[0] for m in result.markers] == [PHANTOM]
    view = files_and_trace(result, t.cwd, "hooklab-fx-phantom-dep")
    assert view.iloc[0].tolist() == ["없음", "postinstall"]
    assert view.iloc[2].tolist() == ["-", "package.json"]
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    view = files_and_trace(result, t.cwd, "hooklab-fx-phantom-dep")
    assert view.index[0] == "install scripts (package.json)"
    assert view.iloc[0].tolist() == ["none", "postinstall"]
    assert "aws_access_key_id" in result.secrets_leaked


def test_the_run_time_payload_runs_in_the_program_with_no_hook_at_all(host):
    result = host[TRANSITIVE]
    assert result.exit_code == 0
    assert not [p for p in result.processes if p.role == "hook"]
    marker_writes = [e for e in result.events if e.kind == "file_write" and ".marker" in e.detail]
    assert marker_writes and {e.role for e in marker_writes} == {"program"}
    assert "npm_token" in result.secrets_leaked


def test_a_pth_in_the_wheel_runs_in_a_second_python_at_every_start(host):
    result = host[PTH_WHEEL]
    assert result.exit_code == 0 and "hooklab-pthwheel-hello" in result.stdout
    children = [p for p in result.processes if p.argv[-2:] == ("-m", "hooklab_fx_pthwheel_init")]
    assert children, [p.argv for p in result.processes]
    assert len(result.markers) == len(children)  # one marker per Python start, each a child
    assert "aws_access_key_id" in result.secrets_leaked


def test_matrix_cells_say_which_defences_stop_each_attack(cells):
    expected = {
        OWN_RUNTIME: {"none": "hook", "ignore-scripts": "safe", "npm12-default": "safe"},
        # npm 11's --strict-allow-scripts let the bundled dependency's postinstall run
        PHANTOM: {
            "none": "hook",
            "pin": "safe",
            "ignore-scripts": "safe",
            "npm12-default": "safe",
            "strict-allow-scripts": "hook",
        },
        # no install script to switch off: only the pin (the release before the helper) helps
        TRANSITIVE: {
            "none": "hook",
            "pin": "safe",
            "ignore-scripts": "hook",
            "strict-allow-scripts": "hook",
            "npm12-default": "hook",
        },
        # a wheel needs no build: --no-build and --only-binary let the .pth through
        PTH_WHEEL: {
            "none": "hook",
            "pin": "safe",
            "uv-no-build": "hook",
            "pip-only-binary": "hook",
        },
    }
    got = {name: {d: cells[(name, d)] for d in want} for name, want in expected.items()}
    assert got == expected


def test_review_flags_the_pth_in_the_wheel_and_not_in_the_release_before(lab):
    fx = lab.fixture(PTH_WHEEL)
    rel = releases(fx)
    assert [f.suffix for files in rel.values() for f in files] == [".whl", ".whl"]  # no sdist
    hooked = review(rel[fx.version][0])
    assert ("install.pth", "hooklab_fx_pthwheel.pth", 2) in {
        (f.rule, f.file, f.line) for _, f in hooked.findings
    }
    assert hooked.level("install") == "high"
    assert review(rel[fx.clean_version][0]).level("install") == "low"


def test_builds_bundle_the_dependency_and_clean_releases_drop_it(tmp_path):
    for name, dep in ((PHANTOM, "hooklab-fx-phantom-dep"), (TRANSITIVE, "hooklab-fx-flatmap")):
        fx = get_fixture(name)
        with tarfile.open(build(fx, tmp_path)["tgz"]) as tar:
            assert f"package/node_modules/{dep}/package.json" in tar.getnames()
        with tarfile.open(build_clean(fx, tmp_path)) as tar:
            meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
            assert not any("node_modules" in n for n in tar.getnames())
        assert meta["version"] == fx.clean_version
        assert not {"scripts", "dependencies", "bundleDependencies"} & set(meta)
    fx = get_fixture(PTH_WHEEL)
    wheel = build(fx, tmp_path)["wheel"]
    again = tmp_path / "again"
    again.mkdir()
    assert build(fx, again)["wheel"].read_bytes() == wheel.read_bytes()  # reproducible
    with zipfile.ZipFile(build_clean(fx, tmp_path)) as zf:
        assert not [n for n in zf.namelist() if n.endswith(".pth")]
