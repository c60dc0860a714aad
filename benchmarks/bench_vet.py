"""`hooklab vet` over the pinned MCP servers and SDKs of the real set (real-packages.toml):
seconds per server with a cold cache (a fresh HOOKLAB_VET_CACHE) and warm (the same cache again),
packages per tree, and how well the hooks the tree declares agree with the ones the rehearsal
(bwrap, network cut) saw run. One server at a time.

HOOKLAB_BENCH_VET_LIMIT=N vets only the first N servers (a quick run); the default is all.
It needs the public registries for the cold pass.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from typing import Any

from hooklab.errors import HooklabError
from hooklab.paths import work_dir
from hooklab.realset import RealPackage, load
from hooklab.show.realservers import SERVER_KINDS, failed_row, server_row
from hooklab.show.terminal import plain_table, progress
from hooklab.vet import parse_target, vet
from hooklab.vet.cache import CACHE_ENV

LIMIT_ENV = "HOOKLAB_BENCH_VET_LIMIT"


def _servers() -> list[RealPackage]:
    servers = [p for p in load() if p.kind in SERVER_KINDS]
    limit = os.environ.get(LIMIT_ENV, "")
    return servers[: int(limit)] if limit.isdigit() and int(limit) > 0 else servers


def _pass(servers: list[RealPackage], label: str) -> list[dict[str, Any]]:
    rows = []
    for package in progress(servers, f"vet, {label} cache"):
        begin = time.monotonic()
        try:
            report = vet(parse_target(package.spec), sandbox="bwrap", rehearse=True)
        except HooklabError as exc:
            rows.append(failed_row(package, exc.text("en"), {}))
            continue
        rows.append(server_row(package, report, {}, time.monotonic() - begin))
    return rows


def _seconds(rows: list[dict[str, Any]]) -> tuple[str, str]:
    times = [r["seconds"]["total"] for r in rows if not r["error"]]
    if not times:
        return "-", "-"
    return f"{statistics.median(times):.1f}", f"{max(times):.1f}"


def main() -> None:
    servers = _servers()
    before = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="bench-vet-", dir=work_dir()) as cache:
        os.environ[CACHE_ENV] = cache
        try:
            cold = _pass(servers, "cold")
            warm = _pass(servers, "warm")
        finally:
            if before is None:
                os.environ.pop(CACHE_ENV, None)
            else:
                os.environ[CACHE_ENV] = before
    ok = [r for r in cold if not r["error"]]
    sizes = [r["tree_size"] for r in ok]
    hooks = [h for r in ok for h in r["hooks"]]
    ran = sum(h["ran"] for h in hooks)
    undeclared = sum(len(r["run_not_declared"]) for r in ok)
    agree = sum(
        not r["declared_not_run"] and not r["run_not_declared"] for r in ok if r["rehearsed"]
    )
    rehearsed = sum(r["rehearsed"] for r in ok)
    (cold_med, cold_max), (warm_med, warm_max) = _seconds(cold), _seconds(warm)
    figures: list[dict[str, object]] = [
        {"figure": f"servers vetted (of {len(servers)})", "value": len(ok)},
        {"figure": "s per server, cold cache: median / max", "value": f"{cold_med} / {cold_max}"},
        {"figure": "s per server, warm cache: median / max", "value": f"{warm_med} / {warm_max}"},
        {
            "figure": "packages per tree: median / max",
            "value": f"{statistics.median(sizes):.0f} / {max(sizes)}" if sizes else "-",
        },
        {"figure": "install hooks declared / seen running", "value": f"{len(hooks)} / {ran}"},
        {"figure": "hooks run but not declared", "value": undeclared},
        {"figure": "servers where declared = observed", "value": f"{agree} of {rehearsed}"},
    ]
    print(plain_table(figures, ("figure", "value")))
    for r in cold + warm:
        if r["error"]:
            print(f"not vetted: {r['name']}@{r['version']}: {r['error']}")


if __name__ == "__main__":
    main()
