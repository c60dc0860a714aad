"""The LLM path: the kit's own six-category prompt, the package's files packed within a token
budget, one of three backends, and the answer parsed into the same Report as the rules give."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx

from hooklab.errors import HooklabError
from hooklab.review.archive import read_tree
from hooklab.review.engine import review_package
from hooklab.review.package import Package
from hooklab.review.report import CATEGORIES, Report
from hooklab.tools import last_line

DEFAULT_MODEL = "claude-sonnet-4-6"
DEFAULT_BUDGET = 60_000  # tokens of source put in front of the model
CHARS_PER_TOKEN = 3  # code tokenises densely; err on the small side

SYSTEM_PROMPT = """You review one software package for a developer who is about to let an AI \
client start it with npx or uvx. You read its source; you never run it. Rate six categories:

install - code that runs while the package installs or builds: npm preinstall/install/\
postinstall/prepare, binding.gyp (node-gyp, <!(...) commands), setup.py, cmdclass, in-tree \
build backends, hatch hooks, .pth files, import-time code of its commands; and whether that \
code downloads, spawns shells, reads secrets or writes outside its folder.
secrets - environment variables, tokens, keys and credential files (~/.ssh, ~/.aws, ~/.npmrc, \
kubeconfig) that are read, printed, logged, or can reach the model's input.
network_file - where data is sent, servers and the interface they bind (0.0.0.0 is everyone), \
reads and writes of sensitive paths or outside the project root.
exec_privilege - child processes, shells, eval, privilege changes, and whether dangerous or \
destructive tools are on by default.
output_llm - what tool results carry into the model's prompt (secrets, paths, internal data), \
whether the MCP output format is respected, and stray prints on a stdio server's stdout.
supply_chain - dependencies from URLs or with a known incident, look-alike names, hard-coded \
third-party hosts.

Levels: low (nothing of note), medium (real capability that needs a deliberate choice), high \
(likely harm or a secret leaving the machine). A secret read that flows to the network or to \
tool output is higher than either alone. Cite the file and line number shown in the listing.

Answer with ONE JSON object and nothing else, in this shape:
{"categories": [{"id": "install", "level": "low|medium|high", "findings": [{"rule": "short-id", \
"file": "path", "line": 1, "evidence": "the code line", "why": "one sentence"}]}, ...all six...], \
"overall": {"level": "low|medium|high", "summary": "two sentences"}}"""

_MANIFESTS = ("package.json", "pyproject.toml", "setup.py", "setup.cfg", "binding.gyp")
_SKIP = re.compile(
    r"\.(d\.ts|map|min\.js|lock|png|jpg|gif|ico|woff2?)$|(^|/)(test|tests|__tests__)/"
)


@dataclass
class Packed:
    text: str
    included: list[str]
    omitted: list[str]


def _priority(pkg: Package, findings: dict[str, int]) -> list[str]:
    install = set(pkg.install_files)
    files = [f for f in pkg.tree.files if pkg.text(f) is not None and not _SKIP.search(f)]

    def key(name: str) -> tuple[int, int, str]:
        if name in _MANIFESTS or name.endswith(".pth"):
            return (0, 0, name)
        if name in install:
            return (1, 0, name)
        if name in findings:
            return (2, -findings[name], name)
        return (3, 0, name)

    return sorted(files, key=key)


def pack_files(
    pkg: Package, budget: int = DEFAULT_BUDGET, findings: dict[str, int] | None = None
) -> Packed:
    """Numbered listings of the files that matter most, until the token budget is spent."""
    left = budget * CHARS_PER_TOKEN
    parts: list[str] = []
    included: list[str] = []
    omitted: list[str] = []
    for name in _priority(pkg, findings or {}):
        body = "\n".join(
            f"{n:5}| {line}" for n, line in enumerate((pkg.text(name) or "").splitlines(), 1)
        )
        block = f"=== {name} ===\n{body}\n"
        if len(block) > left:
            if left > 2000 and not included:  # never send nothing: cut the first file to size
                block = block[:left] + "\n[cut]\n"
            else:
                omitted.append(name)
                continue
        parts.append(block)
        included.append(name)
        left -= len(block)
    return Packed("".join(parts), included, omitted)


def user_message(target: str, packed: Packed) -> str:
    head = f"Package: {Path(target).name}\nFiles shown: {len(packed.included)}"
    if packed.omitted:
        head += f" (left out for length: {len(packed.omitted)})"
    return f"{head}\n\n{packed.text}\nReview it now; answer with the JSON object only."


def parse_answer(text: str, target: str, method: str) -> Report:
    """The model's JSON (bare or in a code fence) as a Report; a clear error when it is not."""
    cleaned = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip(), flags=re.MULTILINE)
    start, end = cleaned.find("{"), cleaned.rfind("}")
    try:
        data = json.loads(cleaned[start : end + 1]) if start >= 0 < end else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise HooklabError(
            f"the model's answer ({method}) is not the JSON report; first words: "
            f"{' '.join(text.split()[:8])!r}"
        )
    report = Report.from_dict(data, target, method)
    missing = [c.id for c in report.categories if c.level_override is None and not c.findings]
    if len(missing) == len(CATEGORIES):
        raise HooklabError(f"the model's answer ({method}) rated none of the six categories")
    report.notes += [f"the model did not rate {cid}" for cid in missing]
    return report


