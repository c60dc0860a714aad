"""Package references as a launcher's command line writes them: npm specs, Python
requirements and docker images, each read as pinned, floating, local or invalid.

Versions are read by the rules the installers use: npm's semver (loose, as npm-package-arg reads
a spec) and PEP 440/508 (`packaging`). Names are checked by `valid_name` before any of that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import nodesemver
from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from hooklab.lang import Catalogue, in_both

# Registry package names: npm's (scoped or not; uppercase only in old names) and PEP 508's.
# Anything else is never handed to a registry tool, where it could be read as an option.
_NPM_NAME = re.compile(r"(?:@[a-z0-9][a-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,213}")
_PYPI_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?")
_COMMIT = re.compile(r"[#@]([0-9a-f]{40})$")
_HASH = re.compile(r"#(sha256|sha384|sha512)=[0-9a-f]{64,128}$")
# What npm accepts as a dist-tag: its characters survive encodeURIComponent unchanged.
_TAG = re.compile(r"[A-Za-z0-9_.!~*'()-]+")
MAX_SPEC = 1000  # characters; a longer spec is no spec a launcher was meant to read


@dataclass(frozen=True)
class Spec:
    """A package reference as written on a launcher's command line."""

    raw: str
    ecosystem: str  # "npm", "pypi" or "docker"
    name: str  # the package fetched (for an npm alias, the real one)
    pin: str  # "pinned", "floating", "local" or "invalid" (not a package spec at all)
    why: str = ""  # in English; why_ko says the same in Korean
    version: str = ""  # the exact registry version, when the spec pins one
    why_ko: str = ""

    @property
    def in_registry(self) -> bool:
        """Whether `name` is a registry package name a version could be asked for."""
        return valid_name(self.ecosystem, self.name)


def valid_name(ecosystem: str, name: str) -> bool:
    """Whether `name` follows the registry's naming rules (npm or PyPI)."""
    pattern = {"npm": _NPM_NAME, "pypi": _PYPI_NAME}.get(ecosystem)
    return pattern is not None and pattern.fullmatch(name) is not None


def npm_version(text: str) -> str | None:
    """The exact version `text` names for npm (`1.2.3`, `v1.2.3`, `=1.2.3`), or None."""
    if len(text) > MAX_SPEC:
        return None
    found = nodesemver.valid(text, loose=True)
    return str(found) if found is not None else None


def pypi_version(text: str) -> str | None:
    """`text` as a PEP 440 version (normalised), or None."""
    try:
        return str(Version(text)) if len(text) <= MAX_SPEC else None
    except InvalidVersion:
        return None


WHY: Catalogue = {
    "invalid-npm": {
        "en": "not a valid npm package spec; never looked up",
        "ko": "npm 패키지 지정으로 올바르지 않아 조회하지 않았습니다",
    },
    "invalid-pypi": {
        "en": "not a valid Python requirement; never looked up",
        "ko": "파이썬 요구 사항(requirement)으로 올바르지 않아 조회하지 않았습니다",
    },
    "option": {
        "en": " (a launcher would read it as an option)",
        "ko": " (실행기가 옵션으로 읽을 값입니다)",
    },
    "git": {
        "en": "a git source without a commit follows its branch",
        "ko": "커밋을 지정하지 않은 git 소스는 브랜치를 따라 바뀝니다",
    },
    "tarball-url": {
        "en": "a tarball URL can change under you",
        "ko": "tarball URL의 내용은 모르는 사이에 바뀔 수 있습니다",
    },
    "url-no-hash": {
        "en": "a URL without a #sha256= hash can change under you",
        "ko": "#sha256= 해시가 없는 URL의 내용은 모르는 사이에 바뀔 수 있습니다",
    },
    "no-version": {
        "en": "no version: the newest is fetched every time",
        "ko": "버전 없음: 매번 가장 새 버전을 받아 옵니다",
    },
    "range": {
        "en": "the range {range} accepts new releases",
        "ko": "범위 {range}는 새 릴리스를 받아들입니다",
    },
    "dist-tag": {
        "en": "the dist-tag @{tag} moves with each release",
        "ko": "dist-tag @{tag}는 릴리스마다 옮겨 갑니다",
    },
    "latest": {"en": "@latest moves with each release", "ko": "@latest는 릴리스마다 옮겨 갑니다"},
    "docker-no-tag": {
        "en": "no tag means :latest, which moves",
        "ko": "태그가 없으면 :latest이고, :latest는 옮겨 갑니다",
    },
    "docker-latest": {
        "en": ":latest moves with each push",
        "ko": ":latest는 푸시할 때마다 옮겨 갑니다",
    },
    "docker-tag": {
        "en": "tag :{tag} (a digest is stronger)",
        "ko": "태그 :{tag} (다이제스트로 고정하면 더 단단합니다)",
    },
}


def _why(key: str, **fields: object) -> dict[str, str]:
    """A Spec's `why` and `why_ko` for the message `key` of WHY."""
    text = in_both(WHY, key, **fields)
    return {"why": text["en"], "why_ko": text["ko"]}


