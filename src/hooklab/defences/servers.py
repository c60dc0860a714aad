"""Real package registries on loopback: Verdaccio for npm, pypiserver for Python.

`with Verdaccio("public") as reg:` starts one on a free port (or the one given), waits until it
answers, and stops it, and everything it started, when the block ends, even after an error.
Storage lives in work_dir()/registries/NAME, so a restart keeps what was published.
`detach()` leaves a server running for the CLI (`hooklab registry up`) and records its pid.
"""

from __future__ import annotations

import atexit
import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

from hooklab.defences.nodetools import verdaccio_argv
from hooklab.errors import HooklabError, listen_error
from hooklab.lang import Catalogue, both, in_both
from hooklab.paths import work_dir
from hooklab.procs import HOST, alive, free_port, stop_group, wait_ready
from hooklab.tools import find_tool, last_line

USER = "hooklab"
PASSWORD = "hooklab-local-only"  # guards a loopback registry of harmless fixtures, nothing else
# passlib builds its hash encoders lazily and not thread-safely; labs start indexes in parallel.
_PASSLIB = threading.Lock()
_RUNNING: set[_Server] = set()

# The registries' one-line errors, in both languages (hooklab.lang); publish, releases, lockfile
# and private raise the shared ones through `registry_error`.
ERRORS: Catalogue = {
    "port-in-use": both(
        "{host}의 {port}번 포트를 이미 쓰고 있습니다. 그 포트에서 듣고 있는 프로그램을 멈추거나,"
        " 포트를 빼고 빈 포트를 쓰세요",
        "port {port} on {host} is in use; stop what listens there or leave the port out to use"
        " a free one",
    ),
    "bad-name": both(
        "레지스트리 이름 {name!r}: 영문자, 숫자, 대시(-)만 쓰세요",
        "registry name {name!r}: use letters, digits and dashes only",
    ),
    "already-running": both(
        "레지스트리 {name!r}이(가) 이미 {port}번 포트에서 돌고 있습니다."
        " `hooklab registry down {name}`으로 멈출 수 있습니다",
        "registry {name!r} is already running on port {port}; `hooklab registry down {name}`"
        " stops it",
    ),
    "failed-to-start": both(
        "{kind} {name!r}이(가) 시작하지 못했습니다 (exit {code}): {why}",
        "{kind} {name!r} failed to start (exit {code}): {why}",
    ),
    "no-answer": both(
        "{kind} {name!r}이(가) {port}번 포트에서 {timeout:.0f}초 안에 응답하지 않았습니다."
        " {log}을(를) 보세요",
        "{kind} {name!r} did not answer on port {port} within {timeout:.0f} s; see {log}",
    ),
    "not-running": both(
        "레지스트리 {name!r}이(가) 돌고 있지 않습니다", "registry {name!r} is not running"
    ),
    "no-token": both(
        "Verdaccio {name!r}이(가) 토큰을 주지 않았습니다 (HTTP {status}): {data!r}",
        "Verdaccio {name!r} gave no token (HTTP {status}): {data!r}",
    ),
    "not-in-registry": both(
        "{package}은(는) 레지스트리 {name!r}에 없습니다", "{package} is not in registry {name!r}"
    ),
    "version-not-in-registry": both(
        "{package}@{version}은(는) 레지스트리 {name!r}에 없습니다",
        "{package}@{version} is not in registry {name!r}",
    ),
    "not-in-index": both(
        "{package}=={version}은(는) 인덱스 {name!r}에 없습니다",
        "{package}=={version} is not in index {name!r}",
    ),
    "no-download": both(
        "{package}@{version}을(를) 내려받지 못했습니다 (HTTP {status})",
        "could not download {package}@{version} (HTTP {status})",
    ),
}


def registry_error(key: str, /, **fields: object) -> HooklabError:
    """The error `key` of ERRORS, fields filled in, shown in the reader's language."""
    return HooklabError(in_both(ERRORS, key, **fields))


def registries_dir() -> Path:
    path = work_dir() / "registries"
    path.mkdir(parents=True, exist_ok=True)
    return path


def loopback_env() -> dict[str, str]:
    """This process's environment with every proxy setting off, for talking to loopback."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "*"
    return env


def check_port(port: int) -> None:
    """Fail with one line when something already listens on 127.0.0.1:port."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError as exc:
            in_use = in_both(ERRORS, "port-in-use", port=port, host=HOST)
            raise listen_error(exc, port, in_use) from None


