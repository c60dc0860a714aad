"""Table headings in the reader's language.

A kit table keeps the kit's field names as its columns, so code (a notebook cell, a test) picks
columns by the same name in both editions. Only when the table is shown (a notebook's output, a
terminal table) does each field name become a heading in the kit's current language
(`hooklab.show.tables`). A name that is an id (a defence, a sandbox, a fixture) has no heading and
is shown as it is. No pandas here: the fast commands' plain tables use the headings too.
"""

from __future__ import annotations

from typing import Any

from hooklab.lang import Catalogue, Lang, both, current_lang

HEADINGS: Catalogue = {
    # a traced run (show.views)
    "run": both("실행", "run"),
    "exit code": both("종료 코드", "exit code"),
    "exit_code": both("종료 코드", "exit code"),
    "hook ran": both("훅 실행", "hook ran"),
    "hook_ran": both("훅 실행", "hook ran"),
    "hook execs": both("훅 프로세스", "hook execs"),
    "markers": both("마커", "markers"),
    "canary hits": both("카나리 요청", "canary hits"),
    "fake secrets sent": both("보낸 가짜 비밀", "fake secrets sent"),
    "program ran": both("프로그램 실행", "program ran"),
    "step": both("순서", "step"),
    "process": both("프로세스", "process"),
    "role": both("역할", "role"),
    "kind": both("종류", "kind"),
    "detail": both("내용", "detail"),
    "cache": both("캐시", "cache"),
    "where": both("위치", "where"),
    # fixtures and the machine
    "fixture": both("픽스처", "fixture"),
    "ecosystem": both("생태계", "ecosystem"),
    "mechanism": both("방식", "mechanism"),
    "command": both("명령", "command"),
    "payload": both("페이로드", "payload"),
    "what it does": both("하는 일", "what it does"),
    "tool": both("도구", "tool"),
    "found": both("있음", "found"),
    "version": both("버전", "version"),
    "what for": both("쓰임", "what for"),
    "path": both("경로", "path"),
    # defences
    "defence": both("방어", "defence"),
    "how": both("실행 방법", "how"),
    "works": both("동작", "works"),
    "says": both("프로그램 출력", "says"),
    "registry": both("레지스트리", "registry"),
    "field": both("필드", "field"),
    "served": both("레지스트리가 준 값", "served"),
    "age": both("게시", "age"),
    "switch": both("스위치", "switch"),
    "why": both("이유", "why"),
    "review": both("리뷰", "review"),
    "review_install": both("리뷰: 설치 시점", "review: install"),
    "promoted": both("승격", "promoted"),
    "reason": both("이유", "reason"),
    "machine npm": both("이 머신의 npm", "machine npm"),
    "runner": both("실행기", "runner"),
    "package": both("패키지", "package"),
    "target_hook_ran": both("대상 패키지의 훅", "target's hook ran"),
    "dependency_hook_ran": both("의존성의 훅", "dependency's hook ran"),
    # sandboxes
    "sandbox": both("샌드박스", "sandbox"),
    "why not": both("안 되는 이유", "why not"),
    "what it is": both("무엇인가", "what it is"),
    "behaviour": both("행동", "behaviour"),
    "start-up (s)": both("시작 (초)", "start-up (s)"),
    "escape-postinstall run (s)": both(
        "escape-postinstall 실행 (초)", "escape-postinstall run (s)"
    ),
    "npx ended at (s)": both("npx가 끝난 때 (초)", "npx ended at (s)"),
    "last process ended at (s)": both(
        "마지막 프로세스가 끝난 때 (초)", "last process ended at (s)"
    ),
    "traced after npx (s)": both("npx 뒤 추적 (초)", "traced after npx (s)"),
    "x host": both("host 대비 (배)", "x host"),
    # MCP
    "source": both("출처", "source"),
    "fake secret": both("가짜 비밀", "fake secret"),
    "masked as": both("가린 모습", "masked as"),
    "without guard": both("가드 없이", "without guard"),
    "with guard": both("가드와 함께", "with guard"),
    "file": both("파일", "file"),
    "client": both("클라이언트", "client"),
    "server": both("서버", "server"),
    "launcher": both("실행기", "launcher"),
    "pin": both("고정", "pin"),
    "findings": both("발견", "findings"),
    "proposal": both("제안", "proposal"),
    # review
    "category": both("범주", "category"),
    "level": both("수준", "level"),
    "topic": both("주제", "topic"),
    "rule": both("규칙", "rule"),
    "evidence": both("근거", "evidence"),
    "title": both("제목", "title"),
    "artefact": both("검토한 파일", "artefact"),
    "verdict": both("판정", "verdict"),
    "rule at that line": both("그 줄의 규칙", "rule at that line"),
    "chapter": both("책의 판정", "chapter"),
    "kit": both("kit의 판정", "kit"),
    "agree": both("일치", "agree"),
    "book": both("책", "book"),
    "rules": both("규칙", "rules"),
    "model": both("모델", "model"),
    "differs": both("다른 곳", "differs"),
    "rules evidence": both("규칙의 근거", "rules evidence"),
    "model evidence": both("모델의 근거", "model evidence"),
    "axis": both("축", "axis"),
    "scope": both("범위", "scope"),
    "surfaces": both("실행 지점", "surfaces"),
    "location": both("위치", "location"),
    "message": both("메시지", "message"),
    "review install": both("리뷰: 설치 시점", "review: install"),
    "review output": both("리뷰: LLM 출력", "review: LLM output"),
    "GuardDog saw a hook": both("GuardDog이 본 훅", "GuardDog saw a hook"),
    "GuardDog rules": both("GuardDog 규칙", "GuardDog rules"),
    # real servers
    "tree_size": both("트리 크기", "tree size"),
    "hooks": both("훅", "hooks"),
    "hooks_ran": both("실행된 훅", "hooks ran"),
    "sdist_only": both("sdist만", "sdist only"),
    "pth_files": both(".pth 파일", ".pth files"),
    "deprecated": both("폐기", "deprecated"),
    "static": both("정적 검토", "static"),
    "dynamic": both("리허설", "dynamic"),
    "readme_pinned": both("README 고정", "README pinned"),
    "readme_launch": both("README 실행 줄", "README launch line"),
    "seconds": both("초", "seconds"),
    "rehearsed": both("리허설함", "rehearsed"),
    "problem": both("문제", "problem"),
    "README": both("README의 실행 줄", "README"),
    "pinned": both("고정됨", "pinned"),
    "vet": both("vet이 준 줄", "vet"),
    "event": both("이벤트", "event"),
    "declared": both("선언", "declared"),
    "ran": both("실행", "ran"),
    "count": both("개수", "count"),
    "min": both("최소", "min"),
    "50%": both("중앙값", "median"),
    "max": both("최대", "max"),
    # labs
    "lab": both("실습", "lab"),
    "solved": both("해결", "solved"),
    "misses": both("틀린 횟수", "misses"),
    "state": both("상태", "state"),
    "flag": both("깃발", "flag"),
    "learner": both("학습자", "learner"),
    "done": both("끝낸 실습", "done"),
    "note": both("메모", "note"),
}


def heading(name: Any, lang: Lang | None = None) -> Any:
    """The heading a field name is shown under; an id or a non-text label as it is."""
    if isinstance(name, str) and name in HEADINGS:
        return HEADINGS[name][lang or current_lang()]
    return name
