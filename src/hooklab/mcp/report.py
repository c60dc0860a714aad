"""The audit's records: one finding, one server's audit, and the whole report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hooklab.lang import Lang, Text, current_lang, in_lang
from hooklab.safetext import json_safe, shown

if TYPE_CHECKING:
    import pandas as pd


Check = Literal["floating", "bad-spec", "inline-secret", "broad-root", "shell", "deprecated"]
Severity = Literal["high", "medium"]


@dataclass(frozen=True)
class ConfigFinding:
    """What one check found in one server entry of a config (the review's is `Finding`)."""

    check: Check
    severity: Severity
    detail: str  # in English, as --json gives it; detail_ko says the same in Korean
    detail_ko: str

    @classmethod
    def of(cls, check: Check, severity: Severity, text: Text) -> ConfigFinding:
        """A finding whose detail is `text` (both languages, e.g. from hooklab.lang.in_both)."""
        return cls(check, severity, text["en"], text["ko"])

    def said(self, lang: Lang | None = None) -> str:
        """The detail in `lang`, by default the kit's language."""
        return self.detail_ko if (lang or current_lang()) == "ko" else self.detail


@dataclass
class ServerAudit:
    file: str
    client: str
    server: str
    launcher: str
    package: str
    pin: str  # "pinned", "floating", "local", "remote" or "unknown"
    findings: list[ConfigFinding] = field(default_factory=list)
    proposal: str = ""  # the pinned form, or what to do
    fixed_args: list[str] | None = None  # args of the pinned form, when one could be made


@dataclass
class AuditReport:
    servers: list[ServerAudit] = field(default_factory=list)
    lines: list[Text] = field(default_factory=list)  # one line each: file problems and notes
    fixed: list[tuple[str, str]] = field(default_factory=list)  # fixed files and their backups
    unreadable: list[str] = field(default_factory=list)  # config files that could not be read

    @property
    def messages(self) -> list[str]:
        """The file problems and notes in the kit's language (--json gives them in English)."""
        return [in_lang(line) for line in self.lines]

    @property
    def written(self) -> list[str]:
        """The fixed files, each with its backup, as --json gives them."""
        return [f"{path} (backup: {backup})" for path, backup in self.fixed]

    @property
    def findings(self) -> int:
        return sum(len(s.findings) for s in self.servers)

    @property
    def worst(self) -> str | None:
        """The highest severity among the findings (None when there is none)."""
        severities = {f.severity for s in self.servers for f in s.findings}
        return next((level for level in ("high", "medium") if level in severities), None)

    def frame(self) -> pd.DataFrame:
        """One row a server, every config string escaped for a screen."""
        import pandas as pd

        from hooklab.mcp.config import client_text
        from hooklab.show.tables import as_table

        rows = [
            {
                "file": Path(s.file).name,
                "client": in_lang(client_text(s.client)),
                "server": s.server,
                "launcher": s.launcher,
                "package": s.package,
                "pin": s.pin,
                "findings": "; ".join(f"{f.check}: {f.said()}" for f in s.findings) or "-",
                "proposal": s.proposal or "-",
            }
            for s in self.servers
        ]
        cols = ["file", "client", "server", "launcher", "package", "pin", "findings", "proposal"]
        return as_table(
            pd.DataFrame([{k: shown(v) for k, v in row.items()} for row in rows], columns=cols)
        )

    def to_dict(self) -> dict[str, Any]:
        servers = []
        for s in self.servers:
            d = asdict(s)
            d.pop("fixed_args")
            servers.append(d)
        return {
            "servers": servers,
            "messages": [line["en"] for line in self.lines],
            "written": self.written,
            "findings": self.findings,
        }

    def to_json(self) -> str:
        return json.dumps(json_safe(self.to_dict()), ensure_ascii=False, indent=1)
