"""Audit MCP client configs: how each server is launched, whether it is pinned, what it gets.

Per server: the launcher (npx, uvx, pipx, docker or other), pinned or floating, inline secrets
in env/args/headers, over-broad filesystem roots, shell launchers; and the pinned form, with the
current version asked from the configured registry when it answers.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from hooklab.mcp.config import (
    ConfigProblem,
    LoadedConfig,
    guess_config,
    load_config,
    usual_configs,
)
from hooklab.mcp.detect import find_spans
from hooklab.offline import goes_public, kit
from hooklab.safetext import json_safe, shown
from hooklab.tools import find_tool, last_line

if TYPE_CHECKING:
    import pandas as pd

# Registry package names: npm's (scoped or not; uppercase only in old names) and PEP 508's.
# Anything else is never handed to a registry tool, where it could be read as an option.
_NPM_NAME = re.compile(r"(?:@[a-z0-9][a-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,213}")
_PYPI_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?")
_SEMVER = re.compile(r"^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
_PEP440 = re.compile(r"^\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
_COMMIT = re.compile(r"[#@]([0-9a-f]{40})$")
_SHELLS = {"sh", "bash", "zsh", "dash", "fish", "ksh", "cmd", "cmd.exe", "powershell", "pwsh"}
_SHELL_FLAGS = {"-c", "/c", "/C", "-Command", "-command", "-lc", "-ic"}
_SENSITIVE_DIRS = {".ssh", ".aws", ".gnupg", ".kube", ".docker", ".azure", ".config/gcloud"}
_PLACEHOLDER = re.compile(
    r"^\$\{[^}]*\}$|^<[^>]*>$|^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_]+%$|^(?i:your|xxx|changeme)"
)
_SECRET_NAME = re.compile(
    r"(?i)token|secret|passw|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth"
)
_SECRET_FLAG = re.compile(r"(?i)^--?[\w-]*(token|secret|password|api-?key|key)$")

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


@dataclass(frozen=True)
class Finding:
    check: str  # "floating", "inline-secret", "broad-root", "shell"
    severity: str  # "high" or "medium"
    detail: str


@dataclass
class ServerAudit:
    file: str
    client: str
    server: str
    launcher: str
    package: str
    pin: str  # "pinned", "floating", "local", "remote" or "unknown"
    findings: list[Finding] = field(default_factory=list)
    proposal: str = ""  # the pinned form, or what to do
    fixed_args: list[str] | None = None  # args of the pinned form, when one could be made

    @property
    def risky(self) -> bool:
        return bool(self.findings)


@dataclass
class AuditReport:
    servers: list[ServerAudit] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # one line each: file problems and notes
    written: list[str] = field(default_factory=list)  # fixed files, with their backups
    unreadable: list[str] = field(default_factory=list)  # config files that could not be read

    @property
    def findings(self) -> int:
        return sum(len(s.findings) for s in self.servers)

    def frame(self) -> pd.DataFrame:
        """One row a server, every config string escaped for a screen."""
        import pandas as pd

        rows = [
            {
                "file": Path(s.file).name,
                "client": s.client,
                "server": s.server,
                "launcher": s.launcher,
                "package": s.package,
                "pin": s.pin,
                "findings": "; ".join(f"{f.check}: {f.detail}" for f in s.findings) or "-",
                "proposal": s.proposal or "-",
            }
            for s in self.servers
        ]
        cols = ["file", "client", "server", "launcher", "package", "pin", "findings", "proposal"]
        return pd.DataFrame([{k: shown(v) for k, v in row.items()} for row in rows], columns=cols)

    def to_dict(self) -> dict[str, Any]:
        servers = []
        for s in self.servers:
            d = asdict(s)
            d.pop("fixed_args")
            servers.append(d)
        return {
            "servers": servers,
            "messages": self.messages,
            "written": self.written,
            "findings": self.findings,
        }

    def to_json(self) -> str:
        return json.dumps(json_safe(self.to_dict()), ensure_ascii=False, indent=1)


# ---- package specs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A package reference as written on a launcher's command line."""

    raw: str
    ecosystem: str  # "npm", "pypi" or "docker"
    name: str
    pin: str  # "pinned", "floating", "local" or "invalid" (not a package spec at all)
    why: str = ""

    @property
    def in_registry(self) -> bool:
        """Whether `name` is a registry package name a version could be asked for."""
        return valid_name(self.ecosystem, self.name)