def http_request(
    url_port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 5,
) -> tuple[int, bytes]:
    """One plain HTTP request to a loopback port (no proxies, no environment)."""
    conn = http.client.HTTPConnection(HOST, url_port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _last_line(path: Path) -> str:
    """The last line a server wrote to its log, for a one-line error."""
    try:
        return last_line(path.read_text(errors="replace"))[:200]
    except OSError:
        return "no output"


class _Server:
    """A registry process on loopback with storage under registries_dir()/name."""

    kind = "server"
    health_path = "/"

    def __init__(self, name: str = "public", port: int = 0, reset: bool = False) -> None:
        if not name.replace("-", "").isalnum():
            raise registry_error("bad-name", name=name)
        self.name = name
        self.dir = registries_dir() / name
        if reset and self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._want = port
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    # -- what subclasses provide
    def _prepare(self) -> None: ...

    def _argv(self) -> list[str]:
        raise NotImplementedError

    # -- life cycle
    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def log_path(self) -> Path:
        return self.dir / "server.log"

    def start(self, timeout: float = 30) -> _Server:
        if self._proc is not None:
            return self
        state = read_state(self.name)
        if state is not None:
            raise registry_error("already-running", name=self.name, port=state["port"])
        if self._want:
            check_port(self._want)
        self.port = self._want or free_port()
        self._prepare()
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                self._argv(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.dir,
                start_new_session=True,
                env=loopback_env(),
            )
        _RUNNING.add(self)
        try:
            self._wait(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _answers(self) -> bool:
        try:
            status, _ = http_request(self.port, "GET", self.health_path, timeout=1)
        except OSError:
            return False
        return status == 200

    def _wait(self, timeout: float) -> None:
        assert self._proc is not None
        state = wait_ready(self._answers, timeout, self._proc)
        if state == "exited":
            code, why = self._proc.returncode, _last_line(self.log_path)
            raise registry_error(
                "failed-to-start", kind=self.kind, name=self.name, code=code, why=why
            )
        if state == "timed out":
            raise registry_error(
                "no-answer",
                kind=self.kind,
                name=self.name,
                port=self.port,
                timeout=timeout,
                log=self.log_path,
            )

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        _RUNNING.discard(self)
        if proc is not None and proc.poll() is None:
            stop_group(proc.pid)
        if proc is not None:
            proc.wait()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def detach(self) -> dict[str, object]:
        """Leave the server running after this Python process ends; remember it in state.json."""
        if self._proc is None:
            raise registry_error("not-running", name=self.name)
        state = {
            "name": self.name,
            "kind": self.kind,
            "pid": self._proc.pid,
            "port": self.port,
            "url": self.url,
        }
        (self.dir / "state.json").write_text(json.dumps(state))
        self._proc = None
        _RUNNING.discard(self)
        return state

    def __enter__(self) -> _Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self.running else "stopped"
        return f"<{type(self).__name__} {self.name!r} {where}>"


class Verdaccio(_Server):
    """A Verdaccio npm registry; no uplinks unless `upstream` names another registry's URL.

    With an upstream, packages in `local_scopes` (e.g. "@acme") are never fetched from it.
    """

    kind = "Verdaccio"
    health_path = "/-/ping"

    def __init__(
        self,
        name: str = "public",
        port: int = 0,
        reset: bool = False,
        upstream: str | None = None,
        local_scopes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(name, port, reset)
        self.upstream = upstream
        self.local_scopes = local_scopes
        self._token: str | None = None
        self._token_lock = threading.Lock()

    @property
    def storage(self) -> Path:
        return self.dir / "storage"

    def _prepare(self) -> None:
        anyone = {"access": "$all", "publish": "$authenticated", "unpublish": "$authenticated"}
        packages: dict[str, dict[str, str]] = {f"{s}/*": dict(anyone) for s in self.local_scopes}
        packages["**"] = {**anyone, **({"proxy": "upstream"} if self.upstream else {})}
        config = {
            "storage": str(self.storage),
            "auth": {"htpasswd": {"file": str(self.dir / "htpasswd"), "max_users": 100}},
            "uplinks": {"upstream": {"url": self.upstream}} if self.upstream else {},
            "packages": packages,
            "listen": f"{HOST}:{self.port}",
            "publish": {"allow_offline": True},
            "web": {"enable": False},
            "log": {"type": "stdout", "format": "pretty", "level": "warn"},
        }
        # JSON is valid YAML, and needs no YAML writer.
        (self.dir / "config.yaml").write_text(json.dumps(config, indent=2))

    def _argv(self) -> list[str]:
        return [*verdaccio_argv(), "--config", str(self.dir / "config.yaml")]

    def token(self) -> str:
        """A publish token for the kit's user (added on first use, logged in after that)."""
        with self._token_lock:
            return self._token or self._new_token()

    def _new_token(self) -> str:
        body = json.dumps({"name": USER, "password": PASSWORD}).encode()
        # Basic auth logs in a user a restart kept; without it Verdaccio adds the user.
        basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        status, data = http_request(
            self.port,
            "PUT",
            f"/-/user/org.couchdb.user:{USER}",
            body,
            {"Content-Type": "application/json", "Authorization": f"Basic {basic}"},
        )
        token = json.loads(data or b"{}").get("token") if status in (200, 201) else None
        if not token:
            raise registry_error("no-token", name=self.name, status=status, data=data[:120])
        self._token = token
        return token

    def npmrc(self, scope: str | None = None, auth: bool = False) -> str:
        """.npmrc lines that route to this registry: everything, or only `scope` (e.g. "@acme")."""
        key = f"{scope}:registry" if scope else "registry"
        lines = [f"{key}={self.url}"]
        if auth:
            lines.append(f"//{HOST}:{self.port}/:_authToken={self.token()}")
        return "\n".join(lines) + "\n"

    def packument(self, package: str) -> dict | None:
        """The registry's metadata document for `package`, or None when it has none."""
        status, data = http_request(self.port, "GET", "/" + package.replace("/", "%2f"))
        return json.loads(data) if status == 200 else None

    def download(self, package: str, version: str, folder: Path) -> Path:
        """Fetch one version's tarball into `folder` (plain HTTP, nothing installed or run)."""
        doc = self.packument(package) or {}
        url = doc.get("versions", {}).get(version, {}).get("dist", {}).get("tarball")
        if not url:
            raise registry_error(
                "version-not-in-registry", package=package, version=version, name=self.name
            )
        status, data = http_request(self.port, "GET", "/" + url.split("://", 1)[1].split("/", 1)[1])
        if status != 200:
            raise registry_error("no-download", package=package, version=version, status=status)
        target = folder / url.rsplit("/", 1)[-1]
        target.write_bytes(data)
        return target

    def versions(self, package: str) -> list[str]:
        doc = self.packument(package)
        return list(doc.get("versions", {})) if doc else []


class PythonIndex(_Server):
    """A pypiserver index serving `packages/`; uploads need the kit's user, reads need nobody.

    `seed` puts the pinned setuptools wheel in, so source builds work with no other index.
    """

    kind = "pypiserver"
    health_path = "/health"

    def __init__(
        self, name: str = "pypi", port: int = 0, reset: bool = False, seed: bool = True
    ) -> None:
        super().__init__(name, port, reset)
        self.seed = seed

    @property
    def packages(self) -> Path:
        return self.dir / "packages"

    @property
    def simple_url(self) -> str:
        return f"{self.url}simple/"

    def _prepare(self) -> None:
        from passlib.apache import HtpasswdFile

        self.packages.mkdir(parents=True, exist_ok=True)
        with _PASSLIB:
            ht = HtpasswdFile(str(self.dir / "htpasswd"), new=True)
            ht.set_password(USER, PASSWORD)
            ht.save()
        if self.seed:
            from hooklab.defences.wheelhouse import build_tools

            for wheel in build_tools():
                if not (self.packages / wheel.name).exists():
                    shutil.copy2(wheel, self.packages / wheel.name)

    def _argv(self) -> list[str]:
        exe = find_tool("pypi-server")
        base = [exe] if exe else [sys.executable, "-m", "pypiserver"]
        return [
            *base,
            "run",
            "-i",
            HOST,
            "-p",
            str(self.port),
            "--disable-fallback",
            "--backend",
            "simple-dir",
            "--hash-algo",
            "sha256",
            "-a",
            "update",
            "-P",
            str(self.dir / "htpasswd"),
            "--log-stream",
            "stderr",
            str(self.packages),
        ]

    def files(self) -> list[str]:
        return sorted(p.name for p in self.packages.iterdir() if p.is_file())

    def env(self) -> dict[str, str]:
        """Environment that sends uv and pip to this index and nowhere else."""
        return {
            "UV_DEFAULT_INDEX": self.simple_url,
            "UV_INDEX_URL": self.simple_url,
            "PIP_INDEX_URL": self.simple_url,
            "UV_NO_CONFIG": "1",
        }


def read_state(name: str) -> dict | None:
    """The state of a detached registry, or None (a dead one's stale state is removed)."""
    path = registries_dir() / name / "state.json"
    if not path.is_file():
        return None
    try:
        state = json.loads(path.read_text())
    except ValueError:
        state = {}
    if not state.get("pid") or not alive(int(state["pid"])):
        path.unlink(missing_ok=True)
        return None
    return state


def stop_detached(name: str) -> bool:
    """Stop a registry `hooklab registry up` left running; False when none was running."""
    state = read_state(name)
    if state is None:
        return False
    stop_group(int(state["pid"]))
    (registries_dir() / name / "state.json").unlink(missing_ok=True)
    return True


@atexit.register
def _stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()
