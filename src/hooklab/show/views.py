"""Stable, readable views of a RunResult: the story table and a text summary.

The views replace temp paths, pids and ports with labels so that the same run always prints
the same text (notebooks are checked by comparing their outputs).
"""

from __future__ import annotations

import re

import pandas as pd

from hooklab.lang import Catalogue, current_lang, say
from hooklab.model import Event, RunResult
from hooklab.safetext import shown
from hooklab.show.tables import as_table
from hooklab.show.terminal import padded

_PID_IN_NAME = re.compile(r"\.\d+\.marker\b")
# What the views say in words, in both languages (hooklab.lang).
TEXT: Catalogue = {
    "failed": {"ko": "실패", "en": "failed"},
    "program-ran": {"ko": "프로그램이 실행됐습니다", "en": "the program ran"},
    "command-failed": {
        "ko": "명령이 실패했습니다 (exit {code})",
        "en": "the command failed (exit {code})",
    },
    "no-hook": {"ko": "설치 훅은 실행되지 않았고, {ran}.", "en": "No install hook ran, and {ran}."},
    "before": {"ko": " 요청한 프로그램보다 먼저", "en": " before the program you asked for"},
    "after": {"ko": " 요청한 프로그램보다 나중에", "en": " after the program you asked for"},
    "none": {"ko": "없음", "en": "none"},
    "hook-ran": {
        "ko": "설치 훅이{when} 실행됐습니다. 카나리로 보낸 가짜 비밀: {leaked}. {ran}.",
        "en": "An install hook ran{when}. Fake secrets sent to the canary: {leaked}. {ran_cap}.",
    },
}
# The terminal summary of one run (`hooklab watch`): a label, then what was seen.
SUMMARY: Catalogue = {
    "command": {"ko": "명령:", "en": "command:"},
    "exit": {"ko": "종료 코드:", "en": "exit code:"},
    "took": {
        "ko": "{code}, {seconds:.2f}초 걸림 ({traced}, 샌드박스: {sandbox})",
        "en": "{code} after {seconds:.2f} s ({traced}, sandbox: {sandbox})",
    },
    "traced": {"ko": "추적함", "en": "traced"},
    "not-traced": {"ko": "추적 안 함", "en": "not traced"},
    "processes": {"ko": "프로세스:", "en": "processes:"},
    "counts": {
        "ko": "{count}개 (훅 {hook}, 프로그램 {program})",
        "en": "{count} (hook {hook}, program {program})",
    },
    "in-order": {
        "ko": "훅과 프로그램이 한 일, 순서대로:",
        "en": "what the hook and the program did, in order:",
    },
    "markers": {"ko": "마커:", "en": "markers:"},
    "canary": {"ko": "카나리:", "en": "canary:"},
    "requests": {
        "ko": "요청 {count}번, 실어 보낸 가짜 비밀: {secrets}",
        "en": "{count} request(s); fake secrets carried: {secrets}",
    },
    "verdict": {"ko": "판정:", "en": "verdict:"},
    "ran": {"ko": "설치 중에 코드가 실행됨", "en": "install-time code RAN"},
    "not-ran": {"ko": "설치 중에 실행된 코드 없음", "en": "no install-time code ran"},
}
LABEL = 11  # terminal columns of the summary's labels


def relabel(result: RunResult, text: str) -> str:
    """Replace the run's own folders and canary port with short labels."""
    for label, path in sorted(result.places.items(), key=lambda kv: -len(kv[1])):
        if path:
            text = text.replace(path, label)
    if result.canary_port:
        text = text.replace(f"127.0.0.1:{result.canary_port}", "127.0.0.1:<canary>")
    return _PID_IN_NAME.sub(".<pid>.marker", text)


_CACHE_PATH = re.compile(r"<(npm-cache|uv-cache|scratch)>/\S*/([^/\s]+)")
_SCRATCH_NAME = re.compile(r"\.tmp[A-Za-z0-9]{6}\b")  # uv's scratch folders: new every run
_BUILD_HOOKS = (
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_wheel",
    "build_wheel",
    "get_requires_for_build_sdist",
    "build_sdist",
    "build_editable",
)


def tidy(result: RunResult, text: str) -> str:
    """relabel(), then hide cache-internal hashes and scratch names, and name the PEP 517 hook a
    `-c` script calls."""
    text = _CACHE_PATH.sub(r"<\1>/…/\2", _SCRATCH_NAME.sub(".tmp…", relabel(result, text)))
    if " -c " in text and "\n" in text:
        called = [h for h in _BUILD_HOOKS if f"{h}(" in text or f'"{h}"' in text]
        head = text.split(" -c ", 1)[0]
        text = f"{head} -c <PEP 517 {called[-1] if called else 'build'} script>"
    return text


def _short(text: str, width: int = 70) -> str:
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= width and first == text else first[: width - 1] + "…"