def valid_name(ecosystem: str, name: str) -> bool:
    """Whether `name` follows the registry's naming rules (npm or PyPI)."""
    pattern = {"npm": _NPM_NAME, "pypi": _PYPI_NAME}.get(ecosystem)
    return pattern is not None and pattern.fullmatch(name) is not None


def _invalid(spec: str, ecosystem: str) -> Spec:
    what = "npm package spec" if ecosystem == "npm" else "Python requirement"
    why = f"not a valid {what}; never looked up"
    if spec.startswith("-"):
        why += " (a launcher would read it as an option)"
    return Spec(spec, ecosystem, spec, "invalid", why)


def _unreadable(spec: str) -> bool:
    """A spec no launcher could mean: empty, an option, control characters, or huge."""
    return not spec or spec.startswith("-") or not spec.isprintable() or len(spec) > 1000


def _is_local(spec: str) -> bool:
    return spec.startswith((".", "/", "~", "file:")) or spec.endswith((".tgz", ".whl", ".tar.gz"))


def _git_spec(spec: str, ecosystem: str) -> Spec:
    """A git source is pinned only when it names a commit."""
    if _COMMIT.search(spec):
        return Spec(spec, ecosystem, spec, "pinned")
    return Spec(
        spec, ecosystem, spec, "floating", "a git source without a commit follows its branch"
    )


def npm_spec(spec: str) -> Spec:
    if _unreadable(spec):
        return _invalid(spec, "npm")
    if _is_local(spec):
        return Spec(spec, "npm", spec, "local")
    if spec.startswith(("git+", "git:", "github:", "gitlab:", "bitbucket:")) or (
        "/" in spec and not spec.startswith("@") and ":" not in spec
    ):
        return _git_spec(spec, "npm")
    if spec.startswith(("http://", "https://")):
        return Spec(spec, "npm", spec, "floating", "a tarball URL can change under you")
    at = spec.rfind("@")
    name, version = (spec[:at], spec[at + 1 :]) if at > 0 else (spec, "")
    if not valid_name("npm", name):
        return _invalid(spec, "npm")
    if not version:
        return Spec(spec, "npm", name, "floating", "no version: the newest is fetched every time")
    if _SEMVER.match(version):
        return Spec(spec, "npm", name, "pinned")
    if re.fullmatch(r"[A-Za-z][\w.-]*", version):
        return Spec(
            spec, "npm", name, "floating", f"the dist-tag @{version} moves with each release"
        )
    return Spec(spec, "npm", name, "floating", f"the range {version} accepts new releases")


def pypi_spec(spec: str) -> Spec:
    if _unreadable(spec):
        return _invalid(spec, "pypi")
    if _is_local(spec):
        return Spec(spec, "pypi", spec, "local")
    if spec.startswith("git+") or " @ git+" in spec:
        return _git_spec(spec, "pypi")
    m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)", spec)
    if not m or not valid_name("pypi", m.group(1)):
        return _invalid(spec, "pypi")
    name, rest = m.group(1), m.group(3).strip()
    if not rest:
        return Spec(spec, "pypi", name, "floating", "no version: the newest is fetched every time")
    if rest.startswith("@"):
        version = rest[1:]
        if _PEP440.match(version):
            return Spec(spec, "pypi", name, "pinned")
        return Spec(spec, "pypi", name, "floating", f"@{version} moves with each release")
    if re.fullmatch(r"===?\s*[0-9][\w.!+-]*", rest) and "*" not in rest:
        return Spec(spec, "pypi", name, "pinned")
    return Spec(spec, "pypi", name, "floating", f"the range {rest} accepts new releases")


def docker_spec(image: str) -> Spec:
    if "@sha256:" in image:
        return Spec(image, "docker", image.split("@")[0], "pinned")
    last = image.rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    base = image[: len(image) - len(last)] + name
    if not tag:
        return Spec(image, "docker", base, "floating", "no tag means :latest, which moves")
    if tag == "latest":
        return Spec(image, "docker", base, "floating", ":latest moves with each push")
    return Spec(image, "docker", base, "pinned", f"tag :{tag} (a digest is stronger)")


# ---- launchers -------------------------------------------------------------------------------


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


# ---- checks ----------------------------------------------------------------------------------


