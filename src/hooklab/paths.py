"""Where the kit keeps its fixtures and its work folder."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path | None:
    """The kit's checkout (the folder holding malicious_fixtures/), if we run from one."""
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        if (parent / "malicious_fixtures").is_dir() and (parent / "pyproject.toml").is_file():
            return parent
    return None


def fixtures_dir() -> Path:
    env = os.environ.get("HOOKLAB_FIXTURES")
    if env:
        return Path(env)
    root = project_root()
    if root is None:
        from hooklab.errors import HooklabError
        from hooklab.lang import both

        raise HooklabError(
            both(
                "malicious_fixtures/를 찾을 수 없습니다. HOOKLAB_FIXTURES를 설정하거나 키트 안에서"
                " 실행하세요",
                "cannot find malicious_fixtures/; set HOOKLAB_FIXTURES or run inside the kit",
            )
        )
    return root / "malicious_fixtures"


def work_dir() -> Path:
    """A folder for builds, fake homes and registry storage (created on first use)."""
    env = os.environ.get("HOOKLAB_WORK")
    if env:
        path = Path(env)
    else:
        root = project_root()
        path = root / ".hooklab" if root else Path.home() / ".cache" / "hooklab"
    path.mkdir(parents=True, exist_ok=True)
    return path


def portable(text: str) -> str:
    """`text` as it reads on every machine: the work folder written `<work>`, and the kit's own
    files (its `.venv`, fixtures, tools) as paths relative to the checkout."""
    text = text.replace(str(work_dir()), "<work>")
    root = project_root()
    return text.replace(f"{root}/", "") if root else text