# backends ----------------------------------------------------------------------------------
def _model() -> str:
    return os.environ.get("HOOKLAB_LLM_MODEL", DEFAULT_MODEL)


def ask_anthropic(system: str, user: str, base_url: str | None = None) -> str:
    try:
        import anthropic
    except ImportError:
        raise HooklabError(
            "the anthropic package is not installed; pip install 'hooklab[llm]'"
        ) from None

    key = os.environ.get("ANTHROPIC_API_KEY")
    if not key:
        raise HooklabError("ANTHROPIC_API_KEY is not set; set it or choose another --llm backend")
    client = anthropic.Anthropic(
        api_key=key,
        base_url=base_url or os.environ.get("ANTHROPIC_BASE_URL"),
        max_retries=1,
        timeout=300,
    )
    try:
        message = client.messages.create(
            model=_model(),
            max_tokens=4096,
            system=system,
            messages=[{"role": "user", "content": user}],
        )
    except anthropic.APIError as exc:
        raise HooklabError(
            f"the Anthropic API refused the review: {str(exc).splitlines()[0][:200]}"
        ) from None
    return "".join(getattr(block, "text", "") for block in message.content)


def ask_claude_cli(system: str, user: str) -> str:
    claude = shutil.which("claude")
    if claude is None:
        raise HooklabError(
            "the `claude` CLI is not on PATH; install Claude Code or choose another backend"
        )
    try:
        proc = subprocess.run(
            [
                claude,
                "-p",
                "--output-format",
                "text",
                "--append-system-prompt",
                system,
                "Review the package listed on standard input.",
            ],
            input=user,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise HooklabError("`claude -p` did not answer within 10 minutes") from None
    if proc.returncode != 0:
        last = last_line(proc.stderr)
        raise HooklabError(f"`claude -p` failed: {last[:200]}")
    return proc.stdout


def ask_openai_compatible(url: str, system: str, user: str) -> str:
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/chat/completions"):
        endpoint += "/chat/completions"
    headers = {}
    if os.environ.get("OPENAI_API_KEY"):
        headers["Authorization"] = f"Bearer {os.environ['OPENAI_API_KEY']}"
    body = {
        "model": os.environ.get("HOOKLAB_LLM_MODEL", "local-model"),
        "temperature": 0,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
    }
    try:
        resp = httpx.post(endpoint, json=body, headers=headers, timeout=600, trust_env=False)
        resp.raise_for_status()
        return resp.json()["choices"][0]["message"]["content"]
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise HooklabError(f"the model server at {url} did not answer: {str(exc)[:200]}") from None


def pick_backend(name: str) -> str:
    if name != "auto":
        return name
    if os.environ.get("ANTHROPIC_API_KEY"):
        return "anthropic"
    if shutil.which("claude"):
        return "claude"
    raise HooklabError("no LLM backend: set ANTHROPIC_API_KEY, install `claude`, or pass a URL")


def ask(backend: str, system: str, user: str) -> str:
    if backend == "anthropic":
        return ask_anthropic(system, user)
    if backend == "claude":
        return ask_claude_cli(system, user)
    if backend.startswith(("http://", "https://")):
        return ask_openai_compatible(backend, system, user)
    raise HooklabError(f"unknown --llm backend {backend!r}; use anthropic, claude, auto or a URL")


def llm_review(path: str | Path, backend: str = "auto", budget: int = DEFAULT_BUDGET) -> Report:
    """Ask a model the six questions about the package at `path` and parse its answer."""
    chosen = pick_backend(backend)
    pkg = Package(read_tree(path))
    counts: dict[str, int] = {}
    for _, f in review_package(pkg).findings:
        counts[f.file] = counts.get(f.file, 0) + 1
    packed = pack_files(pkg, budget, counts)
    answer = ask(chosen, SYSTEM_PROMPT, user_message(str(path), packed))
    method = "llm:" + ("openai-compatible" if chosen.startswith("http") else chosen)
    report = parse_answer(answer, str(path), method)
    report.files_reviewed = len(packed.included)
    if packed.omitted:
        report.notes.append(f"{len(packed.omitted)} files left out to fit {budget} tokens")
    return report