def _broad_root(value: str, home: Path) -> str | None:
    value = value.split("=", 1)[1] if value.startswith("-") and "=" in value else value
    if value.startswith("-") or not value:
        return None
    norm = value.rstrip("/") or "/"
    homes = {"~", "$HOME", "${HOME}", "%USERPROFILE%", str(home).rstrip("/")}
    if norm == "/":
        return "the whole filesystem (/)"
    if norm in homes or norm in ("/home", "/Users", "/root"):
        return f"the whole home folder ({value})"
    if re.fullmatch(r"/(home|Users)/[^/]+", norm):
        return f"a whole home folder ({value})"
    for sensitive in _SENSITIVE_DIRS:
        if f"/{sensitive}" in f"/{norm.lstrip('/')}" and (norm.startswith(("/", "~", "$"))):
            return f"a credentials folder ({value})"
    return None


def _inline_secret(name: str, value: str) -> bool:
    value = value.strip()
    if not value or _PLACEHOLDER.search(value):
        return False
    if any(s.kind != "home-path" for s in find_spans(value)):
        return True
    return bool(_SECRET_NAME.search(name)) and len(value) >= 8


def check_server(
    name: str, entry: dict[str, Any], home: Path
) -> tuple[Launch | None, list[Finding]]:
    findings: list[Finding] = []
    if entry.get("url") and not entry.get("command"):
        for key, value in (entry.get("headers") or {}).items():
            if _inline_secret(str(key), str(value)):
                findings.append(
                    Finding("inline-secret", "high", f"header {key} holds a literal secret")
                )
        return None, findings
    command = str(entry.get("command", ""))
    args = [str(a) for a in entry.get("args") or []]
    launch = parse_launch(command, args)
    if launch.shell:
        findings.append(Finding("shell", "high", "started through a shell (-c): anything can run"))
    unasked = launch.launcher == "npx" and bool({"-y", "--yes"}.intersection(args))
    for _, spec in launch.specs:
        if spec.pin == "invalid":
            findings.append(Finding("bad-spec", "high", f"{spec.raw}: {spec.why}"))
        elif spec.pin == "floating":
            why = f"{spec.why}; -y runs it without asking" if unasked else spec.why
            findings.append(Finding("floating", "medium", f"{spec.raw}: {why}"))
    env = {str(k): str(v) for k, v in (entry.get("env") or {}).items()}
    env |= dict(p.split("=", 1) for p in launch.env_pairs)
    for key, value in env.items():
        if _inline_secret(key, value):
            findings.append(Finding("inline-secret", "high", f"env {key} holds a literal secret"))
    for i, arg in enumerate(args):
        flag = args[i - 1] if i else ""
        if arg in launch.env_pairs:
            continue
        if (_SECRET_FLAG.match(flag) and _inline_secret(flag, arg)) or any(
            s.kind != "home-path" for s in find_spans(arg)
        ):
            findings.append(
                Finding("inline-secret", "high", f"argument {i + 1} holds a literal secret")
            )
    for value in launch.volumes if launch.launcher == "docker" else args:
        broad = _broad_root(value, home)
        if broad:
            findings.append(Finding("broad-root", "high", f"gets {broad}"))
    return launch, list(dict.fromkeys(findings))


# ---- pinning proposals -----------------------------------------------------------------------

Resolver = Callable[[str, str], tuple[str | None, str]]  # (ecosystem, name) -> (version, why not)


_PUBLIC = {"npm": "https://registry.npmjs.org/", "pypi": "https://pypi.org/simple"}
# The only parts of the caller's environment a look-up keeps: where programs are, the locale,
# the proxy and the machine's CA store. No npm_config_*, UV_*, PIP_* or tokens; HOME is a fresh
# folder, so no ~/.npmrc, uv.toml or .netrc is read either.
_KEPT_ENV = frozenset(
    {"PATH", "LANG", "LC_ALL", "SSL_CERT_FILE", "SSL_CERT_DIR", "UV_NATIVE_TLS", "UV_SYSTEM_CERTS"}
    | {p + "_proxy" for p in ("http", "https", "no", "all")}
    | {p.upper() + "_PROXY" for p in ("http", "https", "no", "all")}
)
# One quick retry: a look-up is a courtesy, and an unreachable registry should say so in seconds.
_KIT_NPMRC = (
    "fund=false\naudit=false\nupdate-notifier=false\n"
    "fetch-retries=1\nfetch-retry-mintimeout=1000\nfetch-retry-maxtimeout=3000\n"
)


