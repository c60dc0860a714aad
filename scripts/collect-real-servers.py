"""Vet every MCP server and SDK of the pinned real set (benchmarks/real-packages.toml) and write
what notebook 11 shows: notebooks/data/real-servers.json.

    .venv/bin/python scripts/collect-real-servers.py [--out FILE] [--limit N] [--jobs N]
                                                     [--no-rehearse] [--resume]

Each server is vetted in-process (resolve, fetch, review, rehearse in a bwrap sandbox offline)
from a fresh cache, so the seconds per step are cold-cache figures (with --jobs N, N servers at
a time, each one's figures include waiting for the others). A server vet cannot handle is
kept with its one-line problem. The file is rewritten after each server, so a stopped run keeps
what it measured, and `--resume` vets only the servers the file does not hold yet. It needs the
public registries; the notebook that reads the file does not.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.paths import project_root, work_dir
from hooklab.procs import run
from hooklab.realset import RealPackage, load
from hooklab.show.realservers import SERVER_KINDS, failed_row, scrub, server_row
from hooklab.show.terminal import Ticker, echo
from hooklab.tools import tool_version
from hooklab.vet.cache import CACHE_ENV
from hooklab.vet.target import parse_target

ROOT = project_root() or Path.cwd()
DEFAULT_OUT = ROOT / "notebooks" / "data" / "real-servers.json"


def _commit() -> str:
    try:
        proc = run(["git", "rev-parse", "--short=12", "HEAD"], "git rev-parse", cwd=ROOT)
    except HooklabError:
        return "unknown"
    return proc.stdout.strip() if proc.returncode == 0 else "unknown"


def _kept(path: Path, command: str) -> dict[str, Any]:
    """What a stopped run wrote to `path`, to go on from: its servers, minutes and commands."""
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HooklabError(f"--resume: cannot read {path.name}: {exc}") from None
    servers = [s for s in old.get("servers", []) if not s.get("error")]
    kept = {k: old[k] for k in ("collected", "commit", "minutes") if k in old}
    return {**kept, "servers": servers, "command": f"{old.get('command', '?')}; then {command}"}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    part.replace(path)


def _vet_one(
    package: RealPackage, sandbox: str, rehearse: bool, places: dict[str, str]
) -> dict[str, Any]:
    from hooklab.vet import vet

    begin = time.monotonic()
    try:
        report = vet(parse_target(package.spec), sandbox=sandbox, rehearse=rehearse)
    except HooklabError as exc:
        return failed_row(package, exc.text("en"), places)
    return server_row(package, report, places, time.monotonic() - begin)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N servers")
    parser.add_argument("--no-rehearse", action="store_true", help="static only")
    parser.add_argument("--jobs", type=int, default=1, help="servers vetted at a time")
    parser.add_argument("--resume", action="store_true", help="keep the servers --out holds")
    parser.add_argument("--sandbox", default="bwrap", choices=["bwrap", "docker", "gvisor"])
    options = parser.parse_args()

    servers = [p for p in load() if p.kind in SERVER_KINDS]
    if options.limit > 0:
        servers = servers[: options.limit]
    command = f"python scripts/collect-real-servers.py --jobs {max(1, options.jobs)}" + (
        " --no-rehearse" if options.no_rehearse else ""
    )
    kept = _kept(options.out, command) if options.resume and options.out.is_file() else {}
    done = {(s["ecosystem"], s["name"], s["version"]) for s in kept.get("servers", [])}
    servers = [p for p in servers if (p.ecosystem, p.name, p.version) not in done]
    cache = Path(tempfile.mkdtemp(prefix="vet-cold-", dir=work_dir()))
    os.environ[CACHE_ENV] = str(cache)
    places = {str(cache): "<vet-cache>", str(work_dir()): "<work>", str(ROOT): "<kit>"}
    data: dict[str, Any] = {
        "collected": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
        "commit": _commit(),
        "tools": {t: scrub(tool_version(t) or "missing") for t in ("npm", "node", "uv")},
        "sandbox": options.sandbox,
        "cache": "cold (a fresh vet cache for the run)",
        "jobs": max(1, options.jobs),
        "command": command,
        "servers": [],
        **kept,
    }
    before = data["servers"]
    data.setdefault("minutes", 0.0)
    started = time.monotonic()
    rows: dict[int, dict[str, Any]] = {}
    fork = multiprocessing.get_context("fork")  # the workers share this module as it is
    pool = concurrent.futures.ProcessPoolExecutor(data["jobs"], mp_context=fork)
    try:
        rehearse = not options.no_rehearse
        futures = {
            pool.submit(_vet_one, p, options.sandbox, rehearse, places): i
            for i, p in enumerate(servers)
        }
        ticker = Ticker(len(servers), "vetting the real servers")
        for future in concurrent.futures.as_completed(futures):
            ticker.tick()
            i = futures[future]
            try:
                rows[i] = future.result()
            except Exception as exc:  # noqa: BLE001 - one server's crash must not lose the rest
                rows[i] = failed_row(servers[i], f"the vet stopped: {exc!r}"[:200], places)
            data["servers"] = before + [rows[k] for k in sorted(rows)]
            minutes = (time.monotonic() - started) / 60
            data["minutes"] = round(kept.get("minutes", 0) + minutes, 1)
            _write(options.out, data)
            row = rows[i]
            seconds = row["seconds"].get("total", 0)
            echo(f"{servers[i].spec}: {row['verdict'] or row['error']} ({seconds:.0f} s)", err=True)
        ticker.close()
    finally:
        pool.shutdown(cancel_futures=True)
        shutil.rmtree(cache, ignore_errors=True)
    failed = sum(1 for s in data["servers"] if s["error"])
    count = len(data["servers"])
    echo(f"{count} servers in {data['minutes']} min ({failed} failed): {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
