"""A loopback HTTP listener that records whatever the payloads send it."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.parse

from hooklab.errors import HooklabError, listen_error
from hooklab.model import CanaryHit
from hooklab.watch.home import find_secrets


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 1 << 20)).decode("utf-8", "replace") if length else ""
        path = urllib.parse.unquote(self.path)
        hit = CanaryHit(
            time=time.time(),
            method=self.command,
            path=path,
            body=body,
            secrets=find_secrets(path + "\n" + body),
        )
        self.server.record(hit)
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_PUT = _record

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence stderr
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self._lock = threading.Lock()
        self.hits: list[CanaryHit] = []

    def record(self, hit: CanaryHit) -> None:
        with self._lock:
            self.hits.append(hit)


class Canary:
    """`with Canary() as c:` listens on 127.0.0.1:c.port until the block ends."""

    def __init__(self, port: int = 0) -> None:
        self._want = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise HooklabError("the canary is not listening")
        return self._server.server_address[1]

    def hits(self) -> list[CanaryHit]:
        if self._server is None:
            return []
        with self._server._lock:
            return list(self._server.hits)

    def start(self) -> Canary:
        try:
            self._server = _Server(self._want)
        except OSError as exc:
            in_use = (
                f"canary port {self._want} is in use; pick another with --canary-port or "
                "leave it out to use a free one"
            )
            raise listen_error(exc, self._want, in_use) from None
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)

    def __enter__(self) -> Canary:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
