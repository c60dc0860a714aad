"""The review's result: findings per category, a level each, and a summary in Korean and English.

`Report.to_dict()` is the JSON contract of `hooklab review --json`; `Report.from_dict()` reads the
same shape back (the LLM path answers in it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hooklab.lang import Lang, current_lang
from hooklab.model import Verdict
from hooklab.safetext import json_safe, shown

if TYPE_CHECKING:  # loaded by the frame views only: `hooklab review` prints without pandas
    import pandas as pd


LEVELS = ("low", "medium", "high")
CATEGORIES = ("install", "secrets", "network_file", "exec_privilege", "output_llm", "supply_chain")
TITLES = {
    "install": ("install-time code", "설치 시점 코드"),
    "secrets": ("secret exposure", "비밀 정보 노출"),
    "network_file": ("network and file access", "네트워크·파일 접근"),
    "exec_privilege": ("execution and privilege", "명령 실행·권한"),
    "output_llm": ("output to the LLM", "출력·LLM 연동"),
    "supply_chain": ("supply chain", "공급망"),
}
OVERALL_TITLE = ("overall", "종합")  # the row after the six categories
FINDING_COLUMNS = ("category", "level", "rule", "where", "evidence")
_LEVEL_KO = {"low": "낮음", "medium": "중간", "high": "높음"}
_VERDICT_EN: dict[Verdict, str] = {
    "clean": "nothing found that needs a look",
    "capabilities-only": "it can do things (see the categories), no sign of intent to harm",
    "runs-code-at-install": "its own code runs while it installs or builds",
    "suspicious": "a threat indicator no honest package needs",
    "malicious": "threat indicators at install time or several of them",
}
_VERDICT_KO: dict[Verdict, str] = {
    "clean": "살펴볼 것이 없습니다",
    "capabilities-only": "할 수 있는 일이 있을 뿐(범주 참고) 해칠 의도의 신호는 없습니다",
    "runs-code-at-install": "설치·빌드 중에 자신의 코드를 실행합니다",
    "suspicious": "정직한 패키지에는 필요 없는 위협 지표가 있습니다",
    "malicious": "설치 시점의 위협 지표, 또는 여러 위협 지표가 있습니다",
}


def topic(cid: str, lang: Lang | None = None) -> str:
    """The title of category `cid` (or "overall") in `lang` (the kit's language by default)."""
    en, ko = OVERALL_TITLE if cid == "overall" else TITLES[cid]
    return ko if (lang or current_lang()) == "ko" else en


def rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str
    line: int
    evidence: str
    why: str
    level: str = "medium"
    axis: str = "capability"  # capability | indicator (see rules/catalogue.py)
    install_time: bool = False  # runs while the package installs or builds
    count: int = 1  # how many times the rule fired in this file (the first one is shown)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "file": self.file,
            "line": self.line,
            "evidence": self.evidence,
            "why": self.why,
            "level": self.level,
            "axis": self.axis,
            "install_time": self.install_time,
            "count": self.count,
        }


