"""watch(): run one command with a fake home, a fresh package cache and the canary, under strace."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.model import Event, Process, RunResult
from hooklab.offline import kit, point_at_kit, seed_npm_cache
from hooklab.paths import work_dir
from hooklab.tools import KNOWN_TOOLS, find_tool, require_tool
from hooklab.volatile import slowdown
from hooklab.watch.canary import Canary
from hooklab.watch.home import FakeHome
from hooklab.watch.sandbox import REAPER, Job, get_backend
from hooklab.watch.trace import TraceParser, strace_argv

# Processes whose command line shows install-time code, whatever the package.
GENERIC_HOOK_PATTERNS = ("setup.py", "build_meta", "_in_process.py", "node-gyp")

# Launchers that run one bin, and their options that take a value (the next word is not the bin).
_NPM_STYLE = ("npx", "pnpx", "bunx")
_NPM_VALUE_OPTIONS = frozenset(
    "--package -p --registry --cache --userconfig --prefix --workspace -w --loglevel "
    "--node-options --script-shell --location".split()
)
_UV_STYLE = ("uvx",)
_UV_VALUE_OPTIONS = frozenset(
    "--from --with --with-editable --with-requirements -w --python -p --index --default-index "
    "--index-url -i --extra-index-url --find-links -f --cache-dir --directory --project "
    "--config-file --constraints -c --overrides --build-constraints --env-file --index-strategy "
    "--keyring-provider --resolution --prerelease --link-mode --exclude-newer --refresh-package "
    "--reinstall-package --no-build-package --no-binary-package --color".split()
)
_SDIST = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*?)-(\d[A-Za-z0-9.+!_-]*?)\.(?:tar\.gz|zip)$")


def launched_program(argv: list[str]) -> str | None:
    """The bin a launcher (npx, uvx, npm exec, uv tool run) was asked to run, from its own
    arguments: the first word that is not an option or an option's value, without a version."""
    name = Path(argv[0]).name if argv else ""
    rest = argv[1:]
    if name in _NPM_STYLE or (name == "npm" and rest[:1] == ["exec"]):
        rest, values, uv = (rest[1:] if name == "npm" else rest), _NPM_VALUE_OPTIONS, False
    elif name in _UV_STYLE or (name == "uv" and rest[:2] in (["tool", "run"], ["tool", "uvx"])):
        rest, values, uv = (rest[2:] if name == "uv" else rest), _UV_VALUE_OPTIONS, True
    else:
        return None
    words = iter(rest)
    for word in words:
        if word == "--":
            word = next(words, "")
        elif word.startswith("-"):
            if word in values:
                next(words, None)
            continue
        return _bin_of(word, uv) if word else None
    return None


def _bin_of(spec: str, uv: bool) -> str | None:
    """`esbuild@0.24.0` -> esbuild, `@scope/cli@1` -> cli, `black[d]==24.1` -> black; a path,
    URL or tarball names no bin (the launcher reads it from the package)."""
    if uv:
        return re.split(r"[\[@=<>~!; ]", spec, maxsplit=1)[0] or None
    if spec.startswith("@"):
        scope_rest = spec.split("/", 1)
        spec = scope_rest[1] if len(scope_rest) == 2 else ""
    if "/" in spec or ":" in spec or spec.endswith((".tgz", ".tar.gz")):
        return None
    return spec.split("@", 1)[0] or None


def given_sdist(argv: list[str]) -> tuple[str, str] | None:
    """(name, version) of the sdist file the command names, when it names exactly one."""
    found = {
        (m.group(1), m.group(2))
        for arg in argv[1:]
        if (m := _SDIST.match(Path(arg.split("=", 1)[-1]).name)) is not None
    }
    return found.pop() if len(found) == 1 else None


