"""The LLM path against local servers that speak the Anthropic Messages API and the OpenAI chat
API (the only fakes allowed: paid model APIs), the answer parsed into the same Report, and
recordings: kept raw by the live path, replayed through the same parser.

`tests/data/llm-parser-test-input.json` is a hand-written parser test input, not a model's answer.
"""

from __future__ import annotations

import hashlib
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
from hooklab.review import (
    CATEGORIES,
    Recording,
    build_prompt,
    find_recording,
    llm_review,
    parse_answer,
    prompt_file,
    replay,
    review,
    side_by_side,
    three_verdicts,
)
from hooklab.review.archive import read_tree
from hooklab.review.llm import pack_files
from hooklab.review.package import Package

PARSER_INPUT = Path(__file__).parent / "data" / "llm-parser-test-input.json"

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


@pytest.fixture(autouse=True)
def _own_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recordings land in this test's own work folder; no backend is found by accident."""
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    for name in ("ANTHROPIC_API_KEY", "HOOKLAB_LLM_URL", "HOOKLAB_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)


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
    report = llm_review(src, "anthropic", lang="en")
    path, headers, body = server.requests[0]
    assert path == "/v1/messages"
    lower = {k.lower(): v for k, v in headers.items()}
    assert "test-key" in lower.get("x-api-key", "") + lower.get("authorization", "")
    assert body["system"] == prompt_file("en").read_text(encoding="utf-8")
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
def test_an_answer_that_is_not_json_is_a_clear_error(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
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


def test_both_prompt_files_ask_for_the_one_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    for lang in ("en", "ko"):
        text = prompt_file(lang).read_text(encoding="utf-8")
        assert all(f"`{cid}`" in text for cid in CATEGORIES), lang
        assert '"categories": [{"id": "install", "level": "low|medium|high"' in text
        assert "=== " in text and "12| " in text  # the packing is explained
    with pytest.raises(HooklabError, match="no review prompt"):
        prompt_file("fr")  # type: ignore[arg-type]


def test_the_pasted_prompt_is_the_file_then_the_packed_files(tmp_path: Path) -> None:
    src = get_fixture("npm-postinstall").source
    prompt = build_prompt(src, "ko")
    assert prompt.text.startswith(prompt_file("ko").read_text(encoding="utf-8"))
    assert "=== scripts/setup.js ===" in prompt.text
    written = prompt.write(tmp_path)
    assert written.read_text(encoding="utf-8") == prompt.text
    assert hashlib.sha256(written.read_bytes()).hexdigest() == prompt.sha256


def test_a_live_answer_is_recorded_raw_and_replays_to_the_same_report(server: _Server) -> None:
    src = get_fixture("pypi-setup-py").source
    live = llm_review(src, server.url, lang="ko")
    assert server.requests[0][2]["messages"][0]["content"] == prompt_file("ko").read_text(
        encoding="utf-8"
    )
    rec = find_recording(src, "ko")
    assert rec is not None
    assert rec.answer == server.reply  # byte for byte, fence and all
    assert rec.backend == "openai-compatible" and rec.model == "local-model"
    assert rec.prompt_sha256 == build_prompt(src, "ko").sha256
    again = replay(rec, build_prompt(src, "ko"))
    assert again.method == "llm:recorded" and "local-model" in again.notes[0]
    assert [c.level for c in again.categories] == [c.level for c in live.categories]
    assert not any("another prompt" in n for n in again.notes)


def test_the_auto_backend_finds_a_local_server_from_the_environment(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no `claude`
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    with pytest.raises(HooklabError, match="no LLM backend"):
        llm_review(get_fixture("pypi-setup-py").source, "auto")
    monkeypatch.setenv("HOOKLAB_LLM_URL", server.url + "/v1")
    report = llm_review(get_fixture("pypi-setup-py").source, "auto")
    assert report.method == "llm:openai-compatible"


def test_the_parser_test_input_replays_through_the_live_parser() -> None:
    rec = Recording.load(PARSER_INPUT)
    assert "NOT a model's answer" in rec.note
    report = replay(rec, build_prompt(get_fixture("npm-postinstall").source))
    assert report.method == "llm:recorded"
    assert report.level("install") == "high" and report.level("secrets") == "high"
    assert report.category("install").findings[0].line == 15
    assert any("did not rate supply_chain" in n for n in report.notes)
    assert any("another prompt" in n for n in report.notes)  # its digest is all zeros
    assert report.to_dict()["categories"][0]["findings"][0]["file"] == "scripts/setup.js"


@pytest.mark.parametrize(
    "content",
    [b"not json", b"[]", b'{"package": "x"}', b"\xff\xfe", json.dumps({"answer": 1}).encode()],
)
def test_a_broken_recording_is_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.en.json"
    path.write_bytes(content)
    with pytest.raises(HooklabError) as err:
        Recording.load(path)
    assert "\n" not in str(err.value)


def test_no_recording_and_the_model_column_says_so() -> None:
    from hooklab.review import case_study_archive

    target = case_study_archive("2.9.6")
    assert find_recording(target) is None  # none shipped: no model was reachable here
    table = three_verdicts(review(target), None).set_index("category")
    assert set(table["model"]) == {"recording missing"}
    assert table.loc["output_llm", "differs"] == "book≠rules"
    assert "dist/index.js:239" in table.loc["output_llm", "rules evidence"]


def test_an_unknown_backend_is_refused_before_any_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    with pytest.raises(HooklabError, match="unknown --llm backend 'nonsense'"):
        llm_review(tmp_path / "not-there.tgz", "nonsense")
    monkeypatch.setenv("PATH", "/nonexistent")  # no `claude`
    monkeypatch.setenv("HOOKLAB_LLM_URL", "file:///etc/passwd")  # not a URL the kit calls
    with pytest.raises(HooklabError, match="no LLM backend"):
        llm_review(tmp_path / "not-there.tgz", "auto")