@dataclass
class Category:
    id: str
    findings: list[Finding] = field(default_factory=list)
    level_override: str | None = None  # an LLM may rate a category without listing findings

    @property
    def level(self) -> str:
        if self.level_override:
            return self.level_override
        return max((f.level for f in self.findings), key=rank, default="low")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Report:
    target: str
    categories: list[Category]
    notes: list[str] = field(default_factory=list)  # what was skipped or could not be parsed
    method: str = "rules"  # rules | llm:<backend>
    files_reviewed: int = 0
    # findings in tests, docs, examples and source maps: shown apart, never rated
    aside: list[tuple[str, Finding]] = field(default_factory=list)

    def category(self, cid: str) -> Category:
        return next(c for c in self.categories if c.id == cid)

    def level(self, cid: str) -> str:
        return self.category(cid).level

    @property
    def overall(self) -> str:
        return max((c.level for c in self.categories), key=rank, default="low")

    @property
    def findings(self) -> list[tuple[str, Finding]]:
        return [(c.id, f) for c in self.categories for f in c.findings]

    @property
    def verdict(self) -> Verdict:
        return self._verdict()[0]

    def _verdict(self) -> tuple[Verdict, Finding | None]:
        """The second axis, and the finding that decides it.

        Indicators make `suspicious`; an indicator at install time, one in a package that runs
        code at install, or indicators from two rules make `malicious`. Without indicators, code
        at install makes `runs-code-at-install`, and a capability rated medium or more
        `capabilities-only`.
        """
        found = [f for _, f in self.findings]
        indicators = sorted(
            (f for f in found if f.axis == "indicator"), key=lambda f: -f.install_time
        )
        at_install = next((f for f in found if f.install_time and f.axis == "capability"), None)
        if indicators:
            first = indicators[0]
            if first.install_time or at_install or len({f.rule for f in indicators}) > 1:
                return "malicious", first
            return "suspicious", first
        if at_install:
            return "runs-code-at-install", at_install
        worst = max(found, key=lambda f: rank(f.level), default=None)
        if worst is not None and rank(worst.level) > 0:
            return "capabilities-only", worst
        return "clean", None

    def verdict_line(self, lang: str | None = None) -> str:
        """The verdict, its reason and its strongest evidence, in `lang` (the kit's language by
        default)."""
        verdict, why = self._verdict()
        where = f" ({shown(why.file)}:{why.line}: {shown(why.rule)})" if why else ""
        if (lang or current_lang()) == "ko":
            return f"판정 {verdict}: {_VERDICT_KO[verdict]}{where}"
        return f"verdict {verdict}: {_VERDICT_EN[verdict]}{where}"

    def _top(self) -> list[tuple[Category, Finding | None]]:
        worst = [c for c in self.categories if c.level != "low"]
        worst.sort(key=lambda c: -rank(c.level))
        return [(c, max(c.findings, key=lambda f: rank(f.level), default=None)) for c in worst]

    def summary(self, lang: str | None = None) -> str:
        """The overall level and the three worst categories with their evidence, in `lang` (the
        kit's language by default)."""
        ko = (lang or current_lang()) == "ko"
        top = self._top()
        if not top:
            return (
                "여섯 범주 모두 낮음: 설치 시점 코드나 눈에 띄는 위험 신호가 없습니다."
                if ko
                else "Low in all six categories: no install-time code or risk signal found."
            )
        parts = []
        for cat, f in top[:3]:
            where = f" ({shown(f.file)}:{f.line})" if f else ""
            if ko:
                parts.append(f"{TITLES[cat.id][1]} {_LEVEL_KO[cat.level]}{where}")
            else:
                parts.append(f"{TITLES[cat.id][0]} {cat.level}{where}")
        if ko:
            return f"종합 {_LEVEL_KO[self.overall]}: " + ", ".join(parts) + "."
        return f"Overall {self.overall}: " + "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "method": self.method,
            "categories": [c.to_dict() for c in self.categories],
            "overall": {
                "level": self.overall,
                "summary": self.summary("en"),
                "summary_ko": self.summary("ko"),
            },
            "verdict": self.verdict,
            "verdict_line": self.verdict_line("en"),
            "verdict_line_ko": self.verdict_line("ko"),
            "aside": [{"category": cid, **f.to_dict()} for cid, f in self.aside],
            "notes": self.notes,
        }

    def to_json(self, **kwargs: Any) -> str:
        """The contract as JSON: valid UTF-8, and no control character from the package."""
        return json.dumps(json_safe(self.to_dict()), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any], target: str, method: str) -> Report:
        """Read the contract's shape (as an LLM wrote it); unknown ids and levels are dropped."""
        cats = {cid: Category(cid) for cid in CATEGORIES}
        for raw in data.get("categories") or []:
            if not isinstance(raw, dict) or raw.get("id") not in cats:
                continue
            cat = cats[raw["id"]]
            level = str(raw.get("level", "")).lower()
            cat.level_override = level if level in LEVELS else None
            for f in raw.get("findings") or []:
                if not isinstance(f, dict):
                    continue
                try:
                    line = int(f.get("line") or 0)
                except (TypeError, ValueError):
                    line = 0
                flevel = str(f.get("level", cat.level_override or "medium")).lower()
                cat.findings.append(
                    Finding(
                        str(f.get("rule", "llm")),
                        str(f.get("file", "")),
                        line,
                        str(f.get("evidence", ""))[:300],
                        str(f.get("why", ""))[:500],
                        flevel if flevel in LEVELS else "medium",
                    )
                )
        return cls(target, list(cats.values()), method=method)

    # views ---------------------------------------------------------------------------
    def levels_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "category": c.id,
                "topic": topic(c.id),
                "level": c.level,
                "findings": len(c.findings),
            }
            for c in self.categories
        ]

    def levels_frame(self) -> pd.DataFrame:
        import pandas as pd

        from hooklab.show.tables import as_table

        return as_table(pd.DataFrame(self.levels_rows()))

    def findings_rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        """One row a finding, worst first; names and evidence escaped (the package wrote them)."""
        rows = [
            {
                "category": cid,
                "level": f.level,
                "rule": shown(f.rule),
                "where": f"{shown(f.file)}:{f.line}",
                "evidence": shown(f.evidence[:90]),
            }
            for cid, f in self.findings
        ]
        rows.sort(key=lambda r: (-rank(r["level"]), CATEGORIES.index(r["category"]), r["where"]))
        return rows[:limit] if limit else rows

    def findings_frame(self, limit: int | None = None) -> pd.DataFrame:
        import pandas as pd

        from hooklab.show.tables import as_table

        return as_table(pd.DataFrame(self.findings_rows(limit), columns=list(FINDING_COLUMNS)))


def at_least(level: str, threshold: str) -> bool:
    return rank(level) >= rank(threshold)


def side_by_side(reports: dict[str, Report]) -> pd.DataFrame:
    """One row a category, one column a method (e.g. rules, llm), with each method's level."""
    import pandas as pd

    from hooklab.show.tables import as_table

    rows = [
        {
            "category": cid,
            "topic": topic(cid),
            **{name: rep.level(cid) for name, rep in reports.items()},
        }
        for cid in CATEGORIES
    ]
    rows.append(
        {
            "category": "overall",
            "topic": topic("overall"),
            **{name: rep.overall for name, rep in reports.items()},
        }
    )
    return as_table(pd.DataFrame(rows))
