"""Supply chain: dependencies from URLs or with known incidents, look-alike names, and
hard-coded third-party hosts."""

from __future__ import annotations

import re

from hooklab.review import actions as A
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, make

# versions with public incident reports (not a database: a teaching list)
KNOWN_BAD = {
    "event-stream": {"3.3.6"},
    "flatmap-stream": {"*"},
    "ua-parser-js": {"0.7.29", "0.8.0", "1.0.0"},
    "coa": {"2.0.3", "2.0.4", "2.1.1", "2.1.3", "3.0.1", "3.1.3"},
    "rc": {"1.2.9", "1.3.9", "2.3.9"},
}
POPULAR = (
    "express",
    "lodash",
    "react",
    "axios",
    "request",
    "chalk",
    "commander",
    "requests",
    "numpy",
    "pandas",
    "urllib3",
    "setuptools",
    "colorama",
    "django",
    "flask",
    "boto3",
)
# drop boxes: paste sites, request catchers, tunnels, messenger bots, OAST/interactsh
EXFIL_HOSTS = re.compile(
    r"pastebin|ngrok|webhook\.site|requestbin|transfer\.sh|burpcollaborator|(^|\.)oast\."
    r"|interact\.sh|pipedream\.net|canarytokens|hookbin|beeceptor|^api\.telegram\.org$"
)
_DISCORD_HOOK = re.compile(r"discord(?:app)?\.com/api/webhooks/")
_IP = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_PRIVATE_IP = re.compile(r"^(10|127|0)\.|^192\.168\.|^169\.254\.|^172\.(1[6-9]|2\d|3[01])\.")
_URL_DEP = re.compile(r"^(git\+|git:|https?:|file:|github:)|^[\w-]+/[\w.-]+(#|$)")


def _near(a: str, b: str) -> bool:
    """True when a is one edit away from b (a look-alike), but not b itself."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _deps(pkg: Package) -> list[tuple[str, str, str, int]]:
    """(name, spec, manifest, line) for each declared dependency."""
    out = []
    for key in ("dependencies", "optionalDependencies"):
        deps = pkg.get(pkg.package_json, key)
        if isinstance(deps, dict):
            for name, spec in deps.items():
                line = pkg.line_of("package.json", rf'"{re.escape(name)}"\s*:')
                out.append((name, str(spec), "package.json", line))
    pydeps = pkg.get(pkg.pyproject, "project", "dependencies")
    if isinstance(pydeps, list):
        for dep in map(str, pydeps):
            name = re.split(r"[\s\[<>=!~;@]", dep, maxsplit=1)[0].lower()
            spec = dep[len(name) :].strip()
            out.append(
                (name, spec, "pyproject.toml", pkg.line_of("pyproject.toml", re.escape(dep)))
            )
    return out


def check(pkg: Package) -> list[Finding]:
    found: list[Finding] = []
    for name, spec, manifest, line in _deps(pkg):
        ev = pkg.evidence(manifest, line)
        bad = KNOWN_BAD.get(name)
        if bad and ("*" in bad or spec.lstrip("=^~ ") in bad):
            why = f"{name} {spec} had a published compromise"
            found.append(make("supply.known-incident", manifest, line, ev, why))
        if _URL_DEP.search(spec.lstrip("@ ")) or spec.startswith("@ "):
            found.append(make("supply.url-dependency", manifest, line, ev))
        if any(_near(name, p) for p in POPULAR):
            why = f"{name} is one letter away from a popular package"
            found.append(make("supply.look-alike-name", manifest, line, ev, why))
    for file in pkg.code_files:
        at_install = pkg.runs_at_install(file)
        for act in pkg.actions(file):
            if act.kind != A.URL or A.is_local(act.detail):
                continue
            host = act.detail
            public_ip = bool(_IP.match(host)) and not _PRIVATE_IP.match(host)
            drop_box = EXFIL_HOSTS.search(host) or _DISCORD_HOOK.search(act.evidence)
            if (drop_box and not pkg.is_own_host(host)) or (public_ip and at_install):
                why = f"{host} is a paste, webhook, messenger-bot, collaborator or raw-IP host"
                found.append(finding("supply.exfil-host", file, act, why, install_time=at_install))
            else:
                why = f"talks to or names {host}"
                found.append(finding("supply.third-party-url", file, act, why))
    return capped(found)