def _invalid(spec: str, ecosystem: str) -> Spec:
    why = _why(f"invalid-{ecosystem}")
    if spec.startswith("-"):
        why = {field: text + _why("option")[field] for field, text in why.items()}
    return Spec(spec, ecosystem, spec, "invalid", **why)


def _unreadable(spec: str) -> bool:
    """A spec no launcher could mean: empty, an option, control characters, or huge."""
    return not spec or spec.startswith("-") or not spec.isprintable() or len(spec) > MAX_SPEC


def _is_local(spec: str) -> bool:
    if spec.startswith((".", "/", "~", "file:")):
        return True
    return "://" not in spec and spec.endswith((".tgz", ".whl", ".tar.gz"))


def _git_spec(spec: str, ecosystem: str) -> Spec:
    """A git source is pinned only when it names a commit."""
    if _COMMIT.search(spec):
        return Spec(spec, ecosystem, spec, "pinned")
    return Spec(spec, ecosystem, spec, "floating", **_why("git"))


def npm_spec(spec: str) -> Spec:
    """Read a spec the way npm-package-arg does: a version, a range, a dist-tag or an alias."""
    if _unreadable(spec):
        return _invalid(spec, "npm")
    if _is_local(spec):
        return Spec(spec, "npm", spec, "local")
    if spec.startswith(("git+", "git:", "github:", "gitlab:", "bitbucket:")) or (
        "/" in spec and not spec.startswith("@") and ":" not in spec
    ):
        return _git_spec(spec, "npm")
    if spec.startswith(("http://", "https://")):
        return Spec(spec, "npm", spec, "floating", **_why("tarball-url"))
    at = spec.find("@", 1)
    name, wanted = (spec[:at], spec[at + 1 :]) if at > 0 else (spec, "")
    if not valid_name("npm", name):
        return _invalid(spec, "npm")
    if wanted.startswith("npm:"):  # an alias: npm fetches the package named after npm:
        real = npm_spec(wanted[4:])
        if real.pin == "invalid" or not real.in_registry or "npm:" in wanted[4:]:
            return _invalid(spec, "npm")
        return replace(real, raw=spec)
    if not wanted.strip():
        return Spec(spec, "npm", name, "floating", **_why("no-version"))
    exact = npm_version(wanted)
    if exact is not None:
        return Spec(spec, "npm", name, "pinned", version=exact)
    if nodesemver.valid_range(wanted, loose=True) is not None:
        return Spec(spec, "npm", name, "floating", **_why("range", range=wanted))
    if _TAG.fullmatch(wanted):
        return Spec(spec, "npm", name, "floating", **_why("dist-tag", tag=wanted))
    return _invalid(spec, "npm")


def _pypi_url_spec(spec: str, req: Requirement) -> Spec:
    """`name @ URL`: pinned only when the URL names a commit or carries the archive's hash.
    Its name is the whole spec: the package comes from the URL, never from a registry."""
    url = req.url or ""
    if _COMMIT.search(url) or _HASH.search(url):
        return Spec(spec, "pypi", spec, "pinned")
    if url.startswith("git+"):
        return Spec(spec, "pypi", spec, "floating", **_why("git"))
    return Spec(spec, "pypi", spec, "floating", **_why("url-no-hash"))


def pypi_spec(spec: str) -> Spec:
    """Read a PEP 508 requirement, or uvx's `name@version` form."""
    if _unreadable(spec):
        return _invalid(spec, "pypi")
    if _is_local(spec):
        return Spec(spec, "pypi", spec, "local")
    if spec.startswith("git+"):
        return _git_spec(spec, "pypi")
    head, at, wanted = spec.partition("@")
    name = head.split("[", 1)[0].strip()
    if at and valid_name("pypi", name) and "://" not in wanted:  # uvx's pkg@1.0, pkg[x]@1.0
        if wanted == "latest":
            return Spec(spec, "pypi", name, "floating", **_why("latest"))
        exact = pypi_version(wanted)
        if exact is None:
            return _invalid(spec, "pypi")
        return Spec(spec, "pypi", name, "pinned", version=exact)
    try:
        req = Requirement(spec)
    except InvalidRequirement:
        return _invalid(spec, "pypi")
    if not valid_name("pypi", req.name):
        return _invalid(spec, "pypi")
    if req.url:
        return _pypi_url_spec(spec, req)
    specifiers = list(req.specifier)
    if not specifiers:
        return Spec(spec, "pypi", req.name, "floating", **_why("no-version"))
    only = specifiers[0]
    if len(specifiers) == 1 and only.operator in ("==", "===") and "*" not in only.version:
        exact = only.version if only.operator == "===" else pypi_version(only.version)
        return Spec(spec, "pypi", req.name, "pinned", version=exact or only.version)
    return Spec(spec, "pypi", req.name, "floating", **_why("range", range=req.specifier))


def docker_spec(image: str) -> Spec:
    if "@sha256:" in image:
        return Spec(image, "docker", image.split("@")[0], "pinned")
    last = image.rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    base = image[: len(image) - len(last)] + name
    if not tag:
        return Spec(image, "docker", base, "floating", **_why("docker-no-tag"))
    if tag == "latest":
        return Spec(image, "docker", base, "floating", **_why("docker-latest"))
    return Spec(image, "docker", base, "pinned", **_why("docker-tag", tag=tag))
