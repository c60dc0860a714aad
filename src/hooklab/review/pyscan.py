"""Python source -> actions, by reading its syntax tree (the code is parsed, never run)."""

from __future__ import annotations

import ast
import re
from itertools import islice

from hooklab.review import actions as A
from hooklab.review.actions import Action, trim

NETWORK_MODULES = frozenset({"http", "urllib", "requests", "httpx", "socket", "aiohttp", "urllib3"})

_NET_PREFIXES = (
    "http.client.",
    "urllib.request.",
    "urllib3.",
    "requests.",
    "httpx.",
    "aiohttp.",
    "socket.create_connection",
    "ftplib.",
    "smtplib.",
    "telnetlib.",
    "xmlrpc.client.",
)
_NET_METHODS = {"request", "urlopen", "sendall", "send", "connect", "post", "put"}
_EXEC = (
    "subprocess.",
    "os.system",
    "os.popen",
    "os.exec",
    "os.spawn",
    "os.posix_spawn",
    "pty.spawn",
    "asyncio.create_subprocess_",
    "commands.getoutput",
)
_EVAL = {"eval", "exec", "compile", "__import__", "marshal.loads", "builtins.exec", "builtins.eval"}
_ENV = "os.environ"
_BUILTINS = {"builtins", "__builtins__"}
_EVAL_NAMES = {"exec", "eval", "compile", "__import__"}
# calls that turn an innocent-looking literal into code: base64, hex, compression, char codes
_DECODERS = {
    "b64decode",
    "b32decode",
    "b16decode",
    "a85decode",
    "b85decode",
    "urlsafe_b64decode",
    "fromhex",
    "unhexlify",
    "decompress",
    "chr",
    "codecs.decode",
    "marshal.loads",
}
_SERIALISE_CALLS = {"print", "str", "repr", "json.dumps", "pprint.pprint"}
_DUMP_CALLS = _SERIALISE_CALLS | {"dict", "list", "sorted"}


def _dotted(node: ast.AST, aliases: dict[str, str]) -> str:
    """`sp.run` -> `subprocess.run` using the file's import aliases; '' when not a name chain."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _const_str(node: ast.AST) -> str | None:
    """The text of a string spelled as a constant or a sum of constants ('ex' + 'ec')."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _const_str(node.left), _const_str(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _is_tool_decorator(dec: ast.expr) -> bool:
    target = dec.func if isinstance(dec, ast.Call) else dec
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "tool"


