"""vet's problem lines in the reader's language (issue 17): each known shape is said in Korean
with the tool's own words kept, English stays word for word, and a line of no known shape is
shown as it is."""

from __future__ import annotations

import re

import pytest

from hooklab.vet.problems import SHAPES, said

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_each_shape_is_said_in_both_languages(shape) -> None:
    assert shape.pattern.fullmatch(shape.example)
    assert said(shape.example, "en") == shape.example
    korean = said(shape.example, "ko")
    assert HANGUL.search(korean) and korean != shape.example
    for value in shape.pattern.fullmatch(shape.example).groupdict().values():
        assert value in korean  # names and the tool's words are kept


def test_a_step_prefix_is_said_and_the_rest_after_it() -> None:
    line = "fetch: npm:pkg: npm failed (EUSAGE: no logs)"
    assert said(line, "ko") == "받기: npm:pkg: npm이 실패했습니다 (EUSAGE: no logs)"
    assert said(line, "en") == line


def test_a_line_of_no_known_shape_is_shown_as_it_is() -> None:
    odd = "something new went wrong: {not a field}"
    assert said(odd, "ko") == odd and said(f"static: {odd}", "ko") == f"정적 검토: {odd}"


def test_a_servers_own_reason_is_said_before_the_general_shape() -> None:
    line = "not a registry package: a remote server at https://mcp.example.com/sse"
    assert said(line, "ko") == (
        "레지스트리 패키지가 아닙니다: https://mcp.example.com/sse에 있는 원격 서버입니다"
    )
    odd = "not a registry package: something else"
    assert said(odd, "ko") == "레지스트리 패키지가 아닙니다: something else"
