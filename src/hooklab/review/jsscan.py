"""JavaScript and shell source -> actions, line by line with patterns (nothing is run)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from hooklab.review import actions as A
from hooklab.review.actions import Action, trim

_IMPORT_RE = re.compile(
    r"""require\(\s*['"]([^'"]+)['"]\s*\)|\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]"""
)
_DESTRUCTURE_RE = re.compile(
    r"""(?:const|let|var)\s*\{([^}]*)\}\s*=\s*(?:require\(\s*['"](?:node:)?(\w+)['"]\s*\)|(process))"""
)
_IMPORT_NAMES_RE = re.compile(r"""import\s*\{([^}]*)\}\s*from\s*['"](?:node:)?(\w+)['"]""")
_ENV_ALIAS_RE = re.compile(r"(?:const|let|var)\s+(\w+)\s*=\s*process\.env\s*[;,\n]")
_ENV_NAME_RE = re.compile(r"""process\.env(?:\.(\w+)|\[\s*['"](\w+)['"]\s*\])""")
# the environment turned into text (a report, a log line) vs. its names listed or copied
_ENV_DUMP_RE = re.compile(
    r"(JSON\.stringify|console\.\w+|util\.inspect)\(\s*process\.env\s*[),]"
    r"|`\$\{process\.env\}`|:\s*process\.env\s*(?:[,}]|$)"  # { report: process.env }
)
_ENV_LIST_RE = re.compile(
    r"Object\.(?:entries|keys|values|assign\(\{\},?)\(\s*process\.env\s*[),]|\bin\s+process\.env\b"
)
_QUOTE_RE = re.compile(r"['\"`]")
_STRING_BODY = {
    "'": re.compile(r"((?:[^'\\]|\\.)*+)'"),
    '"': re.compile(r'((?:[^"\\]|\\.)*+)"'),
    "`": re.compile(r"([^`]*+)`"),
}
_COMMENT_RE = re.compile(r"/\*|(?<![:'\"\\])//")
_FILE_WRITE_RE = re.compile(
    r"\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|copyFileSync|rmSync"
    r"|unlinkSync|chmodSync|mkdirSync)\s*\("
)
_FILE_READ_RE = re.compile(r"\b(readFileSync|readFile|createReadStream|readdirSync)\s*\(")
_NET_RE = re.compile(
    r"\b(?:https?\.(?:request|get)|fetch|axios(?:\.\w+)?|net\.(?:connect|createConnection)"
    r"|tls\.connect|dgram\.createSocket|new\s+WebSocket|XMLHttpRequest|dns\.(?:lookup|resolve\w*))\s*\("
)
_EXEC_RE = re.compile(r"\b(execSync|execFileSync|spawnSync|exec|execFile|spawn|fork)\s*\(")
_INLINE_FLAG = re.compile(r"""['"]-(e|c|-eval)['"]""")  # node -e / sh -c: code on the command line
# `page.$eval(...)`, `redis.eval(...)`: methods named eval are not the global eval
_EVAL_RE = re.compile(
    r"(?<![\w$.])eval\s*\(|\(\s*0\s*,\s*eval\s*\)\s*\(|\bnew\s+Function\s*\("
    r"|\bvm\.run\w*\s*\(|runInNewContext\s*\("
)
_DECODE_RE = re.compile(
    r"""Buffer\.from\([^)]*['"](?:base64|hex)['"]|\batob\s*\(|String\.fromCharCode\s*\("""
    r"""|\bunescape\s*\(|decodeURIComponent\s*\(\s*['"]%"""
)
_DECODED_VAR_RE = re.compile(r"(?:const|let|var)\s+(\w+)\s*=")
_DECODED_ASSIGN_RE = re.compile(
    r"(?:const|let|var)\s+([\w$]{2,})\s*=\s*[^;=]{0,80}?(?:" + _DECODE_RE.pattern + ")"
)
# code run by eval/Function or a child_process call (not RegExp.prototype.exec: `/x/.exec(s)`)
_RUNS_RE = re.compile(
    r"(?<![\w$.])(?:eval|Function|execSync|exec|execFile\w*|spawn\w*)\s*\("
    r"|\(\s*0\s*,\s*eval\s*\)\s*\(|\bnew\s+Function\s*\(|\b(?:child_process|cp)\.(?:exec|spawn)\w*\s*\("
)
_RUN_WINDOW = 200  # characters after the call that may hold its argument
# eval or Function kept under another name: `e = eval`, `e = (0, eval)`, `global['eval']`
# (an indirect eval called on the spot, `(0, eval)(src)`, is plain eval: bundled parsers use it)
_EVAL_ALIAS_RE = re.compile(
    r"=\s*eval\s*[;,)\n]|=\s*eval\s*$|=\s*\(\s*0\s*,\s*eval\s*\)(?!\s*\()"
    r"""|\b(?:global|globalThis|window|self)\s*\[\s*['"`](?:ev|Func)"""
    r"|\bconstructor\.constructor\s*\("
)
_DNS_CALL_RE = re.compile(
    r"\bdns\.(?:promises\.)?(?:lookup|resolve\w*)\s*\(\s*(?:`[^`]*\$\{|\w+\s*\+)"
)
# a property `env: process.env` in the options of a child process is its environment, not a dump
_CHILD_RE = re.compile(
    r"\b(?:spawn|spawnSync|exec|execSync|execFile|execFileSync|fork|execa\w*|Worker)\s*\("
    r"|StdioClientTransport|child_process"
)
_CHILD_ENV_RE = re.compile(r"\benv\s*:\s*process\.env\s*(?:[,}]|$)")
_STDOUT_RE = re.compile(r"\bconsole\.(log|info|table|dir)\s*\(|process\.stdout\.write\s*\(")
_LISTEN_RE = re.compile(r"\.listen\s*\(([^)]*)\)?")
_SAFETY_RE = re.compile(r"""process\.env\.(\w+)\s*===?\s*['"](true|1|yes)['"]""")
_MASK_RE = re.compile(r"MASK_SECRETS|maskSecrets|redact", re.IGNORECASE)
_NET_MODULES = {"http", "https", "net", "tls", "dgram", "undici", "axios"}

_SH_RULES = [
    (
        re.compile(r"\b(curl|wget|nc|ncat|scp|rsync)\b|\b(iwr|Invoke-WebRequest)\b|DownloadString"),
        A.NETWORK,
    ),
    (re.compile(r">>?\s*[^\s&|;>]+|\bcrontab\b|\btee\b"), A.FILE_WRITE),
    (A.HIDDEN_SHELL_RE, A.ENCODED_EXEC),
    (
        re.compile(r"\bbase64\s+(-d|--decode)\b.*\|\s*(ba)?sh\b"),
        A.ENCODED_EXEC,
    ),
    (A.DNS_SHELL_RE, A.DNS_EXFIL),
    (A.SECRET_STORE_RE, A.SECRET_STORE),
    (re.compile(r"\|\s*(ba)?sh\b|\bbash\s+-c\b|\bsh\s+-c\b|\beval\b"), A.EVAL),
    (re.compile(r"\bbase64\s+(-d|--decode)\b|\b(iex|Invoke-Expression)\b"), A.EVAL),
    (re.compile(r"\bsudo\b|\bchmod\s+[0-7]*7[0-7]*\b|\bchown\b"), A.EXEC),
]


def _strip_comment(line: str, in_block: bool) -> tuple[str, bool]:
    """The code part of a line, tracking /* ... */ blocks (a rough cut: good enough for review)."""
    parts: list[str] = []
    pos = 0
    while True:
        if in_block:
            end = line.find("*/", pos)
            if end < 0:
                return "".join(parts), True
            pos, in_block = end + 2, False
        m = _COMMENT_RE.search(line, pos)
        if m is None:
            parts.append(line[pos:])
            return "".join(parts), False
        parts.append(line[pos : m.start()])
        if m.group() == "//":
            return "".join(parts), False
        pos, in_block = m.end(), True


def _strings(code: str) -> Iterator[str]:
    """The string literals in a line of code, left to right, in one pass.

    A regex tried at every quote would rescan a hostile line (thousands of open quotes) once per
    quote. Here a quote kind left open to the end of the line is dropped: no later quote of that
    kind can close either, as the scan from it would follow the same escapes.
    """
    live, pos = set(_STRING_BODY), 0
    while live and (m := _QUOTE_RE.search(code, pos)):
        pos = m.end()
        if m.group() not in live:
            continue
        if (body := _STRING_BODY[m.group()].match(code, pos)) is None:
            live.discard(m.group())
            continue
        yield body.group(1)
        pos = body.end()


def js_imports(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _IMPORT_RE.finditer(text)]


def scan_js(text: str) -> tuple[list[Action], list[str]]:
    """The actions in one JavaScript file and the module specifiers it requires or imports."""
    found: list[Action] = []
    net_names: set[str] = set()
    exec_ok = "child_process" in text
    env_aliases = set(_ENV_ALIAS_RE.findall(text))
    for m in _DESTRUCTURE_RE.finditer(text):
        names = {n.split(":")[-1].strip() for n in m.group(1).split(",") if n.strip()}
        if m.group(2) in _NET_MODULES:
            net_names |= names
        if m.group(3) and "env" in names:
            env_aliases.add("env")
    for m in _IMPORT_NAMES_RE.finditer(text):
        if m.group(2) in _NET_MODULES:
            net_names |= {n.split(" as ")[-1].strip() for n in m.group(1).split(",") if n.strip()}
    alias_re = (
        re.compile(r"\b(?:{})\.(\w+)".format("|".join(map(re.escape, sorted(env_aliases)))))
        if env_aliases
        else None
    )
    net_call_re = (
        re.compile(r"(?<![.\w])(?:{})\s*\(".format("|".join(map(re.escape, sorted(net_names)))))
        if net_names
        else None
    )
    in_block = False
    recent: deque[str] = deque(maxlen=6)  # the code lines just above (a call's options object)
    decoded: set[str] = set()  # names holding a decoded string
    eval_names: set[str] = set()  # names bound to eval (`const e = (0, eval)`)
    alias_call: re.Pattern[str] | None = None  # a call to one of them
    for n, raw in enumerate(text.splitlines(), 1):
        code, in_block = _strip_comment(raw, in_block)
        if not code.strip():
            continue
        recent.append(code)
        ev = trim(raw)

        def add(kind: str, detail: str = "", n: int = n, ev: str = ev) -> None:
            found.append(Action(kind, n, ev, detail))

        for m in _ENV_NAME_RE.finditer(code):
            add(A.ENV_READ, m.group(1) or m.group(2))
        if alias_re:
            for m in alias_re.finditer(code):
                add(A.ENV_READ, m.group(1))
        if _ENV_DUMP_RE.search(code) and not (
            _CHILD_ENV_RE.search(code) and any(_CHILD_RE.search(c) for c in recent)
        ):
            add(A.ENV_DUMP, A.SERIALISED)
        elif _ENV_LIST_RE.search(code):
            add(A.ENV_DUMP, A.LISTED)
        for value in _strings(code):
            if len(value) < 200 and A.SECRET_PATH_RE.search(A.without_hosts(value)):
                add(A.SECRET_PATH, value)
            if len(value) < 200 and A.SECRET_STORE_RE.search(value):
                add(A.SECRET_STORE, value)
            if value in A.ALL_INTERFACES and A.LISTEN_CONTEXT_RE.search(code):
                add(A.LISTEN_ALL, value)
            for um in A.URL_RE.finditer(value):
                add(A.URL, A.url_host(um))
        if _FILE_WRITE_RE.search(code):
            add(A.FILE_WRITE)
        if _FILE_READ_RE.search(code):
            add(A.FILE_READ)
        if _NET_RE.search(code) or (net_call_re and net_call_re.search(code)):
            add(A.NETWORK)
        if exec_ok and (call := _EXEC_RE.search(code)):
            inline = call.group(1) in {"exec", "execSync"} or _INLINE_FLAG.search(code)
            add(A.EXEC, "shell" if inline else call.group(1))
        if _EVAL_ALIAS_RE.search(code):
            add(A.EXEC_ALIAS)
            if var := _DECODED_VAR_RE.search(code):
                eval_names.add(var.group(1))
                alias_call = re.compile(r"\b(?:{})\s*\(".format("|".join(sorted(eval_names))))
        if _EVAL_RE.search(code) or (alias_call and alias_call.search(code)):
            add(A.EVAL)
        decoded.update(m.group(1) for m in _DECODED_ASSIGN_RE.finditer(code))
        if runs := _RUNS_RE.search(code) or (alias_call and alias_call.search(code)):
            after = code[runs.start() : runs.start() + _RUN_WINDOW]
            if (
                _DECODE_RE.search(after)
                or A.HIDDEN_SHELL_RE.search(code)
                or any(re.search(rf"\b{re.escape(v)}\b", after) for v in decoded)
            ):
                add(A.ENCODED_EXEC)
            if A.DNS_SHELL_RE.search(code):
                add(A.DNS_EXFIL, "shell")
        if _DNS_CALL_RE.search(code):
            add(A.DNS_EXFIL, "dns")
        if "dgram" in code and ".send(" in code:
            add(A.DNS_EXFIL, "datagram")
        if _STDOUT_RE.search(code):
            add(A.STDOUT)
        if (listen := _LISTEN_RE.search(code)) and listen.group(1).strip():
            args = [a.strip() for a in listen.group(1).split(",")]
            if len(args) == 1 or args[1].startswith(("(", "function", "async")) or "=>" in args[1]:
                add(A.LISTEN_DEFAULT)
            else:
                add(A.LISTEN, args[1])
        if safety := _SAFETY_RE.search(code):
            if A.SAFETY_FLAG_RE.search(safety.group(1)):
                add(A.SAFETY_OPT_IN, safety.group(1))
        if _MASK_RE.search(code):
            add(A.MASKING)
    return found, js_imports(text)


def scan_shell(text: str) -> list[Action]:
    """Actions in a shell script or an npm script command line."""
    found = []
    for n, raw in enumerate(text.splitlines(), 1):
        code = raw.split("#", 1)[0] if not raw.lstrip().startswith("#!") else ""
        for pattern, kind in _SH_RULES:
            if pattern.search(code):
                found.append(Action(kind, n, trim(raw)))
        for m in A.URL_RE.finditer(code):
            found.append(Action(A.URL, n, trim(raw), A.url_host(m)))
        if A.SECRET_PATH_RE.search(A.without_hosts(code)):
            found.append(Action(A.SECRET_PATH, n, trim(raw)))
    return found
