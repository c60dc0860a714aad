"""The lab machinery: learner copies, checks that teach, flags, progress and the trainer board."""

from __future__ import annotations

import ast
import inspect
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from hooklab.errors import HooklabError
from hooklab.labs import (
    Task,
    Wrong,
    board_frame,
    export,
    flag_for,
    open_lab,
    progress_frame,
    verify_flag,
)
from hooklab.labs.checks import BIG_HINT_AFTER, judge
from hooklab.labs.notebook import fill_in, generate, learner_notebook, stub_source
from hooklab.lang import both
from tests.conftest import ROOT, run_cli

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


@pytest.fixture(autouse=True)
def own_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own work folder, so progress never leaks between tests."""
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    monkeypatch.delenv("HOOKLAB_WORKSHOP_KEY", raising=False)
    monkeypatch.setenv("HOOKLAB_LEARNER", "ada")
    return tmp_path / "work"


# ---- learner copies ------------------------------------------------------------------------


def test_stub_replaces_each_block_and_keeps_the_rest() -> None:
    source = "\n".join(
        [
            "x = 1",
            "### BEGIN SOLUTION",
            "runs, (a, b) = f(), (1, 2)",
            "total: int = 3",
            "### END SOLUTION",
            "def g():",
            "    ### BEGIN SOLUTION",
            "    return 4",
            "    ### END SOLUTION",
            "lab.check('t', runs)",
        ]
    )
    assert stub_source(source).splitlines() == [
        "x = 1",
        "# 여기에 코드를 쓰세요",
        "runs = ...",
        "a = ...",
        "b = ...",
        "total = ...",
        "def g():",
        "    # 여기에 코드를 쓰세요",
        '    raise NotImplementedError("여기에 코드를 쓰세요")',
        "lab.check('t', runs)",
    ]


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION", "### BEGIN SOLUTION\n" * 2],
)
def test_unbalanced_markers_are_refused(source: str) -> None:
    with pytest.raises(HooklabError, match="SOLUTION"):
        stub_source(source)


def test_learner_copy_drops_hidden_checks_and_outputs() -> None:
    nb = nbformat.v4.new_notebook()
    hidden = nbformat.v4.new_code_cell(
        "lab.expect_wrong('t', 1)", metadata={"tags": ["hidden-check"]}
    )
    answer = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 2\n### END SOLUTION\nprint(x)")
    answer.outputs = [nbformat.v4.new_output("stream", text="2\n")]
    answer.execution_count = 3
    nb.cells = [answer, hidden]
    nb.metadata["widgets"] = {"state": {}}
    learner = learner_notebook(nb)
    assert len(learner.cells) == 1 and "widgets" not in learner.metadata
    cell = learner.cells[0]
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.source == "# 여기에 코드를 쓰세요\nx = ...\nprint(x)"
    assert nb.cells[0].outputs, "the solution itself is left alone"
    assert fill_in(learner, nb) == 1 and learner.cells[0].source == answer.source


def test_committed_learner_copies_are_up_to_date() -> None:
    stale = generate(ROOT / "labs", check=True)
    assert not stale, f"run `hooklab labs generate`: stale {stale}"


def test_generate_check_fails_on_a_stale_copy(tmp_path: Path) -> None:
    lab = tmp_path / "labs" / "99-x"
    lab.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("### BEGIN SOLUTION\ny = 1\n### END SOLUTION")]
    )
    nbformat.write(nb, lab / "solution.ipynb")
    (lab / "learner.ipynb").write_text("{}")
    proc = run_cli("labs", "generate", "--check", "--labs", str(tmp_path / "labs"), "--lang", "en")
    assert proc.returncode != 0 and "out of date" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("labs", "generate", "--labs", str(tmp_path / "labs"), "--lang", "en")
    assert proc.returncode == 0 and "wrote" in proc.stdout
    assert "y = ..." in (lab / "learner.ipynb").read_text()
    assert run_cli("labs", "generate", "--check", "--labs", str(tmp_path / "labs")).returncode == 0


# ---- checks that teach -----------------------------------------------------------------------


def _even(value: object) -> None:
    if not isinstance(value, int):
        raise Wrong(both("정수를 쓰세요.", "Write an integer."), both("예: 2", "For example: 2"))
    if value % 2:
        raise Wrong(
            both(f"{value}는 홀수입니다.", f"{value} is odd."),
            both("2로 나눠 보세요.", "Divide it by 2."),
        )


TASK = Task(
    "even",
    both("짝수 하나", "An even number"),
    _even,
    both("2, 4, 6 중 아무거나", "Any of 2, 4, 6"),
    both("좋습니다.", "Good."),
)


def test_a_miss_says_what_and_hints_and_the_big_hint_comes_after_three() -> None:
    first = judge(TASK, 3, misses_before=0)
    assert not first.ok and "홀수" in first.what and first.hint and not first.big_hint
    assert "힌트" in first.text() and "더 큰 힌트" not in first.text()
    third = judge(TASK, 3, misses_before=BIG_HINT_AFTER - 1)
    assert third.big_hint == TASK.big_hint["ko"] and "더 큰 힌트" in third.text()
    assert judge(TASK, 4, 0).ok
    odd = judge(TASK, "x", 0)
    assert "정수" in odd.what


def test_an_empty_stub_is_not_a_miss_and_a_crash_becomes_advice() -> None:
    empty = judge(TASK, ..., 5)
    assert not empty.ok and not empty.counts and "아직" in empty.what and not empty.big_hint
    verdict = judge(broken_task(), 7, 0)
    assert not verdict.ok and "TypeError" in verdict.what and verdict.hint


def test_a_verdict_is_said_in_the_language_asked_for() -> None:
    english = judge(TASK, 3, BIG_HINT_AFTER - 1, lang="en")
    assert english.what == "3 is odd." and english.hint == "Divide it by 2."
    assert "A bigger hint" in english.text() and "Any of 2, 4, 6" in english.text()
    assert judge(TASK, 4, 0, lang="en").text() == "✅ [even] Right. Good."
    assert "write your code here" in judge(TASK, ..., 0, lang="en").hint
    assert not HANGUL.search(judge(broken_task(), 7, 0, lang="en").text())


def broken_task() -> Task:
    return Task("t", both("t", "t"), lambda v: v["key"], both("큰", "big"))


CODE = re.compile(r"`([^`]+)`")


def _both_calls(module: object) -> list[tuple[str, str]]:
    """Every `both("…", "…")` of a module whose two texts are written out (no f-string)."""
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "both":
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if len(texts) == 2:
                found.append((texts[0], texts[1]))
    return found


def test_every_lab_text_is_in_both_languages_with_the_same_code() -> None:
    from hooklab.labs.catalogue import all_labs

    for lab in all_labs():
        texts = [lab.title, *(t for task in lab.tasks for t in (task.title, task.big_hint))]
        texts += [task.praise for task in lab.tasks]
        for text in texts:
            assert bool(text["ko"]) == bool(text["en"]), (lab.id, text)
            assert not HANGUL.search(text["en"]), (lab.id, text["en"])
        module = sys.modules[lab.tasks[0].check.__module__]
        for ko, en in _both_calls(module):
            assert CODE.findall(ko) == CODE.findall(en), (lab.id, ko, en)
            assert not HANGUL.search(en), (lab.id, en)


def test_session_records_misses_solves_and_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    lab = open_lab("01-which-package")
    lab.check("suspect", ...)
    for _ in range(BIG_HINT_AFTER):
        lab.check("suspect", "json-pretty-cli")
    out = capsys.readouterr().out
    assert out.count("❌") == 1 + BIG_HINT_AFTER and out.count("더 큰 힌트") == 1
    row = progress_frame().set_index("lab").loc["01-which-package"]
    assert row["state"] == "stuck" and row["misses"] == BIG_HINT_AFTER
    assert lab.finish() == "" and "남은 과제" in capsys.readouterr().out
    lab.check("suspect", "uuid-tiny-cli")
    lab.check("stage", "preinstall")
    lab.check("secrets", ["npm_token"])
    flag = lab.finish()
    assert flag == flag_for("01-which-package") and flag in capsys.readouterr().out
    lab.assert_done()
    assert progress_frame().set_index("lab").loc["01-which-package", "state"] == "done"


def test_flags_depend_on_the_workshop_key(monkeypatch: pytest.MonkeyPatch) -> None:
    self_study = flag_for("01-which-package")
    monkeypatch.setenv("HOOKLAB_WORKSHOP_KEY", "seoul-2026")
    workshop = flag_for("01-which-package")
    assert workshop != self_study and workshop != flag_for("02-safe-install")
    assert verify_flag("01-which-package", workshop)
    assert not verify_flag("01-which-package", self_study)
    assert verify_flag("01-which-package", self_study, key="hooklab-self-study")


# ---- progress files and the trainer board -------------------------------------------------------


def _solve_lab01() -> None:
    lab = open_lab("01-which-package")
    for task, answer in [
        ("suspect", "uuid-tiny-cli"),
        ("stage", "preinstall"),
        ("secrets", ["npm_token"]),
    ]:
        lab.check(task, answer)
    lab.finish()


def test_board_shows_who_is_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_WORKSHOP_KEY", "class-key")
    board = tmp_path / "board"
    _solve_lab01()
    assert export(board).name == "progress-ada.json"

    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "bob-work"))
    monkeypatch.setenv("HOOKLAB_LEARNER", "bob")
    open_lab("01-which-package").check("suspect", "md-toc-cli")
    export(board)

    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "eve-work"))
    monkeypatch.setenv("HOOKLAB_LEARNER", "eve")
    monkeypatch.setenv("HOOKLAB_WORKSHOP_KEY", "guessed-key")  # a flag made with another key
    _solve_lab01()
    export(board)

    frame = board_frame(board, key="class-key").set_index("learner")
    assert frame.loc["ada", "01-which-package"] == "done" and frame.loc["ada", "done"].startswith(
        "1/"
    )
    assert frame.loc["bob", "01-which-package"] == "in progress"
    assert frame.loc["eve", "01-which-package"] == "bad flag"

    proc = run_cli("labs", "board", str(board), "--json", env={"HOOKLAB_WORKSHOP_KEY": "class-key"})
    assert proc.returncode == 0, proc.stderr
    rows = {r["learner"]: r for r in json.loads(proc.stdout)}
    assert rows["ada"]["01-which-package"] == "done"


def test_cli_progress_export_and_bad_board_input(tmp_path: Path, own_work: Path) -> None:
    env = {"HOOKLAB_WORK": str(own_work), "HOOKLAB_LEARNER": "ada"}
    proc = run_cli("labs", "progress", env=env)
    assert (
        proc.returncode == 0 and "01-which-package" in proc.stdout and "not started" in proc.stdout
    )
    out = tmp_path / "mine.json"
    proc = run_cli("labs", "export", "--out", str(out), env=env)
    assert proc.returncode == 0 and json.loads(out.read_text())["learner"] == "ada"

    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (empty, tmp_path / "missing"):
        proc = run_cli("labs", "board", str(folder), env=env)
        assert proc.returncode != 0 and proc.stderr.startswith("hooklab: ")
        assert "Traceback" not in proc.stderr
    for junk in ("not json", "[" * 100_000 + "]" * 100_000):  # broken, and nested too deeply
        (empty / "junk.json").write_text(junk)
        proc = run_cli("labs", "board", str(empty), "--key", "k", "--lang", "en", env=env)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.startswith("hooklab: junk.json: cannot read it as JSON")
        assert len(proc.stderr.strip().splitlines()) == 1 and "junk.json" in proc.stdout


def test_panels_refresh_and_export(
    tmp_path: Path, own_work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hooklab.labs import board_panel, progress_panel

    panel = progress_panel()
    table, buttons, status = panel.children[1], panel.children[2].children, panel.children[3]
    assert "01-which-package" in table.value and "시작 전" in table.value
    assert "새로 고침 1회" in status.value
    _solve_lab01()
    buttons[0].click()
    assert "완료" in table.value and "새로 고침 2회" in status.value
    buttons[1].click()
    assert "progress-ada.json" in status.value
    assert (own_work / "labs" / "progress-ada.json").is_file()
    board = board_panel(own_work / "labs")  # no workshop key: the flag is not taken on trust
    assert "ada" in board.children[1].value and "플래그 미확인" in board.children[1].value
    assert "완료" not in board.children[1].value
    monkeypatch.setenv("HOOKLAB_WORKSHOP_KEY", "hooklab-self-study")  # the key it was made with
    board.children[2].click()
    assert "완료" in board.children[1].value


# ---- judgement: predictions, and a justified answer within a range --------------------------

LEVELS06 = {
    "install": "low",
    "secrets": "medium",
    "network_file": "medium",
    "exec_privilege": "low",
    "output_llm": "high",
    "supply_chain": "low",
}


def test_a_justified_neighbour_level_is_accepted_and_the_check_says_why() -> None:
    task = open_lab("06-review-mcp").spec.task("levels")
    assert judge(task, LEVELS06, 0).ok  # the reviewer's own levels
    reason = "lib/status.js:34 process.env 전체가 도구 결과에 담김"
    verdict = judge(task, {**LEVELS06, "secrets": ("high", reason)}, 0)
    assert verdict.ok, verdict.text()
    assert "secrets: high (리뷰어는 medium)" in verdict.what
    assert "lib/status.js:34" in verdict.what and "output_llm" in verdict.what  # why: the flow
    # a name on the evidence line is as good as its place; so is the file's short name
    for cited in ("process.env를 통째로 돌려줌", "status.js:35에서 읽음", "홈의 .npmrc"):
        assert judge(task, {**LEVELS06, "secrets": ["high", cited]}, 0).ok, cited


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ({**LEVELS06, "secrets": "high"}, "이유가 없습니다"),
        (
            {**LEVELS06, "secrets": ("high", "위험해 보임")},
            "근거(파일:줄이나 그 줄의 이름)가 없습니다",
        ),
        ({**LEVELS06, "install": ("medium", "lib/status.js:34")}, "아무것도 찾지 못했습니다"),
        ({**LEVELS06, "output_llm": ("low", "lib/status.js:34")}, "두 단계 차이"),
        ({**LEVELS06, "secrets": ("extreme", "lib/status.js:34")}, "등급이 아닙니다"),
    ],
)
def test_an_unjustified_level_is_refused_with_the_reason(answer: dict, why: str) -> None:
    verdict = judge(open_lab("06-review-mcp").spec.task("levels"), answer, 0)
    assert not verdict.ok and why in verdict.what and verdict.hint, verdict.text()


def test_a_prediction_is_the_first_answer_that_passed(capsys: pytest.CaptureFixture[str]) -> None:
    lab = open_lab("05-sandbox-rehearsal")
    assert lab.prediction("expect") is ...
    lab.check("expect", {"hook_runs": "maybe"})  # a miss is not a prediction
    assert lab.prediction("expect") is ...
    first = {"hook_runs": False, "secret_leaves": True, "program_runs": True}
    lab.check("expect", first)
    first["hook_runs"] = True  # changing the variable afterwards changes nothing
    lab.check("expect", {"hook_runs": True, "secret_leaves": False, "program_runs": True})
    assert lab.prediction("expect") == {
        "hook_runs": False,
        "secret_leaves": True,
        "program_runs": True,
    }
    assert capsys.readouterr().out.count("✅ [expect]") == 2


def test_lab07_compares_only_with_a_run() -> None:
    lab = open_lab("07-which-runner")
    from hooklab.labs.tasks.lab07_which_runner import LABELS

    prediction = {label: (False, False) for label in LABELS}
    assert judge(lab.spec.task("predict"), prediction, 0).ok
    for task in ("compare", "own_hook", "dep_hook"):
        verdict = judge(lab.spec.task(task), prediction if task == "compare" else set(), 0)
        assert not verdict.ok and "runner_table()" in verdict.hint, verdict.text()
    bad = judge(lab.spec.task("predict"), {**prediction, "npx": (True, True)}, 0)
    assert not bad.ok and "'npx'" in bad.what


@pytest.mark.parametrize(
    "npmrc",
    [
        "registry=http://127.0.0.1:1/\n@acme:registry=http://127.0.0.1:1/\n",
        "@acme:registry=http://127.0.0.1:1/\n registry = http://127.0.0.1:1/\n",
    ],
)
def test_lab04_refuses_a_default_registry_beside_the_scope_line(npmrc: str) -> None:
    # A bare registry= line sends every package inside, whatever scope line stands beside it.
    verdict = judge(open_lab("04-private-scope").spec.task("npmrc"), npmrc, 0, lang="en")
    assert not verdict.ok and "every package" in verdict.what, verdict.text()
    assert "@acme:registry" in verdict.hint
