"""What to vet, from what the user typed: `npm:NAME@VER`, `pypi:NAME==VER`, a launch line as it
stands in a config, or every server of a client config.

The launch line is read by the audit's own parser (`hooklab.mcp.launch`); a name the registry
rules refuse is never looked up, so nothing from a config becomes a launcher's option.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.mcp.launch import _NPX_VALUE_OPTS, _UVX_VALUE_OPTS, _positionals, parse_launch
from hooklab.mcp.specs import Spec, npm_spec, pypi_spec
from hooklab.safetext import shown
from hooklab.vet.model import Ecosystem, Launcher, Target, Unvetted
from hooklab.vet.problems import said

__all__ = ["config_targets", "launch_target", "parse_target"]

MAX_TARGET_CHARS = 2000
# How each front-end that parse_launch reads as "npx"/"uvx" is called in a Target.
_NPM_FRONTS: dict[str, Launcher] = {"npx": "npx", "bunx": "bunx", "pnpx": "pnpm-dlx"}


class NotAPackage(Exception):
    """A launch line that starts something other than a registry package (one line why)."""


def parse_target(text: str) -> Target:
    """A TARGET as typed on the command line; a one-line HooklabError when it names none."""
    if len(text) > MAX_TARGET_CHARS:
        raise HooklabError(
            both(
                f"대상이 {MAX_TARGET_CHARS}자보다 깁니다",
                f"target is longer than {MAX_TARGET_CHARS} characters",
            )
        )
    kind, colon, rest = text.partition(":")
    try:
        if colon and kind == "npm":
            return _registry_target(npm_spec(rest), "npx", ("npx", "-y", rest))
        if colon and kind == "pypi":
            spec = pypi_spec(rest)
            return _registry_target(spec, "uvx", ("uvx", "--from", rest, spec.name))
        try:
            words = shlex.split(text)
        except ValueError as exc:
            raise NotAPackage(f"cannot split the launch line ({exc})") from None
        if not words:
            raise NotAPackage("empty target")
        return launch_target(words[0], words[1:])
    except NotAPackage as exc:
        why = str(exc)  # English, as an Unvetted keeps it; said in Korean when its shape is known
        head = shown(text[:200])
        raise HooklabError(both(f"{head}: {said(why, 'ko')}", f"{head}: {why}")) from None


def launch_target(
    command: str, args: Sequence[str], *, server: str | None = None, config: str | None = None
) -> Target:
    """The Target a config's command + args launch; NotAPackage when it is no registry package."""
    args = list(args)
    exe = Path(command).name.lower()
    launcher: Launcher
    if exe == "yarn" and args[:1] == ["dlx"]:  # read as npx: yarn dlx takes the same shape
        launch, rest, launcher = parse_launch("npx", args[1:]), args[1:], "yarn-dlx"
    elif exe == "pnpm" and args[:1] == ["dlx"]:
        launch, rest, launcher = parse_launch(command, args), args[1:], "pnpm-dlx"
    elif exe in ("uv", "uvx") or (exe == "pipx" and args[:1] == ["run"]):
        launch = parse_launch(command, args)
        rest = args[2:] if exe == "uv" else args
        launcher = "pipx" if exe == "pipx" else "uvx"
    else:
        launch, rest = parse_launch(command, args), args
        launcher = _NPM_FRONTS.get(exe, "npx")
    if launch.shell:
        raise NotAPackage("not a registry package: a shell line (vet the package it names alone)")
    if launch.launcher not in ("npx", "uvx", "pipx"):
        what = {"docker": "a container image", "other": f"the program {shown(command)[:100]}"}
        raise NotAPackage(f"not a registry package: {what.get(launch.launcher, launch.launcher)}")
    if not launch.specs:
        raise NotAPackage(f"{launcher} names no package")
    index, spec = launch.specs[0]
    if launcher == "pipx":
        rest, index = rest[1:], index - 1  # after "run"
    program, extra = _program_and_args(launcher, rest, index)
    return _registry_target(spec, launcher, (command, *args), program, extra, server, config)


