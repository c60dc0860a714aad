"""The LLM path: the kit's own six-category prompt (one file a language, in `prompts/`), the
package's files packed within a token budget, one of three backends, and the answer parsed into
the same Report as the rules give.

Every answer a live backend gives is kept raw as a `Recording` (model, date, the prompt's sha256);
`replay()` reads one back through the same parser, so a notebook can show a real answer where no
model is reachable, and says so plainly where there is none.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

import httpx

from hooklab.errors import HooklabError
from hooklab.lang import both, current_lang
from hooklab.paths import work_dir
from hooklab.review.archive import read_tree
from hooklab.review.engine import review_package
from hooklab.review.package import Package
from hooklab.review.report import CATEGORIES, Report
from hooklab.safetext import shown
from hooklab.tools import last_line

if TYPE_CHECKING:  # the table view only
    import pandas as pd


Lang = Literal["en", "ko"]
DEFAULT_MODEL = "claude-sonnet-4-6"
DEFAULT_BUDGET = 60_000  # tokens of source put in front of the model
CHARS_PER_TOKEN = 3  # code tokenises densely; err on the small side
PROMPTS = Path(__file__).with_name("prompts")
RECORDINGS = Path(__file__).with_name("recordings")  # answers shipped with the kit
_MAX_RECORDING = 1_000_000  # bytes: a recording is one answer, not a package


def prompt_file(lang: Lang | None = None) -> Path:
    """The kit's review prompt in `lang` (the kit's language by default): the file a reader
    pastes and the live path sends."""
    lang = lang or current_lang()
    if lang not in get_args(Lang):
        raise HooklabError(
            both(
                f"{lang!r} 언어의 리뷰 프롬프트는 없습니다. en이나 ko를 쓰세요",
                f"no review prompt in {lang!r}; use en or ko",
            )
        )
    return PROMPTS / f"review.{lang}.md"


def system_prompt(lang: Lang = "en") -> str:
    return prompt_file(lang).read_text(encoding="utf-8")


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


def _stem(target: str) -> str:
    """A file-name-safe stem for what was reviewed (the name comes from the user's path)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", Path(target).name)[:120] or "package"


@dataclass(frozen=True)
class Prompt:
    """What the model is asked: the kit's prompt file, then the package's packed files."""

    target: str  # the reviewed file's name
    lang: Lang
    system: str
    user: str
    included: tuple[str, ...]
    omitted: tuple[str, ...]

    @property
    def text(self) -> str:
        """The whole question as one text: paste it into a chat or pipe it into `claude -p`."""
        return f"{self.system}\n\n{self.user}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def write(self, folder: Path | None = None) -> Path:
        """`<work>/llm/NAME.LANG.prompt.md`, ready for `claude -p < that file`."""
        folder = folder or work_dir() / "llm"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_stem(self.target)}.{self.lang}.prompt.md"
        path.unlink(missing_ok=True)  # never write through a link left in its place
        path.write_text(self.text, encoding="utf-8")
        return path


def build_prompt(
    path: str | Path, lang: Lang | None = None, budget: int = DEFAULT_BUDGET
) -> Prompt:
    """The prompt for the package at `path` in `lang` (the kit's language by default), packed
    the way the prompt file explains."""
    lang = lang or current_lang()
    pkg = Package(read_tree(path))
    counts: dict[str, int] = {}
    for _, f in review_package(pkg).findings:
        counts[f.file] = counts.get(f.file, 0) + 1
    packed = pack_files(pkg, budget, counts)
    name = Path(path).name
    return Prompt(
        name,
        lang,
        system_prompt(lang),
        user_message(name, packed),
        tuple(packed.included),
        tuple(packed.omitted),
    )


