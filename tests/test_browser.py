"""A real browser: JupyterLab on loopback, Debian's chromium driven by playwright-core.

Opens notebook 00 and runs a cell, then runs lab 01's learner copy and clicks the refresh button
of its progress panel; fails if the widget does not render. Screenshots land in the work folder.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hooklab.tools import find_tool
from tests.conftest import IN_CI, ROOT

CHROMIUM = Path(os.environ.get("HOOKLAB_CHROMIUM", "/usr/bin/chromium"))
DRIVER = ROOT / "tools" / "browser" / "lab-smoke.mjs"
NOTEBOOKS = ("notebooks/00-start-here.ipynb", "labs/01-which-package/learner.ipynb")
PLAYWRIGHT = ROOT / "tools" / "browser" / "node_modules" / "playwright-core"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (scripts/setup.d/70-browser.sh installs it)"
    if not PLAYWRIGHT.is_dir():
        return "tools/browser has no playwright-core (scripts/setup.d/70-browser.sh installs it)"
    if find_tool("node") is None:
        return "node is missing"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(port: int, token: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", f"/api/status?token={token}")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@pytest.fixture
def jupyterlab(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """JupyterLab on 127.0.0.1 with a token, its own work and workspace folders; always stopped."""
    port, token = _free_port(), secrets.token_hex(16)
    work = tmp_path / "work"
    root = tmp_path / "root"  # copies, so that an autosave can never touch the repository
    for path in NOTEBOOKS:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, root / path)
    env = {
        **os.environ,
        "HOOKLAB_WORK": str(work),
        "HOOKLAB_LEARNER": "browser-test",
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip",
        "127.0.0.1",
        "--port",
        str(port),
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
        "--LabApp.news_url=",
    ]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = (tmp_path / "jupyterlab.log").open("w")
    proc = subprocess.Popen(
        argv, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not _ready(port, token):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not start: {(tmp_path / 'jupyterlab.log').read_text()[-800:]}"
                )
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", token, work
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_notebook_and_lab_widgets_render_in_chromium(jupyterlab: tuple[str, str, Path]) -> None:
    missing = _missing()
    if missing:
        if IN_CI:
            pytest.fail(missing)
        pytest.skip(missing)
    base, token, work = jupyterlab
    shots = work / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [
            str(find_tool("node")),  # the kit's pinned Node: playwright-core needs Node 20+
            str(DRIVER),
            base,
            token,
            str(shots),
            "notebooks/00-start-here.ipynb",
            "labs/01-which-package/learner.ipynb",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=DRIVER.parent,
    )
    lines = proc.stdout.strip().splitlines()
    seen = json.loads(lines[-1]) if lines else {}
    assert proc.returncode == 0, f"browser step failed: {seen or proc.stderr[-800:]}"
    assert seen["steps"][-1] == "clicked refresh"
    assert "새로 고침 1회" in seen["before"] and "새로 고침 2회" in seen["after"]
    assert seen["rows"] >= 2, "the panel's table has a header and a row per lab"
    for name in ("00-start-here.png", "lab-progress-panel.png"):
        assert (shots / name).stat().st_size > 10_000, f"{name} looks empty"
