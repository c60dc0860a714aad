"""How launch-line package specs are read: npm's semver rules and PEP 440/508, table-driven,
hostile specs included. No registry is asked."""

from __future__ import annotations

import pytest

from hooklab.mcp.specs import npm_spec, pypi_spec

SHA = "0123456789abcdef0123456789abcdef01234567"
HASHED = "pkg @ https://host/pkg-1.0.tar.gz#sha256=" + "a" * 64

NPM = [
    # (spec, name fetched, pin, exact version)
    ("pkg@1.2.3", "pkg", "pinned", "1.2.3"),
    ("pkg@v1.2.3", "pkg", "pinned", "1.2.3"),
    ("pkg@=1.2.3", "pkg", "pinned", "1.2.3"),
    ("@scope/pkg@1.0.0-beta.1", "@scope/pkg", "pinned", "1.0.0-beta.1"),
    ("pkg@npm:other@1.0.0", "other", "pinned", "1.0.0"),
    ("@a/pkg@npm:@b/other@2.0.0", "@b/other", "pinned", "2.0.0"),
    ("pkg@npm:other", "other", "floating", ""),
    ("pkg@npm:other@^1", "other", "floating", ""),
    ("pkg", "pkg", "floating", ""),
    ("@scope/pkg", "@scope/pkg", "floating", ""),
    ("pkg@latest", "pkg", "floating", ""),
    ("pkg@next", "pkg", "floating", ""),
    ("pkg@^1.2.3", "pkg", "floating", ""),
    ("pkg@~1.2", "pkg", "floating", ""),
    ("pkg@1.2", "pkg", "floating", ""),
    ("pkg@1.x", "pkg", "floating", ""),
    ("pkg@*", "pkg", "floating", ""),
    ("pkg@>=1 <2", "pkg", "floating", ""),
    ("pkg@1.2.3 || 2.0.0", "pkg", "floating", ""),
    ("owner/repo", "owner/repo", "floating", ""),
    (f"github:owner/repo#{SHA}", f"github:owner/repo#{SHA}", "pinned", ""),
    ("https://host/pkg.tgz", "https://host/pkg.tgz", "floating", ""),
    ("./pkg.tgz", "./pkg.tgz", "local", ""),
]

PYPI = [
    ("torch@2.1.0+cpu", "torch", "pinned", "2.1.0+cpu"),
    ("pkg@1!2.0", "pkg", "pinned", "1!2.0"),
    ('pkg==1.0 ; python_version>"3.8"', "pkg", "pinned", "1.0"),
    ("pkg==1.0", "pkg", "pinned", "1.0"),
    ("pkg[extra]==1.0", "pkg", "pinned", "1.0"),
    ("pkg[extra]@1.0", "pkg", "pinned", "1.0"),
    ("pkg==1.0.0.post1", "pkg", "pinned", "1.0.0.post1"),
    ("pkg===1.0-custom", "pkg", "pinned", "1.0-custom"),
    ("pkg", "pkg", "floating", ""),
    ("pkg@latest", "pkg", "floating", ""),
    ("pkg==1.*", "pkg", "floating", ""),
    ("pkg>=1", "pkg", "floating", ""),
    ("pkg~=1.0", "pkg", "floating", ""),
    ("pkg==1.0,<2", "pkg", "floating", ""),
    ('pkg>=1 ; python_version>"3.8"', "pkg", "floating", ""),
    (f"pkg @ git+https://host/repo@{SHA}", f"pkg @ git+https://host/repo@{SHA}", "pinned", ""),
    ("pkg @ git+https://host/repo@main", "pkg @ git+https://host/repo@main", "floating", ""),
    (HASHED, HASHED, "pinned", ""),
    ("pkg @ https://host/p-1.0.tar.gz", "pkg @ https://host/p-1.0.tar.gz", "floating", ""),
    (f"git+https://host/repo@{SHA}", f"git+https://host/repo@{SHA}", "pinned", ""),
    ("./dist/pkg-1.0-py3-none-any.whl", "./dist/pkg-1.0-py3-none-any.whl", "local", ""),
]

HOSTILE = [
    "",
    "-y",
    "--userconfig=./evil.npmrc",
    "--index-url=http://127.0.0.1:9/",
    "pkg\n@1.0.0",
    "pkg@1.0.0\x1b[2J",
    "pkg@\u202e1.0.0",
    "x" * 1001,
    "pkg@" + "1." * 600 + "0",
    "Not A Name",
    "pkg@npm:other@npm:third@1.0.0",
    "pkg@npm:",
    "pkg@npm:-x",
    "pkg;;",
    "pkg@not a version",
    "@/x@1.0.0",
]


@pytest.mark.parametrize(("raw", "name", "pin", "version"), NPM)
def test_npm_specs_follow_npms_semver(raw, name, pin, version):
    spec = npm_spec(raw)
    assert (spec.name, spec.pin, spec.version) == (name, pin, version)
    assert spec.raw == raw and (spec.why == "") == (pin in ("pinned", "local"))


@pytest.mark.parametrize(("raw", "name", "pin", "version"), PYPI)
def test_python_requirements_follow_pep_440_and_508(raw, name, pin, version):
    spec = pypi_spec(raw)
    assert (spec.name, spec.pin, spec.version) == (name, pin, version)
    assert spec.raw == raw and (spec.why == "") == (pin in ("pinned", "local"))


def test_url_requirements_are_never_registry_names():
    for raw in (HASHED, f"pkg @ git+https://host/repo@{SHA}", "pkg @ https://host/p.tar.gz"):
        assert not pypi_spec(raw).in_registry


def test_floating_specs_say_why():
    assert "dist-tag @latest" in npm_spec("pkg@latest").why
    assert "range ^1.2.3" in npm_spec("pkg@^1.2.3").why
    assert "no version" in pypi_spec("pkg").why
    assert "#sha256=" in pypi_spec("pkg @ https://host/p-1.0.tar.gz").why


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_specs_are_invalid_and_never_registry_names(raw):
    for spec in (npm_spec(raw), pypi_spec(raw)):
        assert (spec.pin, spec.version) == ("invalid", "")
        assert not spec.in_registry and "never looked up" in spec.why
    if raw.startswith("-"):
        assert "read it as an option" in npm_spec(raw).why
