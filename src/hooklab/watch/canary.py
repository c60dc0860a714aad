"""A loopback HTTP listener that records whatever the payloads send it.

A request is recorded however it ends: a broken header or a connection cut mid-body is still a
payload that reached the listener (recorded with what arrived), never a traceback on stderr.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
import urllib.parse

from hooklab.errors import HooklabError, listen_error
from hooklab.lang import both
from hooklab.model import CanaryHit
from hooklab.watch.home import find_secrets

BODY_MAX = 1 << 20  # bytes of a request body that are kept


def _length(header: str | None) -> int:
    """Content-Length as a payload sent it: a missing, broken or negative one reads as 0."""
    try:
        return max(0, min(int(header or 0), BODY_MAX))
    except ValueError:
        return 0


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def _record(self) -> None:
        raw = b""
        try:
            length = _length(self.headers.get("Content-Length"))
            while len(raw) < length:
                chunk = self.rfile.read1(length - len(raw))
                if not chunk:
                    break
                raw += chunk
        finally:  # a cut connection still reached the listener: record what arrived
            body = raw.decode("utf-8", "replace")
            path = urllib.parse.unquote(self.path)
            self.server.record(
                CanaryHit(
                    time=time.time(),
                    method=self.command,
                    path=path,
                    body=body,
                    secrets=find_secrets(path + "\n" + body),
                )
            )
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_PUT = _record

    def parse_request(self) -> bool:
        """A request line or header that does not parse is answered 400 and recorded as sent."""
        if super().parse_request():
            return True
        line = self.requestline
        self.server.record(
            CanaryHit(time.time(), "(unreadable)", "", line, secrets=find_secrets(line))
        )
        return False

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

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        """A client that breaks its own request is the payload's doing, not the kit's: what
        arrived is recorded above, and nothing is printed."""


class Canary:
    """`with Canary() as c:` listens on 127.0.0.1:c.port until the block ends."""

    def __init__(self, port: int = 0) -> None:
        self._want = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise HooklabError(
                both("카나리아가 연결을 받고 있지 않습니다", "the canary is not listening")
            )
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
            in_use = both(
                f"카나리아 포트 {self._want}은(는) 사용 중입니다. --canary-port로 다른 포트를"
                " 고르거나, 빼고 실행해 빈 포트를 쓰세요",
                f"canary port {self._want} is in use; pick another with --canary-port or "
                "leave it out to use a free one",
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
