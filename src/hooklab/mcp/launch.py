"""Which launcher (npx, uvx, pipx, docker, a shell) starts an MCP server, and which package
specs its arguments name."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hooklab.mcp.specs import Spec, docker_spec, npm_spec, pypi_spec

_SHELLS = {"sh", "bash", "zsh", "dash", "fish", "ksh", "cmd", "cmd.exe", "powershell", "pwsh"}
_SHELL_FLAGS = {"-c", "/c", "/C", "-Command", "-command", "-lc", "-ic"}

# npm/npx and uv/uvx options that take a value (so the value is not the package spec)
_NPX_VALUE_OPTS = {"-p", "--package", "--registry", "--cache", "--userconfig", "-w", "--workspace"}
_UVX_VALUE_OPTS = {
    "--from",
    "--with",
    "--with-editable",
    "--with-requirements",
    "-p",
    "--python",
    "--index",
    "--index-url",
    "--extra-index-url",
    "--default-index",
    "--find-links",
    "-f",
    "-c",
    "--constraints",
    "--overrides",
    "--exclude-newer",
    "--cache-dir",
    "--config-file",
}
_DOCKER_VALUE_OPTS = {
    "-e",
    "--env",
    "--env-file",
    "-v",
    "--volume",
    "--mount",
    "--name",
    "-p",
    "--publish",
    "--network",
    "--net",
    "-w",
    "--workdir",
    "-u",
    "--user",
    "--entrypoint",
    "--platform",
    "--pull",
    "-l",
    "--label",
    "--cpus",
    "-m",
    "--memory",
    "--add-host",
    "-h",
    "--hostname",
}


@dataclass
class Launch:
    launcher: str
    specs: list[tuple[int, Spec]] = field(default_factory=list)  # (index in args, spec)
    volumes: list[str] = field(default_factory=list)  # docker volume sources
    env_pairs: list[str] = field(default_factory=list)  # docker -e NAME=VALUE
    shell: bool = False


def _positionals(args: Sequence[str], value_opts: set[str]) -> Iterator[tuple[int, str]]:
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            yield from ((j, args[j]) for j in range(i + 1, len(args)))
            return
        if a.startswith("-"):
            i += 2 if a in value_opts else 1
            continue
        yield i, a
        i += 1


def _opt_values(args: Sequence[str], names: set[str]) -> list[tuple[int, str]]:
    found = []
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            found.append((i + 1, args[i + 1]))
        else:
            key, eq, value = a.partition("=")
            if eq and key in names:
                found.append((i, value))
    return found


def parse_launch(command: str, args: Sequence[str]) -> Launch:
    """Which launcher starts the server and which package specs it names."""
    exe = Path(command).name.lower()
    args = list(args)
    if exe in ("uv",) and args[:2] == ["tool", "run"]:
        exe, args = "uvx", args[2:]
    if exe in _SHELLS and _SHELL_FLAGS.intersection(args):
        return _shell_launch(args)
    if exe in ("npx", "bunx", "pnpx") or (
        exe in ("pnpm", "npm") and args[:1] in (["dlx"], ["exec"])
    ):
        if exe in ("pnpm", "npm"):
            args = args[1:]
        launch = Launch("npx", shell=bool(_opt_values(args, {"-c", "--call"})))
        packages = _opt_values(args, {"-p", "--package"})
        if packages:
            launch.specs = [(i, npm_spec(v)) for i, v in packages]
        else:
            first = next(_positionals(args, _NPX_VALUE_OPTS), None)
            launch.specs = [(first[0], npm_spec(first[1]))] if first else []
        return launch
    if exe == "uvx":
        launch = Launch("uvx")
        froms = _opt_values(args, {"--from"})
        first = next(_positionals(args, _UVX_VALUE_OPTS), None)
        main = froms[0] if froms else first
        launch.specs = [(main[0], pypi_spec(main[1]))] if main else []
        launch.specs += [(i, pypi_spec(v)) for i, v in _opt_values(args, {"--with"})]
        return launch
    if exe == "pipx" and args[:1] == ["run"]:
        launch = Launch("pipx")
        specs = _opt_values(args, {"--spec"})
        first = next(_positionals(args[1:], {"--spec", "--python", "--index-url"}), None)
        main = specs[0] if specs else ((first[0] + 1, first[1]) if first else None)
        launch.specs = [(main[0], pypi_spec(main[1]))] if main else []
        return launch
    if exe in ("docker", "podman") and args[:1] == ["run"]:
        launch = Launch("docker")
        first = next(_positionals(args[1:], _DOCKER_VALUE_OPTS), None)
        if first:
            launch.specs = [(first[0] + 1, docker_spec(first[1]))]
        launch.volumes = [v.split(":")[0] for _, v in _opt_values(args, {"-v", "--volume"})]
        launch.volumes += [
            m.group(1)
            for _, v in _opt_values(args, {"--mount"})
            for m in [re.search(r"(?:source|src)=([^,]+)", v)]
            if m
        ]
        launch.env_pairs = [v for _, v in _opt_values(args, {"-e", "--env"}) if "=" in v]
        return launch
    return Launch("other")


def _shell_launch(args: Sequence[str]) -> Launch:
    """A shell -c line: still look for a launcher inside it, so its pins are checked too."""
    launch = Launch("shell", shell=True)
    script = args[-1] if args else ""
    for segment in re.split(r"&&|\|\||;|\|", script):
        try:
            words = shlex.split(segment)
        except ValueError:
            continue
        if words:
            inner = parse_launch(words[0], words[1:])
            launch.specs += [(-1, spec) for _, spec in inner.specs]
    return launch
