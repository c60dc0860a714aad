"""The LLM path against local servers that speak the Anthropic Messages API and the OpenAI chat
API (the only fakes allowed: paid model APIs), and the answer parsed into the same Report."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
from hooklab.review import llm_review, parse_answer, review, side_by_side
from hooklab.review.archive import read_tree
from hooklab.review.llm import pack_files
from hooklab.review.package import Package

ANSWER = {
    "categories": [
        {
            "id": "install",
            "level": "high",
            "findings": [
                {
                    "rule": "postinstall-exfil",
                    "file": "scripts/setup.js",
                    "line": 12,
                    "evidence": "fs.writeFileSync(...)",
                    "why": "runs at install",
                }
            ],
        },
        {"id": "secrets", "level": "high", "findings": []},
        {"id": "network_file", "level": "medium", "findings": []},
        {"id": "exec_privilege", "level": "low", "findings": []},
        {"id": "output_llm", "level": "low", "findings": []},
        {"id": "supply_chain", "level": "low", "findings": []},
    ],
    "overall": {"level": "high", "summary": "bad"},
}


class _Server:
    def __init__(self, reply: str) -> None:
        self.reply, self.requests = reply, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                outer.requests.append((self.path, dict(self.headers), body))
                if self.path.endswith("/messages"):
                    out = {
                        "id": "msg_1",
                        "type": "message",
                        "role": "assistant",
                        "model": body["model"],
                        "stop_reason": "end_turn",
                        "stop_sequence": None,
                        "content": [{"type": "text", "text": outer.reply}],
                        "usage": {"input_tokens": 10, "output_tokens": 10},
                    }
                else:
                    out = {
                        "id": "c1",
                        "object": "chat.completion",
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": outer.reply},
                                "finish_reason": "stop",
                            }
                        ],
                    }
                data = json.dumps(out).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server(request) -> Iterator[_Server]:
    srv = _Server(getattr(request, "param", "```json\n" + json.dumps(ANSWER) + "\n```"))
    thread = threading.Thread(target=srv.httpd.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def test_anthropic_sdk_path(server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    src = get_fixture("npm-postinstall").source
    report = llm_review(src, "anthropic")
    path, headers, body = server.requests[0]
    assert path == "/v1/messages"
    lower = {k.lower(): v for k, v in headers.items()}
    assert "test-key" in lower.get("x-api-key", "") + lower.get("authorization", "")
    assert "six categories" in body["system"]
    assert "=== package.json ===" in body["messages"][0]["content"]
    assert "scripts/setup.js" in body["messages"][0]["content"]
    assert report.method == "llm:anthropic"
    assert report.level("install") == "high" and report.level("exec_privilege") == "low"
    assert report.category("install").findings[0].line == 12
    table = side_by_side({"rules": review(src), "llm": report}).set_index("category")
    assert table.loc["install", "rules"] == table.loc["install", "llm"] == "high"


def test_openai_compatible_path(server: _Server) -> None:
    report = llm_review(get_fixture("pypi-setup-py").source, server.url + "/v1")
    assert server.requests[0][0] == "/v1/chat/completions"
    assert report.method == "llm:openai-compatible"
    assert report.overall == "high"


@pytest.mark.parametrize("server", ["I think it is fine."], indirect=True)
def test_an_answer_that_is_not_json_is_a_clear_error(server: _Server) -> None:
    with pytest.raises(HooklabError, match="not the JSON report"):
        llm_review(get_fixture("pypi-setup-py").source, server.url)


def test_claude_cli_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`claude -p`, stood in for by a script that checks its input and answers like the CLI."""
    stub = tmp_path / "claude"
    answer = tmp_path / "answer.json"
    answer.write_text(json.dumps(ANSWER))
    stub.write_text(f"#!/bin/sh\ngrep -q '=== package.json ===' || exit 3\ncat {answer}\n")
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    report = llm_review(get_fixture("npm-postinstall").source, "auto")
    assert report.method == "llm:claude" and report.level("install") == "high"


def test_packing_respects_the_budget_and_puts_hooks_first() -> None:
    pkg = Package(read_tree(get_fixture("npm-postinstall").source))
    packed = pack_files(pkg, budget=200)
    assert packed.included[0] == "package.json"
    assert len(packed.text) <= 200 * 3 + 50
    assert packed.omitted
    assert pack_files(pkg).included[:2] == ["package.json", "scripts/setup.js"]


def test_parse_drops_unknown_ids_and_levels() -> None:
    text = json.dumps(
        {"categories": [{"id": "install", "level": "HIGH"}, {"id": "weather", "level": "sunny"}]}
    )
    report = parse_answer(text, "x", "llm:test")
    assert report.level("install") == "high" and report.level("secrets") == "low"
    assert any("did not rate secrets" in n for n in report.notes)
