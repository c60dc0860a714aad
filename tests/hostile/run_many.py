"""Run several `hooklab` command lines in one traced process: `run_many.py CASES RESULTS`.

Each case goes through `hooklab.cli.main` exactly as `python -m hooklab.cli` would, with stdout
and stderr as strict UTF-8 streams; an exception that escapes is written to stderr as the
interpreter would print it. Importing the kit once keeps a corpus of dozens of inputs within the
time a test may take, and the tracer sees every case.
"""

from __future__ import annotations

import io
import json
import sys
import traceback
from pathlib import Path


def run(argv: list[str]) -> dict[str, object]:
    from hooklab.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - recorded, the test fails on it
        code = -1
        err.write(traceback.format_exc().encode("utf-8", "backslashreplace").decode())
    finally:
        sys.stdout, sys.stderr = saved
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("latin-1"))  # type: ignore[attr-defined]
    return {"code": code, "stdout": texts[0], "stderr": texts[1]}


if __name__ == "__main__":
    cases = json.loads(Path(sys.argv[1]).read_text())
    results = {case: run(argv) for case, argv in cases}
    Path(sys.argv[2]).write_text(json.dumps(results))
