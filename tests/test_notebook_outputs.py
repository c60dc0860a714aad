"""No committed notebook or lab output shows the machine it was made on: not the checkout's path
(this one, or a checkout's folders under any absolute path) and not a process id. The kit prints
`<work>/…` and relative paths at the source; nbval's sanitize file is not the only guard."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hooklab.paths import project_root

ROOT = project_root()
assert ROOT is not None, "run the tests inside the kit's checkout"
NOTEBOOKS = sorted(ROOT.glob("notebooks/**/*.ipynb")) + sorted(ROOT.glob("labs/*/*.ipynb"))
PID = re.compile(r"\bpid[ =:]\s*\d+")
# an absolute path into a kit checkout, whichever machine wrote it
KIT_PATH = re.compile(
    r"(?<![\w.<>~:/])/(?:[^\s'\"/<>]+/)*?"
    r"(?:\.hooklab|\.venv|malicious_fixtures|src/hooklab|tools/casestudy)(?=[/\s'\"]|$)"
)


def _outputs(path: Path) -> Iterator[tuple[int, str]]:
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        for out in cell.get("outputs", []):
            if "text" in out:
                yield index, "".join(out["text"])
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/") or mime.endswith("json"):
                    yield index, value if isinstance(value, str) else "".join(map(str, value))
            if "traceback" in out:
                yield index, "\n".join(out["traceback"])


def traces(text: str) -> list[str]:
    """The checkout's path, absolute paths into a checkout, and pids in `text`."""
    hits = [str(ROOT)] if str(ROOT) in text else []
    return hits + [m.group(0) for m in (*KIT_PATH.finditer(text), *PID.finditer(text))]


def test_the_check_sees_what_it_must() -> None:
    text = (
        f"pip 26 from {ROOT}/.venv/lib | /home/x/hooklab/.hooklab/build/a.tgz | "
        "[debug] starting pid=9384 | <work>/build/a.tgz | .venv/lib | pid <pid>"
    )
    hits = traces(text + " | https://github.com/x/hooklab/.venv/y")
    assert str(ROOT) in hits
    assert "/home/x/hooklab/.hooklab" in hits and "pid=9384" in hits
    assert not any(h.startswith(("<work>", ".venv", "pid <")) for h in hits)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_output_shows_the_machine(path: Path) -> None:
    found = [f"cell {index}: {hit}" for index, text in _outputs(path) for hit in traces(text)]
    assert found == []


def test_the_kit_writes_its_own_paths_portably() -> None:
    from hooklab.doctor import tools_frame
    from hooklab.mcp import fixture_entry
    from hooklab.paths import portable, work_dir

    assert portable(f"{work_dir()}/build/a.tgz and {ROOT}/.venv/bin/pip") == (
        "<work>/build/a.tgz and .venv/bin/pip"
    )
    shown = fixture_entry("mcp-uvx-leaky").to_config(portable=True)
    assert shown["args"][1].startswith("<work>/build/") and str(ROOT) not in str(shown)
    assert fixture_entry("mcp-uvx-leaky").to_config()["args"][1].startswith(str(work_dir()))
    assert not any(traces(v) for v in tools_frame()["version"])
