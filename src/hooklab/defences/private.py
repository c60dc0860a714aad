"""A private registry that serves only vetted packages: vet on the public side, then promote.

Vetting installs one exact version from the public registry under hooklab.watch (fake home,
canary, tracer). A version whose install ran code is not promoted unless a person approved
that package's install step by name. Promotion copies the files from the public registry.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hooklab.defences.lab import Lab
from hooklab.defences.plans import program_args, works
from hooklab.defences.publish import publish_npm, publish_python
from hooklab.defences.registry import Verdaccio, http_request
from hooklab.defences.releases import release_versions
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture
from hooklab.model import RunResult


@dataclass
class Vetting:
    fixture: str
    ecosystem: str
    package: str
    version: str
    hook_ran: bool
    works: bool
    promoted: bool
    reason: str


def vet(lab: Lab, fx: Fixture, version: str) -> RunResult:
    """Install and start exactly `version` from the public registry, watched."""
    args = program_args(fx)
    if fx.ecosystem == "npm":
        return lab.run(["npx", "--yes", f"{fx.package}@{version}", *args])
    return lab.run(["uvx", "--from", f"{fx.package}=={version}", fx.command, *args])


def _download_npm(registry: Verdaccio, package: str, version: str, folder: Path) -> Path:
    doc = registry.packument(package) or {}
    url = doc.get("versions", {}).get(version, {}).get("dist", {}).get("tarball")
    if not url:
        raise HooklabError(f"{package}@{version} is not in registry {registry.name!r}")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    status, data = http_request(registry.port, "GET", path)
    if status != 200:
        raise HooklabError(f"could not download {package}@{version} (HTTP {status})")
    target = folder / url.rsplit("/", 1)[-1]
    target.write_bytes(data)
    return target


def promote(lab: Lab, fx: Fixture, version: str) -> None:
    """Copy one version's files from the public registry to the internal one."""
    npm, pypi = lab.internal
    if fx.ecosystem == "npm":
        if version in npm.versions(fx.package):
            return
        with tempfile.TemporaryDirectory(prefix="promote-") as tmp:
            publish_npm(npm, _download_npm(lab.npm, fx.package, version, Path(tmp)))
        return
    prefix = f"{fx.package.replace('-', '_')}-{version}"
    files = [p for p in sorted(lab.pypi.packages.iterdir()) if p.name.startswith(prefix)]
    publish_python(pypi, files)


def decide(fx: Fixture, version: str, result: RunResult, approved: tuple[str, ...] = ()) -> Vetting:
    ran = result.hook_ran
    ok = works(fx, result.stdout, result.exit_code)
    if ran and fx.package not in approved:
        promote_it, why = False, "install-time code ran"
    elif not ok:
        promote_it, why = False, "the program did not start"
    else:
        promote_it = True
        why = "approved install step" if ran else "no install-time code ran"
    return Vetting(fx.name, fx.ecosystem, fx.package, version, ran, ok, promote_it, why)


def vet_and_promote(
    lab: Lab,
    fixtures: list[Fixture] | None = None,
    approved: tuple[str, ...] = (),
    results: dict[tuple[str, str], RunResult] | None = None,
) -> list[Vetting]:
    """Vet every published version of each fixture and promote the ones that pass.

    `results` may hold runs already made of (fixture name, version) installs to reuse.
    """
    decisions = []
    for fx in fixtures if fixtures is not None else lab.fixtures:
        for version in release_versions(fx):
            result = (results or {}).get((fx.name, version)) or vet(lab, fx, version)
            d = decide(fx, version, result, approved)
            if d.promoted:
                promote(lab, fx, version)
            decisions.append(d)
    return decisions


def vetting_frame(decisions: list[Vetting]) -> pd.DataFrame:
    cols = ["fixture", "package", "version", "hook_ran", "works", "promoted", "reason"]
    return pd.DataFrame([{c: getattr(d, c) for c in cols} for d in decisions], columns=cols)
