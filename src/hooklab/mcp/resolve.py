"""Asking the npm registry or the Python index for a package's current version, and whether
the registry marks a version deprecated (npm) or yanked (PyPI), without letting a config, a
project file or an npmrc choose where the question goes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from hooklab.lang import Text
from hooklab.mcp.specs import npm_version, pypi_version, valid_name
from hooklab.offline import goes_public, kit
from hooklab.safetext import shown
from hooklab.tools import find_tool, last_line, npm_said

Resolver = Callable[[str, str], tuple[str | None, str]]  # (ecosystem, name) -> (version, why not)
MAX_NOTICE = 300  # characters of a registry's deprecation or yank message that are kept
NO_LOOKUP: Text = {
    "en": "registry lookups are off (--no-resolve): no version resolved, no deprecation checked",
    "ko": "레지스트리 조회를 껐습니다 (--no-resolve): 버전도 폐기 여부도 확인하지 않았습니다",
}
# uv's warning when an exact pin names a yanked release
_YANKED = re.compile(r'`[^`]*` is yanked(?: \(reason: "(.*)"\))?')


@dataclass(frozen=True)
class Answer:
    """What a registry said about one package (at one version, or its newest)."""

    version: str | None  # None: no answer, see `why`
    why: str = ""
    deprecated: str = ""  # the registry's deprecation (npm) or yank (PyPI) message, escaped


@runtime_checkable
class Lookup(Protocol):
    """A resolver that also tells what the registry says about an exact version."""

    def answer(self, ecosystem: str, name: str, version: str = "") -> Answer: ...


_PUBLIC = {"npm": "https://registry.npmjs.org/", "pypi": "https://pypi.org/simple"}
# The only parts of the caller's environment a look-up keeps: where programs are, the locale,
# the proxy and the machine's CA store. No npm_config_*, UV_*, PIP_* or tokens; HOME is a fresh
# folder, so no ~/.npmrc, uv.toml or .netrc is read either.
_KEPT_ENV = frozenset(
    {"PATH", "LANG", "LC_ALL", "SSL_CERT_FILE", "SSL_CERT_DIR", "UV_NATIVE_TLS", "UV_SYSTEM_CERTS"}
    | {p + "_proxy" for p in ("http", "https", "no", "all")}
    | {p.upper() + "_PROXY" for p in ("http", "https", "no", "all")}
)
# One quick retry: a look-up is a courtesy, and an unreachable registry should say so in seconds.
_KIT_NPMRC = (
    "fund=false\naudit=false\nupdate-notifier=false\n"
    "fetch-retries=1\nfetch-retry-mintimeout=1000\nfetch-retry-maxtimeout=3000\n"
)


def _registry_from_env(ecosystem: str) -> tuple[str, str]:
    """The registry the user's own environment names (or the public one), as (url, problem).

    Only the scheme, host, port and path are kept: credentials are never sent by a look-up."""
    if ecosystem == "npm":
        named = [v for k, v in os.environ.items() if k.lower() == "npm_config_registry"]
    else:
        named = [v for k in ("UV_DEFAULT_INDEX", "UV_INDEX_URL") if (v := os.environ.get(k))]
    if not named:
        return _PUBLIC[ecosystem], ""
    return _plain_url(named[0])


def _plain_url(value: str) -> tuple[str, str]:
    try:
        url = urlsplit(value)
        host, port = url.hostname, url.port
    except ValueError:
        host, url = None, None
    if url is None or url.scheme not in ("http", "https") or not host or not value.isprintable():
        return "", f"the registry URL {value!r} is not a plain http(s) URL; not asked"
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port else ""
    return urlunsplit((url.scheme, netloc, url.path or "/", "", "")), ""


def _lookup_argv(tool: str, ecosystem: str, wanted: str, url: str, where: Path) -> list[str]:
    """The look-up command: every option in --key=value form, then `--`, then the name."""
    if ecosystem == "npm":
        return [
            tool,
            "view",
            "--json",
            f"--registry={url}",
            f"--userconfig={where / 'npmrc'}",
            f"--cache={where / 'cache'}",
            "--workspaces=false",  # with the package.json below: no project or workspace npmrc
            "--",
            wanted,
            "version",
            "deprecated",
        ]
    return [
        tool,
        "pip",
        "compile",
        "-",  # the requirement comes on stdin, a checked name (and version): never an option
        "--no-deps",
        "--no-header",
        "--no-annotate",
        "--no-config",
        f"--python={sys.executable}",
        f"--default-index={url}",
        f"--cache-dir={where / 'cache'}",
    ]


def _lookup_env(where: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _KEPT_ENV}
    return env | {
        "HOME": str(where),
        "UV_NO_PROGRESS": "1",
        "UV_NATIVE_TLS": env.get("UV_NATIVE_TLS", "1"),
        "npm_config_update_notifier": "false",
    }


def _notice(text: object) -> str:
    """A registry's message as the audit shows it: escaped and bounded."""
    text = shown(text) or "no reason given"
    return text if len(text) <= MAX_NOTICE else text[: MAX_NOTICE - 1] + "…"


def _read_answer(ecosystem: str, out: str, err: str = "") -> Answer:
    """The version in a look-up's output, if it is one (a registry's answer is checked too),
    and the deprecation (npm's `deprecated` field) or yank (uv's warning) that came with it."""
    version: Any = None
    deprecated = ""
    if ecosystem == "npm":
        try:
            version = json.loads(out)
        except ValueError:
            pass
        version = version[-1] if isinstance(version, list) and version else version
        if isinstance(version, dict):
            if version.get("deprecated"):
                deprecated = _notice(version["deprecated"])
            version = version.get("version")
        valid = isinstance(version, str) and npm_version(version) is not None
    else:
        if m := re.search(r"==\s*([^\s;]+)", out):
            version = m.group(1)
        if yank := _YANKED.search(err):
            deprecated = _notice(yank.group(1) or "")
        valid = isinstance(version, str) and pypi_version(version) is not None
    if valid:
        return Answer(version, "", deprecated)
    return Answer(None, f"unexpected answer: {shown(last_line(out))[:200]}")


