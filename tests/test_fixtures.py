"""The fixture catalogue, its safety contract, and the builders."""

import re
import tarfile
import zipfile

import pytest

from hooklab.errors import HooklabError
from hooklab.fixtures import all_fixtures, fixtures_frame, get_fixture

FIXTURES = all_fixtures()
NON_LOOPBACK_URL = re.compile(r"https?://(?!127\.0\.0\.1|localhost|\[::1\])[A-Za-z0-9.-]+")


def test_catalogue_lists_the_foundation_fixtures():
    names = {f.name for f in FIXTURES}
    assert {
        "npm-postinstall",
        "npm-preinstall",
        "pypi-setup-py",
        "pypi-build-backend",
        "pypi-cmdclass",
        "pypi-pth",
    } <= names
    assert list(fixtures_frame().columns)[:3] == ["fixture", "ecosystem", "mechanism"]


@pytest.mark.parametrize("fx", FIXTURES, ids=lambda f: f.name)
def test_payload_file_line_and_first_line_warning(fx):
    assert fx.payloads, "a fixture names where its payload is"
    for payload in fx.payloads:
        lines = (fx.folder / payload.file).read_text().splitlines()
        assert "HARMLESS TEACHING FIXTURE" in lines[0]
        assert "hooklab:payload" in lines[payload.line - 1]


@pytest.mark.parametrize("fx", FIXTURES, ids=lambda f: f.name)
def test_fixture_talks_to_loopback_only(fx):
    for path in fx.folder.rglob("*"):
        if path.is_file():
            assert not NON_LOOPBACK_URL.search(path.read_text(errors="replace")), path


def test_unknown_fixture_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    with pytest.raises(HooklabError, match="unknown fixture 'nope'; known fixtures: "):
        get_fixture("nope")


def test_npm_tarball_carries_the_hook(artefacts):
    with tarfile.open(artefacts["npm-postinstall"]["tgz"]) as tar:
        names = tar.getnames()
        pkg = tar.extractfile("package/package.json").read().decode()
    assert "package/scripts/setup.js" in names and "package/index.js" in names
    assert '"postinstall": "node scripts/setup.js"' in pkg


def test_sdist_has_pkg_info_and_setup_py(artefacts):
    with tarfile.open(artefacts["pypi-setup-py"]["sdist"]) as tar:
        names = tar.getnames()
    assert "hooklab_fx_setuppy-1.0.0/PKG-INFO" in names
    assert "hooklab_fx_setuppy-1.0.0/setup.py" in names


def test_wheel_has_no_build_code(artefacts):
    with zipfile.ZipFile(artefacts["pypi-build-backend"]["wheel"]) as zf:
        names = zf.namelist()
    assert not any(n.endswith(("setup.py", "hooklab_backend.py")) for n in names)
    assert "hooklab_fx_backend-1.0.0.dist-info/entry_points.txt" in names


def test_builds_are_reproducible(artefacts):
    from hooklab.fixtures import build_sdist, build_wheel

    fx = get_fixture("pypi-cmdclass")
    assert build_sdist(fx).read_bytes() == artefacts["pypi-cmdclass"]["sdist"].read_bytes()
    assert build_wheel(fx).read_bytes() == artefacts["pypi-cmdclass"]["wheel"].read_bytes()