class _Visitor(ast.NodeVisitor):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.aliases: dict[str, str] = {}
        self.found: list[Action] = []
        self.imports: list[tuple[str, int]] = []  # (module, relative level)
        self.depth = 0
        self.tool = ""
        self.uses_network = False
        self.eval_aliases: set[str] = set()  # names bound to exec/eval (`run = exec`)
        self.decoded: set[str] = set()  # names bound to a decoded payload
        self.child_env: set[int] = set()  # ids of `env=` values of calls (a child's environment)

    def add(self, kind: str, node: ast.AST, detail: str = "") -> None:
        line = getattr(node, "lineno", 1)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        self.found.append(
            Action(kind, line, trim(text), detail, toplevel=self.depth == 0, tool=self.tool)
        )

    # imports and aliases
    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self.aliases[(a.asname or a.name).split(".")[0]] = (
                a.name if a.asname else a.name.split(".")[0]
            )
            self.imports.append((a.name, 0))
            self.uses_network |= a.name.split(".")[0] in NETWORK_MODULES

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod = node.module or ""
        for a in node.names:
            self.aliases[a.asname or a.name] = f"{mod}.{a.name}" if mod else a.name
            if node.level or not mod:
                self.imports.append((f"{mod}.{a.name}" if mod else a.name, node.level))
        if mod:
            self.imports.append((mod, node.level))
        self.uses_network |= mod.split(".")[0] in NETWORK_MODULES

    def visit_Assign(self, node: ast.Assign) -> None:
        name = _dotted(node.value, self.aliases)
        target = node.targets[0].id if isinstance(node.targets[0], ast.Name) else ""
        if name == _ENV and len(node.targets) == 1 and target:
            self.aliases[target] = _ENV
        if target and (name in _EVAL or self._builtin_getattr(node.value)):
            self.eval_aliases.add(target)  # its calls are eval/exec calls
            if name in _EVAL:
                self.add(A.EXEC_ALIAS, node, f"{target} = {name}")
        if target and self._decodes(node.value):
            self.decoded.add(target)
        self.generic_visit(node)

    def _builtin_getattr(self, node: ast.AST) -> bool:
        """`getattr(builtins, 'ex' + 'ec')`: exec or eval by a name spelled in pieces."""
        return (
            isinstance(node, ast.Call)
            and _dotted(node.func, self.aliases) == "getattr"
            and len(node.args) > 1
            and _dotted(node.args[0], self.aliases) in _BUILTINS
            and _const_str(node.args[1]) in _EVAL_NAMES
        )

    def _decodes(self, node: ast.AST) -> bool:
        """Whether the expression decodes something (base64, hex, char codes) or uses a name
        that holds a decoded value."""
        for sub in islice(ast.walk(node), 200):
            if isinstance(sub, ast.Call):
                name = _dotted(sub.func, self.aliases)
                if name in _DECODERS or name.rpartition(".")[2] in _DECODERS:
                    return True
            elif isinstance(sub, ast.Name) and (sub.id in self.decoded or sub.id == "chr"):
                return True  # a decoded value, or chr handed to map()
        return False

    # scopes
    def _scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        outer = self.tool
        if not isinstance(node, ast.Lambda) and any(map(_is_tool_decorator, node.decorator_list)):
            self.tool = node.name
        if not isinstance(node, ast.Lambda):
            for dec in node.decorator_list:
                self.visit(dec)
        self.depth += 1
        body = node.body if isinstance(node.body, list) else [node.body]
        for stmt in body:
            self.visit(stmt)
        self.depth -= 1
        self.tool = outer

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _scope

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a bare string: prose, not a path
        self.generic_visit(node)

    # environment
    def visit_Subscript(self, node: ast.Subscript) -> None:
        base = _dotted(node.value, self.aliases)
        if base.split(".")[0] in _BUILTINS and _const_str(node.slice) in _EVAL_NAMES:
            self.add(A.EXEC_ALIAS, node, base)  # __builtins__['exec'], __builtins__.__dict__[...]
        if base == _ENV and isinstance(node.ctx, ast.Load):
            key = node.slice.value if isinstance(node.slice, ast.Constant) else "?"
            self.add(A.ENV_READ, node, str(key))
            self.visit(node.slice)
            return
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        if _dotted(node.iter, self.aliases) == _ENV:
            self.add(A.ENV_DUMP, node, A.LISTED)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if not isinstance(node.value, str):
            return
        if len(node.value) < 200 and A.SECRET_PATH_RE.search(A.without_hosts(node.value)):
            self.add(A.SECRET_PATH, node, node.value)
        if len(node.value) < 200 and A.SECRET_STORE_RE.search(node.value):
            self.add(A.SECRET_STORE, node, node.value)
        line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
        if node.value in A.ALL_INTERFACES and A.LISTEN_CONTEXT_RE.search(line):
            self.add(A.LISTEN_ALL, node, node.value)
        for match in A.URL_RE.finditer(node.value):
            self.add(A.URL, node, A.url_host(match))

    def visit_Compare(self, node: ast.Compare) -> None:
        # os.environ.get("READ_ONLY") == "true": the safe mode is off unless someone sets it
        left = node.left
        if (
            isinstance(left, ast.Call)
            and _dotted(left.func, self.aliases) in {f"{_ENV}.get", "os.getenv"}
            and left.args
            and isinstance(left.args[0], ast.Constant)
            and A.SAFETY_FLAG_RE.search(str(left.args[0].value))
            and any(
                isinstance(c, ast.Constant) and str(c.value).lower() in {"true", "1", "yes"}
                for c in node.comparators
            )
        ):
            self.add(A.SAFETY_OPT_IN, node, str(left.args[0].value))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func, self.aliases)
        method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name in {f"{_ENV}.get", "os.getenv", f"{_ENV}.setdefault"}:
            key = (
                node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else "?"
            )
            self.add(A.ENV_READ, node, str(key))
        elif name in {f"{_ENV}.items", f"{_ENV}.keys", f"{_ENV}.values", f"{_ENV}.copy"} or (
            name in _DUMP_CALLS and any(_dotted(a, self.aliases) == _ENV for a in node.args)
        ):
            if id(node) in self.child_env:
                how = A.CHILD
            else:
                how = A.SERIALISED if name in _SERIALISE_CALLS else A.LISTED
            self.add(A.ENV_DUMP, node, how)
        self.child_env.update(id(k.value) for k in node.keywords if k.arg == "env")
        runs = name.startswith(_EXEC) or name in _EVAL or name in self.eval_aliases
        if name.startswith(_EXEC):
            shell = any(
                k.arg == "shell" and getattr(k.value, "value", False) for k in node.keywords
            )
            self.add(A.EXEC, node, "shell" if shell or name in {"os.system", "os.popen"} else name)
        elif name in _EVAL or name in self.eval_aliases:
            self.add(A.EVAL, node, name)
        if self._builtin_getattr(node):
            self.add(A.EXEC_ALIAS, node, "getattr(builtins, ...)")
        if runs and node.args:
            if any(self._decodes(a) for a in node.args):
                self.add(A.ENCODED_EXEC, node, name)
            shown_args = ast.unparse(node.args[0])[:2000]
            if A.HIDDEN_SHELL_RE.search(shown_args):
                self.add(A.ENCODED_EXEC, node, name)
            if A.DNS_SHELL_RE.search(shown_args) or re.search(
                r"['\"](nslookup|dig)['\"]", shown_args
            ):
                self.add(A.DNS_EXFIL, node, "shell")
        if method == "sendto" or (
            name in {"socket.gethostbyname", "socket.getaddrinfo"}
            and node.args
            and isinstance(node.args[0], ast.JoinedStr)
        ):
            self.add(A.DNS_EXFIL, node, method or name)
        elif name.startswith(_NET_PREFIXES) or (self.uses_network and method in _NET_METHODS):
            self.add(A.NETWORK, node, name or method)
        if method in {
            "write_text",
            "write_bytes",
            "mkdir",
            "unlink",
            "rmtree",
            "chmod",
        } or name in {"shutil.rmtree", "shutil.copy", "shutil.move", "os.remove", "os.chmod"}:
            self.add(A.FILE_WRITE, node, method or name)
        elif method in {"read_text", "read_bytes"}:
            self.add(A.FILE_READ, node, method)
        elif name == "open":
            mode = (
                node.args[1]
                if len(node.args) > 1
                else next((k.value for k in node.keywords if k.arg == "mode"), None)
            )
            text = mode.value if isinstance(mode, ast.Constant) else "r"
            self.add(A.FILE_WRITE if any(c in str(text) for c in "wax+") else A.FILE_READ, node)
        if name in {"print", "sys.stdout.write", "pprint.pprint"} and not any(
            k.arg == "file" for k in node.keywords
        ):
            self.add(A.STDOUT, node)
        for k in node.keywords:
            if k.arg == "cmdclass":  # the commands it replaces, when written as a literal dict
                keys = k.value.keys if isinstance(k.value, ast.Dict) else []
                names = [str(c.value) for c in keys if isinstance(c, ast.Constant)]
                self.add(A.CMDCLASS, node, ",".join(names))
        self.generic_visit(node)