def parse_answer(text: str, target: str, method: str) -> Report:
    """The model's JSON (bare or in a code fence) as a Report; a clear error when it is not."""
    cleaned = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip(), flags=re.MULTILINE)
    start, end = cleaned.find("{"), cleaned.rfind("}")
    try:
        data = json.loads(cleaned[start : end + 1]) if start >= 0 < end else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        first = shown(" ".join(text.split()[:8]))
        raise HooklabError(
            both(
                f"모델의 답({method})이 JSON 보고서가 아닙니다. 첫 낱말들: {first!r}",
                f"the model's answer ({method}) is not the JSON report; first words: {first!r}",
            )
        )
    report = Report.from_dict(data, target, method)
    missing = [c.id for c in report.categories if c.level_override is None and not c.findings]
    if len(missing) == len(CATEGORIES):
        raise HooklabError(
            both(
                f"모델의 답({method})이 여섯 범주 중 어느 것도 평가하지 않았습니다",
                f"the model's answer ({method}) rated none of the six categories",
            )
        )
    report.notes += [f"the model did not rate {cid}" for cid in missing]
    return report


# recordings --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recording:
    """One model answer kept as the model wrote it, with what it answered and who answered."""

    package: str  # the reviewed file's name
    model: str
    date: str  # YYYY-MM-DD, UTC
    backend: str  # anthropic | claude | openai-compatible
    lang: Lang
    prompt_sha256: str  # of Prompt.text: which question this answers
    answer: str  # raw
    note: str = ""

    def save(self, folder: Path | None = None) -> Path:
        folder = folder or work_dir() / "llm" / "recordings"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_stem(self.package)}.{self.lang}.json"
        path.unlink(missing_ok=True)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> Recording:
        """Read a recording file; anything that is not one is a one-line error."""
        try:
            if path.stat().st_size > _MAX_RECORDING:
                raise HooklabError(
                    both(
                        f"{shown(path.name)}은(는) 기록된 답 하나라기에는 너무 큽니다",
                        f"{shown(path.name)} is too large to be one recorded answer",
                    )
                )
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HooklabError(
                both(
                    f"기록 {shown(path.name)}을(를) 읽을 수 없습니다: {exc}",
                    f"cannot read the recording {shown(path.name)}: {exc}",
                )
            ) from None
        fields = ("package", "model", "date", "backend", "lang", "prompt_sha256", "answer")
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in fields):
            need = ", ".join(fields)
            raise HooklabError(
                both(
                    f"{shown(path.name)}은(는) 기록 파일이 아닙니다 ({need})",
                    f"{shown(path.name)} is not a recording ({need})",
                )
            )
        if data["lang"] not in get_args(Lang) or not re.fullmatch(
            r"[0-9a-f]{64}", data["prompt_sha256"]
        ):
            raise HooklabError(
                both(
                    f"{shown(path.name)}의 언어나 다이제스트를 알 수 없습니다",
                    f"{shown(path.name)} has an unknown language or digest",
                )
            )
        note = data.get("note", "")
        return cls(
            data["package"],
            data["model"],
            data["date"],
            data["backend"],
            data["lang"],
            data["prompt_sha256"],
            data["answer"],
            note if isinstance(note, str) else "",
        )

    def label(self) -> str:
        return f"{shown(self.model)}, {shown(self.date)} ({shown(self.backend)})"


def recording_folders() -> list[Path]:
    """Where recordings are looked for: the reader's own runs first, then the kit's."""
    return [work_dir() / "llm" / "recordings", RECORDINGS]


def find_recording(path: str | Path, lang: Lang | None = None) -> Recording | None:
    """The recorded answer for the package at `path`, preferring `lang` (the kit's language by
    default); None when none exists."""
    lang = lang or current_lang()
    stem = _stem(str(path))
    langs = (lang, *(other for other in get_args(Lang) if other != lang))
    for folder in recording_folders():
        for each in langs:
            candidate = folder / f"{stem}.{each}.json"
            if candidate.is_file():
                return Recording.load(candidate)
    return None


def replay(recording: Recording, prompt: Prompt | None = None) -> Report:
    """A recorded answer through the same parser as a live one, labelled as a recording."""
    report = parse_answer(recording.answer, recording.package, "llm:recorded")
    report.notes.insert(0, f"a recorded answer: {recording.label()}")
    if prompt is not None and prompt.sha256 != recording.prompt_sha256:
        report.notes.append(
            "recorded for another prompt or package content "
            f"(sha256 {recording.prompt_sha256[:12]}…, now {prompt.sha256[:12]}…)"
        )
    return report


