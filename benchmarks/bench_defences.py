"""Registry start times and the defence matrix's total run time (target: <= 60 s on 2 cores)."""

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
start = time.perf_counter()
frame = run_matrix()
total = time.perf_counter() - start
print(
    f"matrix: {len(frame)} live cells, {len(defence_names())} defences, "
    f"{frame['fixture'].nunique()} fixtures on {os.cpu_count()} cores: {total:.1f} s "
    f"(target 60 s; sum of cell times {frame['seconds'].sum():.1f} s)"
)
