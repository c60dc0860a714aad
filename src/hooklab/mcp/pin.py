"""The pinned form of a server's launch line: each floating spec rewritten to the version the
registry names, or a note saying what to pin by hand."""

from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement

from hooklab.lang import Catalogue, current_lang, say
from hooklab.mcp.launch import Launch
from hooklab.mcp.report import ServerAudit
from hooklab.mcp.resolve import Resolver
from hooklab.mcp.specs import Spec

# What to do when a spec cannot be pinned for the reader, in both languages.
TODO: Catalogue = {
    "no-shell": {
        "en": "start the server directly (command + args), not through a shell",
        "ko": "셸을 거치지 말고 서버를 직접 시작하세요 (command + args)",
    },
    "digest": {
        "en": "pin {name} by digest (docker pull, then docker inspect RepoDigests)",
        "ko": "{name}을 다이제스트로 고정하세요 (docker pull 뒤 docker inspect RepoDigests)",
    },
    "commit": {
        "en": "pin {spec} to a commit (#<40-hex sha>)",
        "ko": "{spec}을 커밋으로 고정하세요 (#<40자리 16진 sha>)",
    },
    "hash": {
        "en": "pin {spec} with #sha256=<hash>",
        "ko": "{spec}에 #sha256=<hash>를 붙여 고정하세요",
    },
    "unresolved": {
        "en": "could not resolve {name}: {why}; pin a version by hand",
        "ko": "{name}의 버전을 알아내지 못했습니다: {why}. 버전을 직접 고정하세요",
    },
}


def _extras_and_marker(raw: str) -> tuple[str, str]:
    """The `[extras]` and `; marker` a Python requirement carries, kept in its pinned form."""
    for text in (raw, raw.partition("@")[0]):  # PEP 508, or uvx's pkg[x]@latest
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
        return extras, f" ; {req.marker}" if req.marker else ""
    return "", ""


def _pinned_text(spec: Spec, version: str, launcher: str, at_from: bool) -> str:
    if spec.ecosystem == "npm":
        alias = spec.raw[: spec.raw.find("@npm:") + 5] if "@npm:" in spec.raw else ""
        return f"{alias}{spec.name}@{version}"
    extras, marker = _extras_and_marker(spec.raw)
    if launcher == "uvx" and not at_from:
        return f"{spec.name}{extras}@{version}"
    return f"{spec.name}{extras}=={version}{marker}"


def propose(audit: ServerAudit, launch: Launch, args: list[str], resolve: Resolver) -> None:
    """Fill in the pinned form of the server's args, or say why there is none."""
    floating = [(i, s) for i, s in launch.specs if s.pin == "floating"]
    lang = current_lang()
    if launch.shell:
        audit.proposal = say(TODO, "no-shell", lang)
        floating = [(i, s) for i, s in floating if i >= 0]
    if not floating:
        return
    new_args = list(args)
    notes = []
    for i, spec in floating:
        if spec.ecosystem == "docker":
            notes.append(say(TODO, "digest", lang, name=spec.name))
            continue
        if not spec.in_registry:
            notes.append(say(TODO, "commit" if "git" in spec.raw else "hash", lang, spec=spec.raw))
            continue
        version, why = resolve(spec.ecosystem, spec.name)
        if version is None:
            notes.append(say(TODO, "unresolved", lang, name=spec.name, why=why))
            continue
        at_from = i > 0 and args[i - 1] in ("--from", "--with", "--spec")
        pinned = _pinned_text(spec, version, launch.launcher, at_from)
        original = args[i]
        new_args[i] = (
            pinned
            if "=" not in original or original == spec.raw
            else (original.split("=", 1)[0] + "=" + pinned)
        )
    if new_args != args:
        audit.fixed_args = new_args
        notes.insert(0, " ".join(new_args))
    audit.proposal = " | ".join([audit.proposal, *notes] if audit.proposal else notes)