def _registry_from_env(ecosystem: str) -> tuple[str, str]:
    """The registry the user's own environment names (or the public one), as (url, problem).

    Only the scheme, host, port and path are kept: credentials are never sent by a look-up."""
    if ecosystem == "npm":
        named = [v for k, v in os.environ.items() if k.lower() == "npm_config_registry"]
    else:
        named = [v for k in ("UV_DEFAULT_INDEX", "UV_INDEX_URL") if (v := os.environ.get(k))]
    if not named:
        return _PUBLIC[ecosystem], ""
    return _plain_url(named[0])


def _plain_url(value: str) -> tuple[str, str]:
    try:
        url = urlsplit(value)
        host, port = url.hostname, url.port
    except ValueError:
        host, url = None, None
    if url is None or url.scheme not in ("http", "https") or not host or not value.isprintable():
        return "", f"the registry URL {value!r} is not a plain http(s) URL; not asked"
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port else ""
    return urlunsplit((url.scheme, netloc, url.path or "/", "", "")), ""


def _lookup_argv(tool: str, ecosystem: str, name: str, url: str, where: Path) -> list[str]:
    """The look-up command: every option in --key=value form, then `--`, then the name."""
    if ecosystem == "npm":
        return [
            tool,
            "view",
            "--json",
            f"--registry={url}",
            f"--userconfig={where / 'npmrc'}",
            f"--cache={where / 'cache'}",
            "--workspaces=false",  # with the package.json below: no project or workspace npmrc
            "--",
            name,
            "version",
        ]
    return [
        tool,
        "pip",
        "compile",
        "-",  # the name comes on stdin, already checked to be a bare name (not an option line)
        "--no-deps",
        "--no-header",
        "--no-annotate",
        "--no-config",
        f"--python={sys.executable}",
        f"--default-index={url}",
        f"--cache-dir={where / 'cache'}",
        "--quiet",
    ]


def _lookup_env(where: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _KEPT_ENV}
    return env | {
        "HOME": str(where),
        "UV_NO_PROGRESS": "1",
        "UV_NATIVE_TLS": env.get("UV_NATIVE_TLS", "1"),
        "npm_config_update_notifier": "false",
    }


def _read_answer(ecosystem: str, out: str) -> tuple[str | None, str]:
    """The version in a look-up's output, if it is one (a registry's answer is checked too)."""
    version: Any = None
    if ecosystem == "npm":
        try:
            version = json.loads(out)
        except ValueError:
            pass
        version = version[-1] if isinstance(version, list) and version else version
    elif m := re.search(r"==\s*([^\s;]+)", out):
        version = m.group(1)
    pattern = _SEMVER if ecosystem == "npm" else _PEP440
    if isinstance(version, str) and pattern.match(version):
        return version, ""
    return None, f"unexpected answer: {last_line(out)[:200]}"


def registry_resolver(timeout: float = 30) -> Resolver:
    """Ask the npm registry / Python index for the current version (cached per run).

    The registry is the public one, or the one the user's environment names
    (`npm_config_registry`, `UV_DEFAULT_INDEX`/`UV_INDEX_URL`); never one a config, a project
    file or an npmrc picks. Each look-up runs in a fresh folder with a config the kit writes, and
    only names that follow the registry's rules are asked for.
    """
    cache: dict[tuple[str, str], tuple[str | None, str]] = {}

    def resolve(ecosystem: str, name: str) -> tuple[str | None, str]:
        if ecosystem not in _PUBLIC:
            return None, "no registry to ask for image digests; pin a digest by hand"
        if not valid_name(ecosystem, name):
            return None, "not a registry package name; not looked up"
        if (ecosystem, name) not in cache:
            cache[ecosystem, name] = _look_up(ecosystem, name, timeout)
        return cache[ecosystem, name]

    return resolve


