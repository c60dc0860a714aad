"""The output guard on a corpus of well-formed fake secrets in every channel of an MCP result,
and on honest look-alikes it must leave alone (tests/guard_corpus/)."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest

from hooklab.mcp.guard import GuardReport, GuardRules, guard_line
from hooklab.mcp.secrets import ALL_RULES, find_spans

sys.path.insert(0, str(Path(__file__).parent / "guard_corpus"))
import corpus  # noqa: E402


def _guard(line: str) -> str | None:
    return guard_line(line, GuardRules(), GuardReport())


def test_the_corpus_is_broad_enough_to_mean_something():
    entries = corpus.secrets()
    assert len(entries) >= 150 and len({e.format for e in entries}) >= 60
    assert len(corpus.honest()) >= 60
    assert all(e.secret in e.text and len(e.secret) >= 8 for e in entries)
    assert {
        "text",
        "split-text",
        "resource-blob",
        "structuredContent",
        "json-key",
        "_meta",
        "error",
        "resource-link",
    } <= set(corpus.CHANNELS)


def test_the_corpus_files_are_what_the_generator_writes(tmp_path, monkeypatch):
    import make_corpus

    monkeypatch.setattr(make_corpus, "HERE", tmp_path)
    monkeypatch.setattr(make_corpus, "rng", type(make_corpus.rng)(20261201))
    make_corpus.main()
    for name in ("secrets.json", "honest.json"):
        assert (tmp_path / name).read_text() == (corpus.HERE / name).read_text()


def test_guard_masks_95_percent_everywhere_and_alters_at_most_5_percent_of_honest_text():
    score = corpus.score(_guard)
    assert score.recall >= 0.95, score.missed[:20]
    assert score.false_positive_rate <= 0.05, score.rewritten


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_each_rule_finds_its_example_and_spares_its_look_alike(rule):
    assert rule.id in {s.kind for s in find_spans(rule.example)}
    assert find_spans(rule.benign) == []
    assert rule.doc


def test_a_masked_blob_is_still_base64_of_the_masked_text():
    entry = corpus.secrets()[0]
    out = json.loads(_guard(json.dumps(corpus.CHANNELS["resource-blob"](entry))) or "null")
    blob = out["result"]["content"][0]["resource"]["blob"]
    assert "[MASKED:" in base64.b64decode(blob).decode()