MAX_AST_WORDS = 100_000
_WORD = re.compile(r"\w+")
_FALLBACK = [
    (re.compile(r"\b(subprocess\.|os\.system|os\.popen)"), A.EXEC),
    (re.compile(r"\b(eval|exec)\s*\("), A.EVAL),
    (re.compile(r"\b(urllib|urlopen|http\.client|requests\.|socket\.)"), A.NETWORK),
    (re.compile(r"os\.environ|os\.getenv"), A.ENV_READ),
]


def too_big_to_parse(text: str) -> bool:
    """More names than a syntax tree can hold cheaply (it costs about a kilobyte a name)."""
    return next(islice(_WORD.finditer(text), MAX_AST_WORDS, None), None) is not None


def scan_python(text: str) -> tuple[list[Action], list[tuple[str, int]]]:
    """The actions in one Python file and the modules it imports ((name, level) pairs).

    Code that does not parse (Python 2, a template) or is too big to parse is read line by line
    with a few patterns.
    """
    lines = text.splitlines()
    tree = None
    if not too_big_to_parse(text):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
    if tree is None:
        found = [
            Action(kind, n, trim(line))
            for n, line in enumerate(lines, 1)
            for pattern, kind in _FALLBACK
            if pattern.search(line)
        ]
        return found, []
    visitor = _Visitor(lines)
    try:
        visitor.visit(tree)
    except RecursionError:
        pass
    return visitor.found, visitor.imports
