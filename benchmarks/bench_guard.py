"""The output guard on tests/guard_corpus/: how many fake secrets it masks and how many honest
strings it alters, beside detect-secrets 1.5.0 (Yelp's widely used detector) on the same texts,
and how long masking a 1 MB and a 4 MB tool result takes (linear means about 4x).

detect-secrets runs in a venv of its own (.hooklab/detect-secrets-venv) installed from the
hashed tools/detect-secrets/requirements.txt the first time; it never touches the kit's .venv.
It only detects, it does not mask, so the side-by-side counts a secret as found when the
guard masked it in a plain text item, and when detect-secrets reported anything in a file
holding that text. The guard's own figure over every channel of an MCP result comes first.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hooklab.mcp.guard import GuardReport, GuardRules, guard_line

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "guard_corpus"))
import corpus  # noqa: E402

LOCK = ROOT / "tools" / "detect-secrets" / "requirements.txt"
VENV = ROOT / ".hooklab" / "detect-secrets-venv"
ROUNDS = 5

# Run with the peer's own Python: one file per text, default plugins and filters.
_PEER_SCRIPT = """
import json, sys
from pathlib import Path
from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings
folder = Path(sys.argv[1])
files = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
found = SecretsCollection()
with default_settings():
    found.scan_files(*map(str, files))
hit = {Path(name).name for name in found.files}
print(json.dumps([p.name in hit for p in files]))
"""


def _guard(line: str) -> str | None:
    return guard_line(line, GuardRules(), GuardReport())


def _peer_python() -> Path | None:
    """detect-secrets' venv, made from the lockfile when missing or stale; None if it can't be."""
    python, stamp = VENV / "bin" / "python", VENV / ".requirements.stamp"
    if python.exists() and stamp.exists() and stamp.read_text() == LOCK.read_text():
        return python
    uv = ROOT / ".venv" / "bin" / "uv"
    env = {**os.environ, "PIP_CONFIG_FILE": "/dev/null", "UV_PYTHON_DOWNLOADS": "never"}
    steps = [
        [str(uv), "venv", "-q", "--allow-existing", "--python", "python3", str(VENV)],
        [str(uv), "pip", "sync", "-q", "--python", str(python), "--require-hashes", str(LOCK)],
    ]
    for step in steps:
        if subprocess.run(step, env=env, capture_output=True).returncode != 0:
            return None
    stamp.write_text(LOCK.read_text())
    return python


def _peer_flags(python: Path, texts: list[str]) -> list[bool]:
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(texts):
            (Path(folder) / f"{i}.txt").write_text(text + "\n")
        out = subprocess.run(
            [str(python), "-c", _PEER_SCRIPT, folder], capture_output=True, text=True, check=True
        )
    return json.loads(out.stdout)


def _masked_as_text(entry: corpus.Entry) -> bool:
    out = _guard(json.dumps(corpus.CHANNELS["text"](entry)))
    return out is not None and not corpus.leaks(entry, json.loads(out))


def _side_by_side(ours_fp: int) -> None:
    """`ours_fp`: honest strings the guard altered (they are placed as text items)."""
    entries, honest = corpus.secrets(), corpus.honest()
    ours = [_masked_as_text(e) for e in entries]
    python = _peer_python()
    print(f"{'':28} {'found':>14} {'honest altered':>16}")
    print(
        f"{'hooklab guard':28} {sum(ours):>5}/{len(entries)} {sum(ours) / len(entries):>6.1%}"
        f" {ours_fp:>6}/{len(honest)} {ours_fp / len(honest):>6.1%}"
    )
    if python is None:
        print("detect-secrets 1.5.0: could not be installed (needs PyPI once); skipped")
        return
    flags = _peer_flags(python, [e.text for e in entries] + honest)
    found, fp = sum(flags[: len(entries)]), sum(flags[len(entries) :])
    print(
        f"{'detect-secrets 1.5.0':28} {found:>5}/{len(entries)} {found / len(entries):>6.1%}"
        f" {fp:>6}/{len(honest)} {fp / len(honest):>6.1%}"
    )
    missed = sorted({e.format for e, hit in zip(entries, flags, strict=False) if not hit})
    print(f"formats detect-secrets missed ({len(missed)}): {', '.join(missed)}")


def _result_of(size: int) -> str:
    """A tool result of `size` characters: mostly honest code and logs, a fake secret in every
    twentieth line."""
    honest, entries = corpus.honest(), corpus.secrets()
    lines, total, i = [], 0, 0
    while total < size:
        text = entries[i // 20 % len(entries)].text if i % 20 == 19 else honest[i % len(honest)]
        lines.append(text)
        total += len(text) + 1
        i += 1
    body = "\n".join(lines)[:size]
    result = {"content": [{"type": "text", "text": body}]}
    return json.dumps({"jsonrpc": "2.0", "id": 1, "result": result})


def _median_s(fn: Callable[[], object]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds: on a shared machine the CPU time is the guard's cost."""
    wall, cpu = [], []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    score = corpus.score(_guard)
    print(
        f"guard, every channel ({len(corpus.CHANNELS)}): masked {score.masked}/{score.placed}"
        f" = {score.recall:.1%}; honest strings altered {score.altered}/{score.honest}"
        f" = {score.false_positive_rate:.1%}"
    )
    _side_by_side(score.altered)
    one, four = _result_of(1_000_000), _result_of(4_000_000)
    (w1, c1), (_, c4) = _median_s(lambda: _guard(one)), _median_s(lambda: _guard(four))
    print(
        f"mask a 1 MB tool result: {c1:.3f} s CPU, {w1:.3f} s wall (target <= 0.2 s);"
        f" 4 MB: {c4:.3f} s CPU = {c4 / c1:.1f}x (linear is about 4x); median of {ROUNDS}"
    )


if __name__ == "__main__":
    main()
