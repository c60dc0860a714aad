"""The project's own set-up files: environment.yml in step, the devcontainer valid and wired."""

import json
import re
import subprocess
import tomllib
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_python_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = {_name(r) for r in project["dependencies"] + [r for x in extras.values() for r in x]}
    text = (ROOT / "environment.yml").read_text()
    pip_section = text.split("- pip:", 1)[1]
    listed = {_name(line.split("- ", 1)[1]) for line in pip_section.splitlines() if "- " in line}
    listed -= {"-e", "uv"}
    assert listed == wanted


def test_environment_yml_pins_the_same_uv_as_setup():
    pinned = (ROOT / "tools" / "uv-requirements.in").read_text().strip()
    assert f"- {pinned}" in (ROOT / "environment.yml").read_text()


def _jsonc(text: str) -> dict:
    """Parse JSON with // and /* */ comments (strings are left alone)."""
    pattern = r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/'
    return json.loads(re.sub(pattern, lambda m: m.group(1) or "", text, flags=re.S))


def test_devcontainer_is_valid_and_runs_the_makefile_setup():
    config = _jsonc((ROOT / ".devcontainer" / "devcontainer.json").read_text())
    assert "bookworm" in config["image"]
    assert config["updateContentCommand"] == "make setup"
    assert config["waitFor"] == "onCreateCommand"
    assert any("docker-in-docker" in f for f in config["features"])
    assert any("/node:" in f for f in config["features"])
    assert 8888 in config["forwardPorts"]
    assert config["customizations"]["codespaces"]["openFiles"] == ["notebooks/00-start-here.ipynb"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^setup:", makefile, re.M) and "scripts/setup.sh" in makefile


def test_the_english_devcontainer_differs_only_in_the_edition_it_opens():
    korean = _jsonc((ROOT / ".devcontainer" / "devcontainer.json").read_text())
    english = _jsonc((ROOT / ".devcontainer" / "en" / "devcontainer.json").read_text())
    assert english["postAttachCommand"] == {"lab": "make lab EDITION=en"}
    opens = english["customizations"]["codespaces"]["openFiles"]
    assert opens == ["notebooks/en/00-start-here.ipynb"] and (ROOT / opens[0]).is_file()
    for key in ("name", "postAttachCommand", "customizations"):
        korean.pop(key), english.pop(key)
    assert english == korean
    printed = subprocess.run(
        ["make", "-n", "--no-print-directory", "lab", "EDITION=en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "notebooks/en/00-start-here.ipynb" in printed.stdout
    badge = re.search(
        r"codespaces\.new/\S*?devcontainer_path=([^)&\s]+)", (ROOT / "README.en.md").read_text()
    )
    assert badge and urllib.parse.unquote(badge.group(1)) == ".devcontainer/en/devcontainer.json"


def test_the_two_commands_exist_and_ci_calls_make_test():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("setup", "lab", "test", "bench", "clean"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_lockfiles_carry_hashes():
    lock = (ROOT / "requirements.lock").read_text()
    pins = re.findall(r"^[a-z0-9_.-]+==", lock, re.M | re.I)
    assert pins and lock.count("--hash=sha256:") >= len(pins)
    assert "--hash=sha256:" in (ROOT / "tools" / "uv-requirements.txt").read_text()


def test_make_lint_and_the_test_phase_run_the_same_checks():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lint:\n\t@bash scripts/lint\.sh$", makefile, re.M)
    assert "phase lint bash scripts/lint.sh" in (ROOT / "scripts" / "test.sh").read_text()
    lint = (ROOT / "scripts" / "lint.sh").read_text()
    for tool in ('ruff" check', 'ruff" format --check', 'mypy"', "shellcheck scripts/"):
        assert tool in lint, tool
    assert '"${CI:-}" = true' in lint  # in CI a missing shellcheck fails, it is not skipped
    assert "shellcheck" in (ROOT / "scripts" / "setup.d" / "10-system.sh").read_text()
    assert re.search(
        r"^apt_pkgs=\(.*\bshellcheck\b", (ROOT / "scripts" / "offline-bundle.sh").read_text(), re.M
    )
