"""Package references as a launcher's command line writes them: npm specs, Python
requirements and docker images, each read as pinned, floating, local or invalid."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Registry package names: npm's (scoped or not; uppercase only in old names) and PEP 508's.
# Anything else is never handed to a registry tool, where it could be read as an option.
_NPM_NAME = re.compile(r"(?:@[a-z0-9][a-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,213}")
_PYPI_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?")
SEMVER = re.compile(r"^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
PEP440 = re.compile(r"^\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
_COMMIT = re.compile(r"[#@]([0-9a-f]{40})$")


@dataclass(frozen=True)
class Spec:
    """A package reference as written on a launcher's command line."""

    raw: str
    ecosystem: str  # "npm", "pypi" or "docker"
    name: str
    pin: str  # "pinned", "floating", "local" or "invalid" (not a package spec at all)
    why: str = ""

    @property
    def in_registry(self) -> bool:
        """Whether `name` is a registry package name a version could be asked for."""
        return valid_name(self.ecosystem, self.name)


def valid_name(ecosystem: str, name: str) -> bool:
    """Whether `name` follows the registry's naming rules (npm or PyPI)."""
    pattern = {"npm": _NPM_NAME, "pypi": _PYPI_NAME}.get(ecosystem)
    return pattern is not None and pattern.fullmatch(name) is not None


def _invalid(spec: str, ecosystem: str) -> Spec:
    what = "npm package spec" if ecosystem == "npm" else "Python requirement"
    why = f"not a valid {what}; never looked up"
    if spec.startswith("-"):
        why += " (a launcher would read it as an option)"
    return Spec(spec, ecosystem, spec, "invalid", why)


def _unreadable(spec: str) -> bool:
    """A spec no launcher could mean: empty, an option, control characters, or huge."""
    return not spec or spec.startswith("-") or not spec.isprintable() or len(spec) > 1000


def _is_local(spec: str) -> bool:
    return spec.startswith((".", "/", "~", "file:")) or spec.endswith((".tgz", ".whl", ".tar.gz"))


def _git_spec(spec: str, ecosystem: str) -> Spec:
    """A git source is pinned only when it names a commit."""
    if _COMMIT.search(spec):
        return Spec(spec, ecosystem, spec, "pinned")
    return Spec(
        spec, ecosystem, spec, "floating", "a git source without a commit follows its branch"
    )


def npm_spec(spec: str) -> Spec:
    if _unreadable(spec):
        return _invalid(spec, "npm")
    if _is_local(spec):
        return Spec(spec, "npm", spec, "local")
    if spec.startswith(("git+", "git:", "github:", "gitlab:", "bitbucket:")) or (
        "/" in spec and not spec.startswith("@") and ":" not in spec
    ):
        return _git_spec(spec, "npm")
    if spec.startswith(("http://", "https://")):
        return Spec(spec, "npm", spec, "floating", "a tarball URL can change under you")
    at = spec.rfind("@")
    name, version = (spec[:at], spec[at + 1 :]) if at > 0 else (spec, "")
    if not valid_name("npm", name):
        return _invalid(spec, "npm")
    if not version:
        return Spec(spec, "npm", name, "floating", "no version: the newest is fetched every time")
    if SEMVER.match(version):
        return Spec(spec, "npm", name, "pinned")
    if re.fullmatch(r"[A-Za-z][\w.-]*", version):
        return Spec(
            spec, "npm", name, "floating", f"the dist-tag @{version} moves with each release"
        )
    return Spec(spec, "npm", name, "floating", f"the range {version} accepts new releases")


def pypi_spec(spec: str) -> Spec:
    if _unreadable(spec):
        return _invalid(spec, "pypi")
    if _is_local(spec):
        return Spec(spec, "pypi", spec, "local")
    if spec.startswith("git+") or " @ git+" in spec:
        return _git_spec(spec, "pypi")
    m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)", spec)
    if not m or not valid_name("pypi", m.group(1)):
        return _invalid(spec, "pypi")
    name, rest = m.group(1), m.group(3).strip()
    if not rest:
        return Spec(spec, "pypi", name, "floating", "no version: the newest is fetched every time")
    if rest.startswith("@"):
        version = rest[1:]
        if PEP440.match(version):
            return Spec(spec, "pypi", name, "pinned")
        return Spec(spec, "pypi", name, "floating", f"@{version} moves with each release")
    if re.fullmatch(r"===?\s*[0-9][\w.!+-]*", rest) and "*" not in rest:
        return Spec(spec, "pypi", name, "pinned")
    return Spec(spec, "pypi", name, "floating", f"the range {rest} accepts new releases")


def docker_spec(image: str) -> Spec:
    if "@sha256:" in image:
        return Spec(image, "docker", image.split("@")[0], "pinned")
    last = image.rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    base = image[: len(image) - len(last)] + name
    if not tag:
        return Spec(image, "docker", base, "floating", "no tag means :latest, which moves")
    if tag == "latest":
        return Spec(image, "docker", base, "floating", ":latest moves with each push")
    return Spec(image, "docker", base, "pinned", f"tag :{tag} (a digest is stronger)")