def _program_and_args(
    launcher: Launcher, rest: list[str], index: int
) -> tuple[str | None, tuple[str, ...]]:
    """The program the line names apart from the package (after `-p`, `--from`, `--spec`), and
    the server's own arguments. `rest` is the launcher's arguments, `index` where the spec is."""
    npm = launcher not in ("uvx", "pipx")
    values = _NPX_VALUE_OPTS if npm else _UVX_VALUE_OPTS | {"--spec"}
    first = next(_positionals(rest, values), None)
    if first is None:
        return None, ()
    at, word = first
    return (None if at == index else word), tuple(rest[at + 1 :])


def _registry_target(
    spec: Spec,
    launcher: Launcher,
    argv: Sequence[str],
    program: str | None = None,
    args: Sequence[str] = (),
    server: str | None = None,
    config: str | None = None,
) -> Target:
    if spec.pin == "local":
        raise NotAPackage(f"not a registry package: the local path {shown(spec.raw)}")
    if spec.pin == "invalid":
        raise NotAPackage(spec.why)
    name, requested = _name_and_version(spec)
    if name is None or requested is None:
        raise NotAPackage(f"not a registry package: {shown(spec.raw)} ({spec.why or 'a source'})")
    ecosystem: Ecosystem = "npm" if spec.ecosystem == "npm" else "pypi"
    if program is not None and (program.startswith("-") or not program.isprintable()):
        raise NotAPackage(f"not a program name: {shown(program)}")
    return Target(
        ecosystem,
        name,
        requested,
        launcher,
        tuple(argv),
        program,
        server,
        config,
        args=tuple(args),
    )


def _name_and_version(spec: Spec) -> tuple[str | None, str | None]:
    """(registry name, version or range as written); None for a git or URL source. An exact
    version is the spec's own reading of it; for PyPI a range keeps its operator (`>=2`)."""
    if not spec.in_registry or spec.pin not in ("pinned", "floating") or "://" in spec.raw:
        return None, None
    if spec.version:
        return spec.name, ("==" if spec.ecosystem == "pypi" else "") + spec.version
    raw = spec.raw.strip()
    if spec.ecosystem == "npm":  # after the last `name@`: an alias's range is its own
        return spec.name, raw.rpartition(spec.name)[2].removeprefix("@").strip()
    if "@" in raw:  # uvx's pkg@latest floats like no version
        return spec.name, ""
    return spec.name, re.sub(r"^[A-Za-z0-9._-]+\s*(\[[^\]]*\])?\s*", "", raw)


def config_targets(path: Path, server: str | None = None) -> list[Target | Unvetted]:
    """Every server of a client config (or the one named `server`), read with the audit's reader.
    A server that is not a registry package is an Unvetted with its reason, not an error."""
    from hooklab.mcp.config import ConfigProblem, guess_config, load_config

    try:
        loaded = load_config(guess_config(path))
    except ConfigProblem as exc:
        where = shown(path)
        raise HooklabError(
            both(f"{where}: {exc.text('ko')}", f"{where}: {exc.text('en')}")
        ) from None
    names = list(loaded.servers)
    if server is not None:
        if server not in loaded.servers:
            raise HooklabError(
                both(
                    f"{shown(path)}: 이름이 {shown(server)}인 서버가 없습니다",
                    f"{shown(path)}: no server named {shown(server)}",
                )
            )
        names = [server]
    found: list[Target | Unvetted] = []
    for name in names:
        entry = loaded.servers[name]
        command = entry.get("command")
        args = [str(a) for a in entry.get("args") or []]
        where = str(path)
        if not isinstance(command, str) or not command:
            url = entry.get("url")
            why = f"a remote server at {url}" if url else "no command"
            found.append(Unvetted(name, where, tuple(args), f"not a registry package: {why}"))
            continue
        try:
            found.append(launch_target(command, args, server=name, config=where))
        except NotAPackage as exc:
            found.append(Unvetted(name, where, (command, *args), str(exc)))
    return found
