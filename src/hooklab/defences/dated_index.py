"""A loopback Python index that reports upload times, so cooldowns can be shown working.

pypiserver says nothing about when a file was uploaded, and an installer's cooldown
(`uv --exclude-newer`, `pip --uploaded-prior-to`) then has nothing to go by. This index serves
the same `packages/` folder through the PEP 691 JSON simple API with each file's PEP 700
`upload-time` (and a PEP 503 HTML page for clients that ask for HTML). The upload times are the
ones the kit wrote into `uploads.json` with `DatedIndex.date()`: the index reports them, it does
not measure them. A file the kit did not date has no `upload-time`, as on pypiserver.

`with DatedIndex("name") as index:` runs the server (`python -m hooklab.defences.dated_index`)
on 127.0.0.1 only; it serves the regular files in `packages/` and nothing else.
"""

from __future__ import annotations

import hashlib
import html
import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from hooklab.defences.servers import PythonIndex
from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.procs import HOST

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
UPLOADS = "uploads.json"
_MAX_PATH = 512


def pep700_time(when: datetime) -> str:
    """A time the way PEP 700 writes `upload-time`: ISO 8601 in UTC, ending in Z."""
    if when.tzinfo is None:
        raise HooklabError(
            both("업로드 시각에는 시간대가 있어야 합니다", "an upload time needs a time zone")
        )
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dist_of(filename: str) -> tuple[str, str] | None:
    """(normalised project name, version) of a wheel or sdist file name, or None."""
    try:
        if filename.endswith(".whl"):
            name, version, *_ = parse_wheel_filename(filename)
        else:
            name, version = parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return canonicalize_name(name), str(version)


class DatedIndex(PythonIndex):
    """A Python index on loopback that reports the upload times the kit set (see module doc)."""

    kind = "dated index"

    @property
    def uploads_path(self) -> Path:
        return self.dir / UPLOADS

    def _argv(self) -> list[str]:
        return [sys.executable, "-m", "hooklab.defences.dated_index", str(self.dir), str(self.port)]

    def uploaded(self) -> dict[str, str]:
        """file name -> the upload time the index reports for it (PEP 700 form)."""
        return _read_uploads(self.dir)

    def date(self, times: Mapping[str, datetime]) -> None:
        """Set the upload time the index reports for files already in `packages/`."""
        missing = [name for name in times if name not in self.files()]
        if missing:
            raise HooklabError(
                both(
                    f"{self.kind} {self.name!r}에는 시각을 매길 파일 {missing[0]!r}이(가) 없습니다",
                    f"{self.kind} {self.name!r} has no file {missing[0]!r} to date",
                )
            )
        merged = {**self.uploaded(), **{n: pep700_time(t) for n, t in times.items()}}
        self.uploads_path.write_text(json.dumps(merged, indent=1, sort_keys=True))


def _read_uploads(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / UPLOADS).read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


class _Handler(BaseHTTPRequestHandler):
    """GET /health, /simple/, /simple/<project>/ and /files/<file name>; nothing else."""

    server: _IndexServer
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        sys.stderr.write(f"{self.command} {self.path[:200]!r}\n")

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path[:_MAX_PATH]).path)
        wants_json = JSON_TYPE in self.headers.get("Accept", "")
        packages = self.server.folder / "packages"
        found: tuple[str, bytes] | None
        if path == "/health":
            found = ("text/plain", b"ok\n")
        elif path.startswith("/files/"):
            found = _file(packages, path.removeprefix("/files/"))
        elif path.startswith("/simple/"):
            project = path.removeprefix("/simple/").strip("/")
            found = _page(self.server.folder, project, self.server.base, wants_json)
        else:
            found = None
        if found is None:
            found = ("text/plain", b"not found\n")
            self.send_response(404)
        else:
            self.send_response(200)
        kind, data = found
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


class _IndexServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path, port: int) -> None:
        super().__init__((HOST, port), _Handler)
        self.folder = folder
        self.base = f"http://{HOST}:{port}"


def _served(packages: Path) -> dict[str, Path]:
    """The files the index serves: regular files (not links) in `packages/` with a dist name."""
    return {
        p.name: p
        for p in sorted(packages.iterdir())
        if p.is_file() and not p.is_symlink() and dist_of(p.name) is not None
    }


def _file(packages: Path, name: str) -> tuple[str, bytes] | None:
    path = _served(packages).get(name)
    return ("application/octet-stream", path.read_bytes()) if path else None


def _page(folder: Path, project: str, base: str, wants_json: bool) -> tuple[str, bytes] | None:
    files = _served(folder / "packages")
    if not project:
        names = sorted({d[0] for f in files if (d := dist_of(f))})
        if wants_json:
            doc = {"meta": {"api-version": "1.1"}, "projects": [{"name": n} for n in names]}
            return JSON_TYPE, json.dumps(doc).encode()
        links = "".join(f'<a href="{n}/">{n}</a>\n' for n in names)
        return "text/html", f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n".encode()
    wanted = canonicalize_name(project)
    mine = {n: p for n, p in files.items() if (d := dist_of(n)) and d[0] == wanted}
    if not mine or project != wanted:
        return None
    uploads = _read_uploads(folder)
    entries = []
    for name, path in mine.items():
        data = path.read_bytes()
        entry: dict[str, object] = {
            "filename": name,
            "url": f"{base}/files/{name}",
            "hashes": {"sha256": hashlib.sha256(data).hexdigest()},
            "size": len(data),
        }
        if name in uploads:
            entry["upload-time"] = uploads[name]
        entries.append(entry)
    if wants_json:
        versions = sorted({d[1] for n in mine if (d := dist_of(n))})
        doc = {"meta": {"api-version": "1.1"}, "name": wanted, "versions": versions}
        doc["files"] = entries
        return JSON_TYPE, json.dumps(doc).encode()
    links = "".join(
        f'<a href="{html.escape(str(e["url"]))}#sha256={e["hashes"]["sha256"]}">'  # type: ignore[index]
        f"{html.escape(str(e['filename']))}</a>\n"
        for e in entries
    )
    return "text/html", f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n".encode()


def main(argv: list[str]) -> int:
    """`python -m hooklab.defences.dated_index FOLDER PORT`: serve FOLDER on 127.0.0.1:PORT."""
    folder, port = Path(argv[0]), int(argv[1])
    with _IndexServer(folder, port) as server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