def _look_up(ecosystem: str, name: str, timeout: float) -> tuple[str | None, str]:
    tool_name = "npm" if ecosystem == "npm" else "uv"
    tool = find_tool(tool_name)
    if tool is None:
        return None, f"{tool_name} is not installed"
    url, problem = _registry_from_env(ecosystem)
    if problem:
        return None, problem
    index_var = "npm_config_registry" if ecosystem == "npm" else "UV_DEFAULT_INDEX"
    if kit() is not None and goes_public({index_var: url}, tool_name):
        return None, "no network (offline kit): the public registry is not asked"
    with tempfile.TemporaryDirectory(prefix="hooklab-lookup-") as tmp:
        where = Path(tmp)
        (where / "npmrc").write_text(_KIT_NPMRC)
        (where / "package.json").write_text("{}\n")  # npm looks no further up for a project
        try:
            proc = subprocess.run(
                _lookup_argv(tool, ecosystem, name, url, where),
                input=name + "\n" if ecosystem == "pypi" else None,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                env=_lookup_env(where),
                cwd=where,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None, "the registry did not answer in time"
        except OSError as exc:
            return None, f"{tool_name} did not start ({exc.strerror})"
    out = proc.stdout.strip()
    if proc.returncode != 0 or not out:
        return None, f"the registry was not reachable or had no answer ({last_line(proc.stderr)})"
    return _read_answer(ecosystem, out)


def no_resolver(ecosystem: str, name: str) -> tuple[str | None, str]:
    return None, "registry lookups are off (--no-resolve)"


def _pinned_text(spec: Spec, version: str, launcher: str, at_from: bool) -> str:
    if spec.ecosystem == "npm":
        return f"{spec.name}@{version}"
    if launcher == "uvx" and not at_from:
        return f"{spec.name}@{version}"
    return f"{spec.name}=={version}"


def propose(audit: ServerAudit, launch: Launch, args: list[str], resolve: Resolver) -> None:
    """Fill in the pinned form of the server's args, or say why there is none."""
    floating = [(i, s) for i, s in launch.specs if s.pin == "floating"]
    if launch.shell:
        audit.proposal = "start the server directly (command + args), not through a shell"
        floating = [(i, s) for i, s in floating if i >= 0]
    if not floating:
        return
    new_args = list(args)
    notes = []
    for i, spec in floating:
        if spec.ecosystem == "docker":
            notes.append(
                f"pin {spec.name} by digest (docker pull, then docker inspect RepoDigests)"
            )
            continue
        if not spec.in_registry:
            notes.append(f"pin {spec.raw} to a commit (#<40-hex sha>)")
            continue
        version, why = resolve(spec.ecosystem, spec.name)
        if version is None:
            notes.append(f"could not resolve {spec.name}: {why}; pin a version by hand")
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


# ---- the audit -------------------------------------------------------------------------------


def audit_loaded(loaded: LoadedConfig, home: Path, resolve: Resolver) -> list[ServerAudit]:
    audits = []
    for name, entry in loaded.servers.items():
        launch, findings = check_server(name, entry, home)
        if launch is None:
            audits.append(
                ServerAudit(
                    str(loaded.file.path),
                    loaded.file.client,
                    name,
                    "remote",
                    str(entry.get("url")),
                    "remote",
                    findings,
                )
            )
            continue
        spec = launch.specs[0][1] if launch.specs else None
        audit = ServerAudit(
            str(loaded.file.path),
            loaded.file.client,
            name,
            launch.launcher,
            spec.name if spec else str(entry.get("command", "")),
            spec.pin if spec else "unknown",
            findings,
        )
        propose(audit, launch, [str(a) for a in entry.get("args") or []], resolve)
        audits.append(audit)
    return audits


_MAX_BACKUPS = 100


def _create(folder: int, name: str, data: bytes, like: os.stat_result) -> None:
    """Write a new file `name` in the open `folder`: never an existing name, never through a
    link; with the mode (and, as root, the owner) of `like`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(name, flags, 0o600, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), stat.S_IMODE(like.st_mode))
            if os.geteuid() == 0:
                os.fchown(f.fileno(), like.st_uid, like.st_gid)
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(name, dir_fd=folder)
        raise


def _backup(folder: int, name: str, data: bytes, like: os.stat_result) -> str:
    """Keep `data` in a fresh `name.bak`, `name.bak1`, ...: whatever holds a name (a file, a
    planted link, dangling or not) is passed over, never written through."""
    for n in range(_MAX_BACKUPS):
        backup = f"{name}.bak{n or ''}"
        try:
            _create(folder, backup, data, like)
        except FileExistsError:
            continue
        return backup
    raise ConfigProblem(f"{name}.bak to .bak{_MAX_BACKUPS - 1} all exist; clear some first")


def _writable(path: Path, st: os.stat_result) -> str | None:
    """Why the kit will not rewrite this config, if it will not."""
    if stat.S_ISLNK(st.st_mode):
        return f"is a symlink; not writing through it (fix {os.path.realpath(path)} instead)"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file; not writing it"
    # Root may write anything: the mode bits are the owner's word that it stays as it is.
    if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK, follow_symlinks=False):
        return f"is read-only (mode {stat.S_IMODE(st.st_mode):o}); not changed"
    return None


def write_fixed(loaded: LoadedConfig, audits: list[ServerAudit]) -> tuple[Path, str] | None:
    """Write the pinned form into the config, keeping the original bytes in a .bak file.

    The new text goes to a fresh file in the same folder that then replaces the config, so a
    link planted at the config or backup name is never followed and a reader never sees half a
    file."""
    fixes = {a.server: a.fixed_args for a in audits if a.fixed_args is not None}
    if not fixes:
        return None
    path = loaded.file.path
    if path.parent.is_symlink():
        raise ConfigProblem("its folder is a symlink; not writing through it")
    data = json.loads(json.dumps(loaded.data))
    for name, args in fixes.items():
        if ":" in name and name not in loaded.servers:
            continue
        for entry in _entries_named(data, loaded.file.key, name):
            entry["args"] = args
    try:
        text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, escaped in the original: keep it escaped
        text = (json.dumps(data, indent=2) + "\n").encode("ascii")
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        before = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        if why := _writable(path, before):
            raise ConfigProblem(why)
        backup = _backup(folder, path.name, loaded.raw, before)
        temp = f".{path.name}.hooklab-{secrets.token_hex(6)}"
        _create(folder, temp, text, before)
        now = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        if (now.st_dev, now.st_ino, now.st_mtime_ns) != (
            before.st_dev,
            before.st_ino,
            before.st_mtime_ns,
        ):
            os.unlink(temp, dir_fd=folder)
            raise ConfigProblem("changed while it was audited; not written")
        os.replace(temp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        os.close(folder)
    return path, backup


def _entries_named(data: dict[str, Any], key: str, name: str) -> list[dict[str, Any]]:
    if ":" in name and isinstance(data.get("projects"), dict):
        project, _, server = name.rpartition(":")
        block = (data["projects"].get(project) or {}).get("mcpServers") or {}
        return [block[server]] if isinstance(block.get(server), dict) else []
    if key == "mcp.servers":
        block = data.get("mcp", {}).get("servers") if isinstance(data.get("mcp"), dict) else None
        block = block if block is not None else data.get("mcp.servers", {})
    else:
        block = data.get(key or ("mcpServers" if "mcpServers" in data else "servers"), {})
    return [block[name]] if isinstance(block, dict) and isinstance(block.get(name), dict) else []


def audit_configs(
    paths: Sequence[Path] = (),
    *,
    home: Path | None = None,
    project: Path | None = None,
    resolve: Resolver | None = None,
    fix: bool = False,
) -> AuditReport:
    """Audit the given config files, or the usual ones under `home` and `project`.

    `home` and `project` default to the account's home and the current folder; tests pass
    temporary ones. Problems with one file become a one-line message and the audit goes on.
    """
    if home is None:
        from hooklab.watch.home import real_home

        home = real_home()
    project = project or Path.cwd()
    resolve = resolve or registry_resolver()
    files = [guess_config(Path(p)) for p in paths] if paths else usual_configs(home, project)
    report = AuditReport()
    if not files:
        report.messages.append(f"no MCP client configs found under {home} or {project}")
    for file in files:
        try:
            loaded = load_config(file)
        except ConfigProblem as exc:
            report.messages.append(f"{file.path}: {exc}")
            report.unreadable.append(str(file.path))
            continue
        report.messages += [f"{file.path}: {note}" for note in loaded.notes]
        audits = audit_loaded(loaded, home, resolve)
        report.servers += audits
        if fix:
            try:
                done = write_fixed(loaded, audits)
            except (ConfigProblem, OSError) as exc:
                report.messages.append(f"{file.path}: not fixed: {exc}")
                continue
            if done:
                report.written.append(f"{done[0]} (backup: {done[1]})")
                if loaded.had_comments:
                    report.messages.append(
                        f"{file.path}: comments are not kept; the backup has them"
                    )
    return report


def run_audit_command(args: Any) -> int:
    """The `hooklab audit-config` handler."""
    report = audit_configs(
        args.paths, resolve=no_resolver if args.no_resolve else None, fix=args.fix
    )
    for message in report.messages:
        print(f"hooklab audit-config: {shown(message)}", file=sys.stderr)
    if args.json:
        print(report.to_json())
    elif report.servers:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            print(report.frame().to_string(index=False))
    for line in report.written:
        print(f"wrote {shown(line)}")
    if report.unreadable:  # the others were still audited and shown; the exit code says so
        return 2
    return 1 if args.strict and report.findings else 0