def _interesting(e: Event, result: RunResult) -> bool:
    if e.kind == "secret_read":
        return True
    if e.role == "launcher" or e.kind == "exit":
        return False
    if e.kind == "file_write":  # the canary dir, the home, or anywhere outside the run's folder
        places = result.places
        if e.detail.startswith((places.get("$HOOKLAB_CANARY_DIR", "\0"), places.get("~", "\0"))):
            return True
        return e.detail.startswith("/") and not e.detail.startswith(places.get("<scratch>", "\0"))
    return True


def story(result: RunResult) -> pd.DataFrame:
    """What the hook and the requested program did, in order, with no pids, paths or ports.

    Processes are numbered P1, P2… in the order they first appear.
    """
    names: dict[int, str] = {}
    rows = []
    for e in result.events:
        if not _interesting(e, result):
            continue
        proc = names.setdefault(e.pid, f"P{len(names) + 1}")
        detail = shown(_short(tidy(result, e.detail)))  # file names come from the package
        if not e.ok and not detail.endswith(")"):  # connects already carry their errno
            detail += f" ({say(TEXT, 'failed', current_lang())})"
        rows.append({"process": proc, "role": e.role, "kind": e.kind, "detail": detail})
    frame = pd.DataFrame(rows, columns=["process", "role", "kind", "detail"])
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="step")
    return as_table(frame)


def first_exec(result: RunResult, role: str) -> float | None:
    times = [e.time for e in result.events if e.kind == "exec" and e.role == role]
    return min(times) if times else None


def verdict(result: RunResult) -> str:
    """One sentence on what happened, in the kit's language."""
    lang = current_lang()
    hook, program = first_exec(result, "hook"), first_exec(result, "program")
    code = result.exit_code
    ran = (
        say(TEXT, "program-ran", lang)
        if code == 0
        else say(TEXT, "command-failed", lang, code=code)
    )
    if not result.hook_ran:
        return say(TEXT, "no-hook", lang, ran=ran)
    when = ""
    if hook is not None and program is not None:
        when = say(TEXT, "before" if hook < program else "after", lang)
    leaked = ", ".join(result.secrets_leaked) or say(TEXT, "none", lang)
    return say(
        TEXT, "hook-ran", lang, when=when, leaked=leaked, ran=ran, ran_cap=ran[:1].upper() + ran[1:]
    )


def outcome(result: RunResult) -> dict[str, object]:
    """The facts a table row needs: did the hook run, what leaked, did the program work."""
    return {
        "exit code": result.exit_code,
        "hook ran": result.hook_ran,
        "hook execs": sum(1 for e in result.events if e.kind == "exec" and e.role == "hook"),
        "markers": len(result.markers),
        "canary hits": len(result.canary_hits),
        "fake secrets sent": ", ".join(result.secrets_leaked) or "-",
        "program ran": any(e.kind == "exec" and e.role == "program" for e in result.events),
    }


def summary_text(result: RunResult) -> str:
    """A short plain-text report for the terminal, in the kit's language."""
    lang = current_lang()

    def line(key: str, value: str) -> str:
        return padded(say(SUMMARY, key, lang), LABEL) + value

    traced = say(SUMMARY, "traced" if result.traced else "not-traced", lang)
    took = say(
        SUMMARY,
        "took",
        lang,
        code=result.exit_code,
        seconds=result.duration,
        traced=traced,
        sandbox=result.sandbox,
    )
    procs = result.processes
    by_role = {r: sum(1 for p in procs if p.role == r) for r in ("hook", "program")}
    counts = say(SUMMARY, "counts", lang, count=len(procs), **by_role)
    lines = [
        line("command", shown(" ".join(result.command))),
        line("exit", took),
        line("processes", counts),
    ]
    table = story(result)
    if len(table):
        lines.append(say(SUMMARY, "in-order", lang))
        for step, row in table.iterrows():
            lines.append(
                f"  {step:>3}. [{row.role:<8}] {row.process:<4} {row.kind:<11} {row.detail}"
            )
    none = say(TEXT, "none", lang)
    markers = ", ".join(shown(relabel(result, m)) for m in result.markers)
    lines.append(line("markers", markers or none))
    secrets = ", ".join(result.secrets_leaked) or none
    lines.append(
        line(
            "canary", say(SUMMARY, "requests", lang, count=len(result.canary_hits), secrets=secrets)
        )
    )
    lines.append(line("verdict", say(SUMMARY, "ran" if result.hook_ran else "not-ran", lang)))
    return "\n".join(lines)


def compare(results: dict[str, RunResult]) -> pd.DataFrame:
    """One row per labelled run: did the hook run, what leaked, did the program work."""
    frame = pd.DataFrame([{"run": label, **outcome(r)} for label, r in results.items()])
    return as_table(frame.set_index("run"))
