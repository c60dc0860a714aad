"""The rehearsal: the real launcher runs the target once, in a sandbox with only loopback,
installing from the fetched cache, under `hooklab.watch.watch()` (fake home, canary, tracer).

npm: `npx --yes --offline` from a copy of the tree's npm cache. PyPI: `uvx --offline --no-index`
from the tree's folder of wheels and sdists (and the kit's build tools, so an sdist can build).
A server waiting on its input gets none and a bounded time; still running then, it is stopped.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import zipfile
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.mcp.specs import npm_version, pypi_version, valid_name
from hooklab.model import Event, RunResult
from hooklab.safetext import shown
from hooklab.tools import last_line
from hooklab.vet.model import HookRun, Rehearsal, Tree

__all__ = ["SANDBOXES", "STOP_AFTER", "rehearsal_argv", "rehearse"]

# Never host (the package's code runs), nor srt (its default leaves the real home readable).
SANDBOXES = ("bwrap", "docker", "gvisor")
STOP_AFTER = 90  # seconds the launcher (install, then the program) may run before it is stopped
STOP_GRACE = 5  # seconds between the stop and the kill
_PROGRAM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,200}")
MAX_ENTRY_POINTS = 256 * 1024  # bytes of a wheel's entry_points.txt read
MAX_HOOKS = 200  # distinct (package, version, event) kept
MAX_FILES = 10_000  # files of a fetched folder made readable
MAX_LINES = 100  # connects or secret reads kept per list


def not_a_sandbox(sandbox: str) -> HooklabError:
    """The one line for a rehearsal asked of a place that is not one of SANDBOXES."""
    choices = ", ".join(SANDBOXES)
    return HooklabError(
        both(
            f"vet은 샌드박스({choices})에서만 리허설합니다. {sandbox}에서는 하지 않습니다",
            f"vet rehearses only in a sandbox ({choices}), not {sandbox}",
        )
    )


def rehearsal_argv(tree: Tree, *, no_hooks: bool = False) -> list[str]:
    """The launcher's command line for the rehearsal (without the stop timer)."""
    target = tree.target
    if not valid_name(target.ecosystem, target.name):
        raise HooklabError(
            both(
                f"레지스트리 패키지 이름이 아닙니다: {shown(target.name)}",
                f"not a registry package name: {shown(target.name)}",
            )
        )
    if tree.cache is None:
        raise HooklabError(
            both(
                "트리를 받지 않았습니다: 오프라인으로 설치할 것이 없습니다",
                "the tree was not fetched: nothing to install from offline",
            )
        )
    program = target.program or _program(tree)
    if program is not None and not _PROGRAM.fullmatch(program):
        raise HooklabError(
            both(
                f"프로그램 이름이 아닙니다: {shown(program)[:100]}",
                f"not a program name: {shown(program)[:100]}",
            )
        )
    if target.ecosystem == "npm":
        if npm_version(tree.version) is None:
            raise HooklabError(
                both(
                    f"정확한 npm 버전이 아닙니다: {shown(tree.version)[:100]}",
                    f"not an exact npm version: {shown(tree.version)[:100]}",
                )
            )
        spec = f"{target.name}@{tree.version}"
        opts = ["--yes", "--offline", *(["--ignore-scripts"] if no_hooks else [])]
        if program is None:
            return ["npx", *opts, "--", spec, *target.args]
        return ["npx", *opts, f"--package={spec}", "--", program, *target.args]
    if pypi_version(tree.version) is None:
        raise HooklabError(
            both(
                f"정확한 파이썬 버전이 아닙니다: {shown(tree.version)[:100]}",
                f"not an exact Python version: {shown(tree.version)[:100]}",
            )
        )
    from hooklab.defences.wheelhouse import build_tools, wheelhouse

    build_tools()
    _readable(Path(tree.cache))
    return [
        *("uvx", "--offline", "--no-index", *(["--no-build"] if no_hooks else [])),
        *("--find-links", str(Path(tree.cache).resolve())),
        *("--find-links", str(wheelhouse().resolve())),
        *("--from", f"{target.name}=={tree.version}"),
        program or target.name,
        *target.args,
    ]


def _readable(folder: Path) -> None:
    """Let the docker and gvisor sandboxes' own user read the fetched files (public archives,
    stored owner-only by the fetch): read bits on the folder's regular files, links untouched."""
    for path in itertools.islice(folder.iterdir(), MAX_FILES):
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o444)


def _program(tree: Tree) -> str | None:
    """The bin (npm) or console script (PyPI) to run when the launch line names none: the one
    named like the package, else the first. None for npm leaves the choice to npx."""
    root = tree.root
    if root is None or root.archive is None:
        return None
    if tree.target.ecosystem == "npm":
        return _npm_bin(Path(root.archive), tree.target.name)
    scripts = _console_scripts(tree)
    short = tree.target.name
    return short if short in scripts or not scripts else scripts[0]


def _npm_bin(archive: Path, name: str) -> str | None:
    from hooklab.review.archive import read_tree

    try:
        text = read_tree(archive).text("package.json")
        bins = json.loads(text or "{}").get("bin")
    except (HooklabError, ValueError, AttributeError):
        return None
    if isinstance(bins, dict) and bins:
        keys = [str(k) for k in bins]
        short = name.rsplit("/", 1)[-1]
        return short if short in keys else (keys[0] if len(keys) == 1 else None)
    return None  # a string bin is named like the package: npx finds it


