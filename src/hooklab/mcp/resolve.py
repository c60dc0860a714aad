"""Asking the npm registry or the Python index for a package's current version, without
letting a config, a project file or an npmrc choose where the question goes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from hooklab.mcp.specs import PEP440, SEMVER, valid_name
from hooklab.offline import goes_public, kit
from hooklab.tools import find_tool, last_line

Resolver = Callable[[str, str], tuple[str | None, str]]  # (ecosystem, name) -> (version, why not)


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


def _lookup_argv(tool: str, ecosystem: str, name: str, url: str, where: Path) -> list[str]:
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
            name,
            "version",
        ]
    return [
        tool,
        "pip",
        "compile",
        "-",  # the name comes on stdin, already checked to be a bare name (not an option line)
        "--no-deps",
        "--no-header",
        "--no-annotate",
        "--no-config",
        f"--python={sys.executable}",
        f"--default-index={url}",
        f"--cache-dir={where / 'cache'}",
        "--quiet",
    ]


def _lookup_env(where: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _KEPT_ENV}
    return env | {
        "HOME": str(where),
        "UV_NO_PROGRESS": "1",
        "UV_NATIVE_TLS": env.get("UV_NATIVE_TLS", "1"),
        "npm_config_update_notifier": "false",
    }


def _read_answer(ecosystem: str, out: str) -> tuple[str | None, str]:
    """The version in a look-up's output, if it is one (a registry's answer is checked too)."""
    version: Any = None
    if ecosystem == "npm":
        try:
            version = json.loads(out)
        except ValueError:
            pass
        version = version[-1] if isinstance(version, list) and version else version
    elif m := re.search(r"==\s*([^\s;]+)", out):
        version = m.group(1)
    pattern = SEMVER if ecosystem == "npm" else PEP440
    if isinstance(version, str) and pattern.match(version):
        return version, ""
    return None, f"unexpected answer: {last_line(out)[:200]}"


def registry_resolver(timeout: float = 30) -> Resolver:
    """Ask the npm registry / Python index for the current version (cached per run).

    The registry is the public one, or the one the user's environment names
    (`npm_config_registry`, `UV_DEFAULT_INDEX`/`UV_INDEX_URL`); never one a config, a project
    file or an npmrc picks. Each look-up runs in a fresh folder with a config the kit writes, and
    only names that follow the registry's rules are asked for.
    """
    cache: dict[tuple[str, str], tuple[str | None, str]] = {}

    def resolve(ecosystem: str, name: str) -> tuple[str | None, str]:
        if ecosystem not in _PUBLIC:
            return None, "no registry to ask for image digests; pin a digest by hand"
        if not valid_name(ecosystem, name):
            return None, "not a registry package name; not looked up"
        if (ecosystem, name) not in cache:
            cache[ecosystem, name] = _look_up(ecosystem, name, timeout)
        return cache[ecosystem, name]

    return resolve


def _look_up(ecosystem: str, name: str, timeout: float) -> tuple[str | None, str]:
    tool_name = "npm" if ecosystem == "npm" else "uv"
    tool = find_tool(tool_name)
    if tool is None:
        return None, f"{tool_name} is not installed"
    url, problem = _registry_from_env(ecosystem)
    if problem:
        return None, problem
    index_var = "npm_config_registry" if ecosystem == "npm" else "UV_DEFAULT_INDEX"
    if kit() is not None and goes_public({index_var: url}, tool_name):
        return None, "no network (offline kit): the public registry is not asked"
    with tempfile.TemporaryDirectory(prefix="hooklab-lookup-") as tmp:
        where = Path(tmp)
        (where / "npmrc").write_text(_KIT_NPMRC)
        (where / "package.json").write_text("{}\n")  # npm looks no further up for a project
        try:
            proc = subprocess.run(
                _lookup_argv(tool, ecosystem, name, url, where),
                input=name + "\n" if ecosystem == "pypi" else None,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                env=_lookup_env(where),
                cwd=where,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None, "the registry did not answer in time"
        except OSError as exc:
            return None, f"{tool_name} did not start ({exc.strerror})"
    out = proc.stdout.strip()
    if proc.returncode != 0 or not out:
        return None, f"the registry was not reachable or had no answer ({last_line(proc.stderr)})"
    return _read_answer(ecosystem, out)


def no_resolver(ecosystem: str, name: str) -> tuple[str | None, str]:
    return None, "registry lookups are off (--no-resolve)"
