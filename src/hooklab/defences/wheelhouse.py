"""Pinned build tools a source build needs, kept in work_dir()/wheelhouse for offline indexes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hooklab.offline import kit
from hooklab.paths import work_dir
from hooklab.tools import run_tool

# Source builds of the fixtures need setuptools>=68; the local index has no uplink, so we seed it.
BUILD_TOOLS = {
    "setuptools-80.9.0-py3-none-any.whl": (
        "setuptools==80.9.0",
        "062d34222ad13e0cc312a4c02d73f059e86a4acbfbdea8f8f76b28c99f306922",
    ),
}


def wheelhouse() -> Path:
    path = work_dir() / "wheelhouse"
    path.mkdir(parents=True, exist_ok=True)
    return path


def build_tools() -> list[Path]:
    """The pinned wheels, fetched once (hash-checked; from PyPI, or from the offline kit)."""
    house = wheelhouse()
    missing = {f: spec for f, spec in BUILD_TOOLS.items() if not (house / f).is_file()}
    if missing:
        reqs = house / "requirements.txt"
        reqs.write_text("".join(f"{req} --hash=sha256:{sha}\n" for req, sha in missing.values()))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
        env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
        offline = kit()
        source = ["--no-index", "--find-links", str(offline / "wheels")] if offline else []
        where = f"the offline kit {offline}" if offline else "PyPI"
        run_tool(
            [
                *(sys.executable, "-m", "pip", "download", "--isolated", "-q", "--no-deps"),
                *("--only-binary", ":all:", "--require-hashes", "-r", str(reqs), "-d", str(house)),
                *source,
            ],
            f"could not fetch the pinned build tools from {where}",
            env=env,
            timeout=600,
        )
    return [house / f for f in BUILD_TOOLS]