class RegistryResolver:
    """Ask the npm registry / Python index for the current version (cached per run).

    The registry is the public one, or the one the user's environment names
    (`npm_config_registry`, `UV_DEFAULT_INDEX`/`UV_INDEX_URL`); never one a config, a project
    file or an npmrc picks. Each look-up runs in a fresh folder with a config the kit writes, and
    only names that follow the registry's rules are asked for. One look-up answers both the
    version and whether the registry marks it deprecated or yanked.
    """

    def __init__(self, timeout: float = 30) -> None:
        self.timeout = timeout
        self._cache: dict[tuple[str, str, str], Answer] = {}

    def __call__(self, ecosystem: str, name: str) -> tuple[str | None, str]:
        found = self.answer(ecosystem, name)
        return found.version, found.why

    def answer(self, ecosystem: str, name: str, version: str = "") -> Answer:
        """The newest version of `name` (or the exact `version`), with its deprecation."""
        if ecosystem not in _PUBLIC:
            return Answer(None, "no registry to ask for image digests; pin a digest by hand")
        if not valid_name(ecosystem, name):
            return Answer(None, "not a registry package name; not looked up")
        exact = npm_version if ecosystem == "npm" else pypi_version
        if version and exact(version) != version:
            return Answer(None, "not an exact version; not looked up")
        key = (ecosystem, name, version)
        if key not in self._cache:
            self._cache[key] = _look_up(ecosystem, name, version, self.timeout)
        return self._cache[key]


def registry_resolver(timeout: float = 30) -> RegistryResolver:
    """A resolver that asks the registries (see `RegistryResolver`)."""
    return RegistryResolver(timeout)


_NPM_SUPPORT = (
    "Package no longer supported. Contact Support at https://www.npmjs.com/support for more info."
)
# The npm registry's answer for the archived reference server that the sample config, notebook
# 09 and lab 03 use: deprecated with npm's default text (reported 2026-09, still so 2026-12-01;
# some registry mirrors drop the `deprecated` field, so a live look-up may not show it).
RECORDED: dict[tuple[str, str, str], Answer] = {
    ("npm", "@modelcontextprotocol/server-github", version): Answer("2025.4.8", "", _NPM_SUPPORT)
    for version in ("", "2025.4.8")
}


class RecordedResolver:
    """Answers a registry gave once, with the date they were taken: the same audit offline."""

    def __init__(self, answers: dict[tuple[str, str, str], Answer], when: str) -> None:
        self.answers, self.when = answers, when

    def __call__(self, ecosystem: str, name: str) -> tuple[str | None, str]:
        found = self.answer(ecosystem, name)
        return found.version, found.why

    def answer(self, ecosystem: str, name: str, version: str = "") -> Answer:
        missing = Answer(None, f"not among the registry answers recorded on {self.when}")
        return self.answers.get((ecosystem, name, version), missing)


def recorded_resolver() -> RecordedResolver:
    """The kit's recorded registry answers (`RECORDED`), for lessons that run without network."""
    return RecordedResolver(RECORDED, "2026-12-01")


def _look_up(ecosystem: str, name: str, version: str, timeout: float) -> Answer:
    tool_name = "npm" if ecosystem == "npm" else "uv"
    tool = find_tool(tool_name)
    if tool is None:
        return Answer(None, f"{tool_name} is not installed")
    url, problem = _registry_from_env(ecosystem)
    if problem:
        return Answer(None, problem)
    index_var = "npm_config_registry" if ecosystem == "npm" else "UV_DEFAULT_INDEX"
    if kit() is not None and goes_public({index_var: url}, tool_name):
        return Answer(None, "no network (offline kit): the public registry is not asked")
    wanted = (
        (f"{name}@{version}" if ecosystem == "npm" else f"{name}=={version}") if version else name
    )
    with tempfile.TemporaryDirectory(prefix="hooklab-lookup-") as tmp:
        where = Path(tmp)
        (where / "npmrc").write_text(_KIT_NPMRC)
        (where / "package.json").write_text("{}\n")  # npm looks no further up for a project
        try:
            proc = subprocess.run(
                _lookup_argv(tool, ecosystem, wanted, url, where),
                input=wanted + "\n" if ecosystem == "pypi" else None,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                env=_lookup_env(where),
                cwd=where,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Answer(None, "the registry did not answer in time")
        except OSError as exc:
            return Answer(None, f"{tool_name} did not start ({exc.strerror})")
    out = proc.stdout.strip()
    if proc.returncode != 0 or not out:
        said = shown(_failure(out, proc.stderr))[:200]
        return Answer(None, f"the registry was not reachable or had no answer ({said})")
    return _read_answer(ecosystem, out, proc.stderr)


def _failure(out: str, err: str) -> str:
    """What a failed look-up said: npm's JSON error (`E404 No match found for version 9.9.9`),
    else the last line of its messages that is not the path of a log the kit does not keep."""
    try:
        error = json.loads(out).get("error") or {}
        said = f"{error.get('code', '')} {error.get('summary', '')}".strip()
    except (ValueError, AttributeError):
        said = ""
    return said or npm_said(err)


def no_resolver(ecosystem: str, name: str) -> tuple[str | None, str]:
    return None, "registry lookups are off (--no-resolve)"