# backends ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    text: str
    model: str


def _model() -> str:
    return os.environ.get("HOOKLAB_LLM_MODEL", DEFAULT_MODEL)


def ask_anthropic(system: str, user: str, base_url: str | None = None) -> Answer:
    try:
        import anthropic
    except ImportError:
        raise HooklabError(
            both(
                "anthropic 패키지가 설치되어 있지 않습니다. pip install 'hooklab[llm]'을"
                " 실행하세요",
                "the anthropic package is not installed; pip install 'hooklab[llm]'",
            )
        ) from None

    key = os.environ.get("ANTHROPIC_API_KEY")
    if not key:
        raise HooklabError(
            both(
                "ANTHROPIC_API_KEY가 설정되어 있지 않습니다. 설정하거나 다른 --llm 백엔드를"
                " 고르세요",
                "ANTHROPIC_API_KEY is not set; set it or choose another --llm backend",
            )
        )
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
        said = str(exc).splitlines()[0][:200]
        raise HooklabError(
            both(
                f"Anthropic API가 리뷰를 거절했습니다: {said}",
                f"the Anthropic API refused the review: {said}",
            )
        ) from None
    text = "".join(getattr(block, "text", "") for block in message.content)
    return Answer(text, str(message.model))


def ask_claude_cli(system: str, user: str) -> Answer:
    claude = shutil.which("claude")
    if claude is None:
        raise HooklabError(
            both(
                "`claude` CLI가 PATH에 없습니다. Claude Code를 설치하거나 다른 백엔드를 고르세요",
                "the `claude` CLI is not on PATH; install Claude Code or choose another backend",
            )
        )
    model = os.environ.get("HOOKLAB_LLM_MODEL")
    argv = [claude, "-p", "--output-format", "text", "--append-system-prompt", system]
    if model:
        argv += ["--model", model]
    try:
        proc = subprocess.run(
            [*argv, "Review the package listed on standard input."],
            input=user,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise HooklabError(
            both(
                "`claude -p`가 10분 안에 답하지 않았습니다",
                "`claude -p` did not answer within 10 minutes",
            )
        ) from None
    if proc.returncode != 0:
        last = last_line(proc.stderr)
        raise HooklabError(
            both(
                f"`claude -p`가 실패했습니다: {shown(last[:200])}",
                f"`claude -p` failed: {shown(last[:200])}",
            )
        )
    return Answer(proc.stdout, model or "claude -p (the CLI's default model)")


def ask_openai_compatible(url: str, system: str, user: str) -> Answer:
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/chat/completions"):
        endpoint += "/chat/completions"
    headers = {}
    if os.environ.get("OPENAI_API_KEY"):
        headers["Authorization"] = f"Bearer {os.environ['OPENAI_API_KEY']}"
    asked = os.environ.get("HOOKLAB_LLM_MODEL", "local-model")
    body = {
        "model": asked,
        "temperature": 0,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
    }
    try:
        resp = httpx.post(endpoint, json=body, headers=headers, timeout=600, trust_env=False)
        resp.raise_for_status()
        data = resp.json()
        text = data["choices"][0]["message"]["content"]
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        why = shown(str(exc)[:200])
        raise HooklabError(
            both(
                f"{shown(url)}의 모델 서버가 답하지 않았습니다: {why}",
                f"the model server at {shown(url)} did not answer: {why}",
            )
        ) from None
    if not isinstance(text, str):
        raise HooklabError(
            both(
                f"{shown(url)}의 모델 서버가 글 없이 답했습니다",
                f"the model server at {shown(url)} answered without text",
            )
        )
    said = data.get("model") if isinstance(data, dict) else None
    return Answer(text, said if isinstance(said, str) and said else asked)


def available_backend() -> str | None:
    """The backend `auto` would use here: a key, the `claude` CLI, or `HOOKLAB_LLM_URL`."""
    if os.environ.get("ANTHROPIC_API_KEY"):
        return "anthropic"
    if shutil.which("claude"):
        return "claude"
    url = os.environ.get("HOOKLAB_LLM_URL", "")
    return url if url.startswith(("http://", "https://")) else None


def pick_backend(name: str) -> str:
    """`name` checked before any file is read, or the backend `auto` finds here."""
    if name in ("anthropic", "claude") or name.startswith(("http://", "https://")):
        return name
    if name != "auto":
        raise HooklabError(
            both(
                f"알 수 없는 --llm 백엔드 {shown(name)!r}입니다. anthropic, claude, auto나 URL을"
                " 쓰세요",
                f"unknown --llm backend {shown(name)!r}; use anthropic, claude, auto or a URL",
            )
        )
    found = available_backend()
    if found is None:
        raise HooklabError(
            both(
                "LLM 백엔드가 없습니다. ANTHROPIC_API_KEY를 설정하거나, `claude`를 설치하거나,"
                " HOOKLAB_LLM_URL을 설정하세요 (URL을 넘겨도 됩니다)",
                "no LLM backend: set ANTHROPIC_API_KEY, install `claude`, "
                "or set HOOKLAB_LLM_URL (or pass a URL)",
            )
        )
    return found


def ask(backend: str, system: str, user: str) -> Answer:
    """Send the question to a backend `pick_backend` accepted."""
    if backend == "anthropic":
        return ask_anthropic(system, user)
    if backend == "claude":
        return ask_claude_cli(system, user)
    return ask_openai_compatible(backend, system, user)


def llm_review(
    path: str | Path,
    backend: str = "auto",
    budget: int = DEFAULT_BUDGET,
    lang: Lang | None = None,
    record: bool = True,
) -> Report:
    """Ask a model the six questions about the package at `path` and parse its answer, asking
    for the summary in `lang` (by default the kit's language).

    The raw answer is kept first (`<work>/llm/recordings/`), so even an answer the parser
    refuses can be read and replayed later.
    """
    lang = lang or current_lang()
    chosen = pick_backend(backend)
    prompt = build_prompt(path, lang, budget)
    answer = ask(chosen, prompt.system, prompt.user)
    kind = "openai-compatible" if chosen.startswith("http") else chosen
    if record:
        Recording(
            prompt.target,
            answer.model,
            datetime.datetime.now(datetime.UTC).date().isoformat(),
            kind,
            lang,
            prompt.sha256,
            answer.text,
        ).save()
    report = parse_answer(answer.text, str(path), f"llm:{kind}")
    report.notes.insert(0, f"model: {shown(answer.model)}")
    report.files_reviewed = len(prompt.included)
    if prompt.omitted:
        report.notes.append(f"{len(prompt.omitted)} files left out to fit {budget} tokens")
    return report


def three_verdicts(rules: Report, model: Report | None, evidence: int = 2) -> pd.DataFrame:
    """The case study's levels from the book, the rules and the model, with each side's
    strongest evidence lines (`file:line`) and which of the three disagree."""
    import pandas as pd

    from hooklab.review.casestudy import CHAPTER_VERDICTS
    from hooklab.review.report import rank, topic
    from hooklab.show.tables import as_table

    def where(report: Report | None, cid: str) -> str:
        if report is None:
            return "-"
        top = sorted(report.category(cid).findings, key=lambda f: -rank(f.level))[:evidence]
        return ", ".join(f"{shown(f.file)}:{f.line}" for f in top) or "-"

    rows = []
    for cid in CATEGORIES:
        levels = {"book": CHAPTER_VERDICTS[cid], "rules": rules.level(cid)}
        if model is not None:
            levels["model"] = model.level(cid)
        names = list(levels)
        differs = [
            f"{a}≠{b}"
            for i, a in enumerate(names)
            for b in names[i + 1 :]
            if levels[a] != levels[b]
        ]
        rows.append(
            {
                "category": cid,
                "topic": topic(cid),
                "book": levels["book"],
                "rules": levels["rules"],
                "model": levels.get("model", "recording missing"),
                "differs": " ".join(differs) or "-",
                "rules evidence": where(rules, cid),
                "model evidence": where(model, cid),
            }
        )
    return as_table(pd.DataFrame(rows))