def _console_scripts(tree: Tree) -> list[str]:
    """Console scripts of the root's wheel in the tree's cache, in file order."""
    dist = re.sub(r"[-_.]+", "_", tree.target.name).lower()
    for wheel in sorted(Path(str(tree.cache)).glob("*.whl")):
        head = wheel.name.split("-")
        if len(head) < 3 or head[0].lower() != dist or head[1] != tree.version:
            continue
        try:
            with zipfile.ZipFile(wheel) as zf:
                info = next(
                    (
                        i
                        for i in zf.infolist()
                        if i.filename.endswith(".dist-info/entry_points.txt")
                    ),
                    None,
                )
                if info is None or info.file_size > MAX_ENTRY_POINTS:
                    return []
                text = zf.read(info).decode("utf-8", "replace")
        except (OSError, zipfile.BadZipFile):
            return []
        return _section(text, "console_scripts")
    return []


def _section(text: str, name: str) -> list[str]:
    found, inside = [], False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            inside = line == f"[{name}]"
        elif inside and "=" in line:
            found.append(line.split("=", 1)[0].strip())
    return found


def rehearse(
    tree: Tree, *, sandbox: str = "bwrap", no_hooks: bool = False, stop_after: float = STOP_AFTER
) -> Rehearsal:
    """Run the tree's launcher once in `sandbox`, offline, and say what ran."""
    from hooklab.watch.runner import watch

    if sandbox not in SANDBOXES:
        raise not_a_sandbox(sandbox)
    argv = rehearsal_argv(tree, no_hooks=no_hooks)
    stop = ["timeout", "-k", str(STOP_GRACE), str(int(stop_after))]
    program = tree.target.program or _program(tree) or tree.target.name.rsplit("/", 1)[-1]
    npm = tree.target.ecosystem == "npm"
    start = time.monotonic()
    result = watch(
        [*stop, *argv],
        program=program,
        sandbox=sandbox,
        timeout=stop_after + STOP_GRACE + 60,
        npm_seed=Path(tree.cache) if npm and tree.cache else None,
    )
    return _read(result, argv, sandbox, round(time.monotonic() - start, 3))


def _kept(lines: list[str]) -> list[str]:
    """Each line once, at most MAX_LINES of them; the rest counted, not dropped unsaid."""
    unique = list(dict.fromkeys(lines))
    if len(unique) <= MAX_LINES:
        return unique
    return [*unique[:MAX_LINES], f"... and {len(unique) - MAX_LINES} more"]


def _loopback(detail: str) -> bool:
    host = detail.split(" ", 1)[0].rsplit(":", 1)[0].strip("[]")
    return host.startswith("127.") or host in ("::1", "localhost") or host.startswith("::ffff:127.")


def _who(e: Event) -> str:
    if e.role == "hook":
        return f"{e.package or '?'}@{e.version or '?'} {e.event or '?'}"
    return "the program" if e.role == "program" else "the launcher"


def _read(result: RunResult, argv: list[str], sandbox: str, seconds: float) -> Rehearsal:
    """The RunResult as vet needs it: hooks by package and event, and what crossed a line."""
    hooks: dict[tuple[str | None, str | None, str | None], dict[str, list[str]]] = {}
    argvs: dict[tuple[str | None, str | None, str | None], tuple[str, ...]] = {}
    dropped = 0
    for p in result.processes:
        key = (p.package, p.version, p.event)
        if p.role != "hook" or key in hooks:
            continue
        if len(hooks) == MAX_HOOKS:
            dropped += 1
            continue
        hooks[key] = {"reads": [], "connects": []}
        argvs[key] = p.argv
    reads: list[str] = []
    connects: list[str] = []
    program_reads: list[str] = []
    program_connects: list[str] = []
    for e in result.events:
        if e.kind == "secret_read":
            line = f"{e.detail} ({_who(e)})"
        elif e.kind == "connect" and not _loopback(e.detail):
            line = f"{e.detail} ({_who(e)})"
        else:
            continue
        is_read = e.kind == "secret_read"
        (reads if is_read else connects).append(line)
        if e.role == "hook" and (key := (e.package, e.version, e.event)) in hooks:
            hooks[key]["reads" if is_read else "connects"].append(e.detail)
        elif e.role == "program":
            (program_reads if is_read else program_connects).append(e.detail)
    code = result.exit_code
    stopped = code in (124, 137)
    output = result.stderr.strip() or result.stdout.strip()
    return Rehearsal(
        sandbox=sandbox,
        argv=argv,
        exit_code=None if stopped else code,
        hooks=[
            HookRun(
                *key,
                argvs[key],
                tuple(_kept(v["reads"])),
                tuple(_kept(v["connects"])),
            )
            for key, v in hooks.items()
        ],
        connects=_kept(connects),
        secret_reads=_kept(reads),
        canary_hits=len(result.canary_hits),
        markers=result.markers,
        leaked=list(result.secrets_leaked),
        program_ran=any(p.role == "program" for p in result.processes),
        program_reads=_kept(program_reads),
        program_connects=_kept(program_connects),
        stopped=stopped,
        last_line=shown(last_line(output))[:300] if output else "",
        seconds=seconds,
        notes=[f"{dropped} more distinct hooks than the {MAX_HOOKS} kept"] if dropped else [],
    )
