"""Registry start times and the defence matrix's total run time (issue 15: <= 90 s on 2 cores
with the 2025-26 fixtures and the cooldown column, or say what ran in parallel)."""

import os
import time

from hooklab.defences import Lab, PythonIndex, Verdaccio, defence_names, run_matrix


def _start_time(server) -> float:
    start = time.perf_counter()
    with server:
        ready = time.perf_counter() - start
    return ready


print(f"Verdaccio start (to /-/ping):  {_start_time(Verdaccio('bench-npm', reset=True)):.2f} s")
print(f"pypiserver start (to /health): {_start_time(PythonIndex('bench-pypi', reset=True)):.2f} s")
start = time.perf_counter()
with Lab("bench-lab") as lab:
    up = time.perf_counter() - start
print(f"lab up (two registries, every fixture published): {up:.2f} s")
workers = (os.cpu_count() or 2) + 1  # run_matrix's default
start = time.perf_counter()
frame = run_matrix(workers=workers)
total = time.perf_counter() - start
print(
    f"matrix: {len(frame)} live cells, {len(defence_names())} defences, "
    f"{frame['fixture'].nunique()} fixtures on {os.cpu_count()} cores: {total:.1f} s "
    f"(target 90 s; {workers} cells at a time, every fixture and defence; "
    f"sum of cell times {frame['seconds'].sum():.1f} s, "
    f"{frame['seconds'].sum() / total:.1f} cells running on average)"
)