def base_env(home: FakeHome, scratch: Path, canary_port: int) -> dict[str, str]:
    """The watched command's environment: fake home, fresh caches, canary, no update chatter."""
    keep = ("PATH", "LANG", "LC_ALL", "TERM", "TZ", "SSL_CERT_FILE", "PIP_CERT", "UV_SYSTEM_CERTS")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", os.defpath)
    canary_dir = scratch / "canary"
    canary_dir.mkdir(parents=True, exist_ok=True)
    (scratch / "tmp").mkdir(exist_ok=True)  # the run's temp files go when the scratch goes
    env.update(home.env())
    env.update(
        {
            "HOOKLAB_CANARY_DIR": str(canary_dir),
            "HOOKLAB_CANARY_PORT": str(canary_port),
            "npm_config_cache": str(scratch / "npm-cache"),
            "npm_config_update_notifier": "false",
            "npm_config_fund": "false",
            "npm_config_audit": "false",
            "TMPDIR": str(scratch / "tmp"),
            "UV_CACHE_DIR": str(scratch / "uv-cache"),
            "UV_TOOL_DIR": str(scratch / "uv-tools"),
            "UV_TOOL_BIN_DIR": str(scratch / "uv-bin"),
            "UV_PYTHON": sys.executable,
            "UV_PYTHON_DOWNLOADS": "never",
            "UV_NO_PROGRESS": "1",
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def watch(
    argv: list[str],
    *,
    home: FakeHome | Path | str | None = None,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    trace: bool = True,
    hook_patterns: tuple[str, ...] = (),
    program: str | None = None,
    canary_port: int = 0,
    timeout: float = 300,
    keep: bool = False,
    sandbox: str = "host",
    npm_seed: Path | None = None,
) -> RunResult:
    """Run `argv` the way a user would, but with nothing real at stake, and record what it did.

    `home` may name a fake home the kit made earlier; anything else is refused. `env` adds to
    (or overrides) the watched environment. The scratch folder (caches, canary dir) is removed
    afterwards unless `keep` is set. `sandbox` names where the command runs: host, bwrap,
    docker, gvisor or auto (see hooklab.watch.sandbox); the tracer runs inside it.
    `npm_seed` names an npm cache folder the run's fresh npm cache starts as a copy of.
    """
    if not argv:
        raise HooklabError(
            both(
                "지켜볼 명령이 없습니다: -- 뒤에 명령을 주세요",
                "nothing to watch: give a command after --",
            )
        )
    fake = FakeHome.verify(home) if home is not None else None
    exe = find_tool(argv[0]) if "/" not in argv[0] else argv[0]
    if exe is None and argv[0] in KNOWN_TOOLS:
        require_tool(argv[0])  # raises with an install hint
    if exe is None or not Path(exe).exists():
        raise HooklabError(
            both(f"명령을 찾을 수 없습니다: {argv[0]}", f"command not found: {argv[0]}")
        )
    strace = require_tool("strace") if trace else None
    # Roles come from the run itself (lifecycle variables, PEP 517 hook names, the launcher's
    # own arguments); a fixture's manifest is only a cross-check in the tests.
    patterns = tuple(dict.fromkeys((*hook_patterns, *GENERIC_HOOK_PATTERNS)))
    program = program or launched_program(argv)
    backend = get_backend(sandbox)

    scratch = Path(tempfile.mkdtemp(prefix="watch-", dir=work_dir()))
    try:
        fake = fake or FakeHome.create(scratch)
        with Canary(canary_port) as canary:
            run_env = base_env(fake, scratch, canary.port)
            if backend.isolated:  # a sandbox has a private /tmp of its own, gone when it ends
                del run_env["TMPDIR"]
            if env:
                if "HOME" in env:
                    FakeHome.verify(env["HOME"])
                run_env.update(env)
            if npm_seed is not None:
                seed_npm_cache(Path(run_env["npm_config_cache"]), npm_seed)
            point_at_kit(run_env, argv[0])
            log = scratch / "strace.log"
            tracer = strace_argv(strace, log) if strace else []
            job = Job(
                argv=[*tracer, *backend.wrapper(), exe, *argv[1:]],
                env=run_env,
                cwd=Path(cwd or scratch).resolve(),
                scratch=scratch,
                readonly=_seen_paths(argv, fake) + tuple(p for p in [kit()] if p),
                timeout=timeout,
                label=argv[0],
            )
            start = time.monotonic()
            proc = backend.run(job)
            slowdown()
            duration = time.monotonic() - start
            hits = _settle(canary)
        parser = TraceParser(
            secret_paths=frozenset(
                [str(p) for p in fake.secret_paths()]
                + [run_env[k] for k in run_env if k.startswith("HOOKLAB_DECOY")]
            ),
            hook_patterns=patterns,
            program=program,
            sdist=given_sdist(argv),
        )
        if strace and log.exists():
            parser.feed(log.read_text(errors="replace"))
        events, processes = parser.result()
        if backend.isolated:
            events, processes = _without_reaper(events, processes)
        t0 = parser.t0 or start
        hits = [type(h)(round(h.time - t0, 4), h.method, h.path, h.body, h.secrets) for h in hits]
        markers = sorted(p.name for p in (scratch / "canary").iterdir())
        return RunResult(
            command=list(argv),
            exit_code=proc.returncode,
            stdout=proc.stdout,
            stderr=proc.stderr,
            duration=round(duration, 3),
            events=events,
            processes=processes,
            canary_hits=hits,
            markers=markers,
            traced=bool(strace),
            sandbox=backend.name,
            canary_port=canary.port,
            places={
                "$HOOKLAB_CANARY_DIR": str(scratch / "canary"),
                "~": str(fake.path),
                "<npm-cache>": str(scratch / "npm-cache"),
                "<uv-cache>": str(scratch / "uv-cache"),
                "<scratch>": str(scratch),
            },
        )
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


def _seen_paths(argv: list[str], home: FakeHome) -> tuple[Path, ...]:
    """Files and folders the command names (artefacts, wheelhouses) and the fake home."""
    found = [home.path]
    for arg in argv[1:]:
        for part in (arg, arg.split("=", 1)[-1]):
            if part.startswith("/") and Path(part).exists():
                found.append(Path(part).resolve())
    return tuple(dict.fromkeys(found))


def _without_reaper(
    events: list[Event], processes: list[Process]
) -> tuple[list[Event], list[Process]]:
    """Drop the sandbox's reaper (the command's parent inside the sandbox) from the record."""
    gone = {p.pid for p in processes if str(REAPER) in p.argv}
    procs = [replace(p, ppid=None) if p.ppid in gone else p for p in processes if p.pid not in gone]
    evs = [replace(e, ppid=None) if e.ppid in gone else e for e in events if e.pid not in gone]
    return evs, procs


def _settle(canary: Canary, wait: float = 0.3) -> list:
    """Give a request that was still in flight when the command exited a moment to land."""
    deadline = time.monotonic() + wait
    seen = -1
    while time.monotonic() < deadline:
        hits = canary.hits()
        if len(hits) == seen:
            break
        seen = len(hits)
        time.sleep(0.1)
    return canary.hits()
