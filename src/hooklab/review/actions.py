"""What a line of code does, as the scanners see it: the shared vocabulary of the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

# kinds of action a scanner reports
ENV_READ = "env_read"  # one environment variable
ENV_DUMP = "env_dump"  # the whole environment serialised, listed or printed; detail:
SERIALISED = "serialised"  # turned into text (a report, a log line)
LISTED = "listed"  # its names or a copy, as a filter needs
CHILD = "child"  # a copy handed to a child process as its environment
SECRET_PATH = "secret_path"  # a path to a credential file is named
FILE_READ = "file_read"
FILE_WRITE = "file_write"
NETWORK = "network"  # a connection or request is made
LISTEN_ALL = "listen_all"  # a server bound to every interface
LISTEN_DEFAULT = "listen_default"  # a server whose host is left to the default (Node: all)
LISTEN = "listen"  # a server bound to a given host
EXEC = "exec"  # a child process
EVAL = "eval"  # code built at run time
STDOUT = "stdout"  # printing to standard output
URL = "url"  # a literal http(s) URL
CMDCLASS = "cmdclass"  # setup(cmdclass=...) replaces setuptools commands
SAFETY_OPT_IN = "safety_opt_in"  # a read-only / non-destructive switch that is off unless set
MASKING = "masking"  # the code masks secrets before output (a mitigation)
SECRET_STORE = "secret_store"  # another program's secret store: a browser profile, a wallet
ENCODED_EXEC = "encoded_exec"  # a decoded or hidden payload handed to exec/eval/a shell
EXEC_ALIAS = "exec_alias"  # exec/eval reached under another name
DNS_EXFIL = "dns_exfil"  # a DNS name built from data, or a datagram sent


@dataclass(frozen=True)
class Action:
    kind: str
    line: int
    evidence: str  # the source line, trimmed
    detail: str = ""
    toplevel: bool = True  # runs on import (not inside a function body)
    tool: str = ""  # the MCP tool function it sits in, if any


# a dot-folder name followed by a dot or a word character is a host (console.aws.amazon.com)
SECRET_PATH_RE = re.compile(
    r"\.ssh(?![\w.-])|\bid_(rsa|ed25519|ecdsa)\b|\.aws(?![\w.-])|\.npmrc\b|\.pypirc\b"
    r"|\.netrc\b|\.kube(?![\w.-])|\.docker/config\.json|\.git-credentials|\.gnupg\b"
    r"|/etc/(passwd|shadow)\b|\.config/gcloud|\.azure(?![\w.-])|(^|/)\.env\b"
)
# other programs' secret stores: browser profiles, chat token stores, wallets
SECRET_STORE_RE = re.compile(
    r"Local Storage[/\\]+leveldb|\bLogin Data\b|\bLocal State\b|cookies\.sqlite|logins\.json"
    r"|key4\.db|\.mozilla[/\\]+firefox|Chrome[/\\]+User Data|BraveSoftware|wallet\.dat"
    r"|exodus[/\\.]wallet|electrum[/\\]+wallets|Ethereum[/\\]+keystore|solana[/\\]+id\.json"
    r"|nkbihfbeogaeaoehlefnkodbefgpgknn|Telegram Desktop[/\\]+tdata",
    re.IGNORECASE,
)
# where code comes back at every login or shell: profiles, cron, launch agents, Run keys
AUTOSTART_RE = re.compile(
    r"\.(bashrc|zshrc|bash_profile|zprofile)\b|(^|[/'\"~])\.profile\b|\bcrontab\b|LaunchAgents"
    r"|\.config/autostart|systemd/user|CurrentVersion\\+Run|Start Menu\\+Programs\\+Startup"
    r"|authorized_keys",
    re.IGNORECASE,
)
SECRET_ENV_RE = re.compile(
    r"TOKEN|SECRET|PASSW|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|AUTH|KUBECONFIG|SESSION",
    re.IGNORECASE,
)
URL_RE = re.compile(r"\b(?:https?|wss?|ftp)://([A-Za-z0-9.\-_\[\]:]+)")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0"}
ALL_INTERFACES = {"0.0.0.0", "::", "[::]"}
# a line where an all-interfaces address is a bind target, not just a value in a list
LISTEN_CONTEXT_RE = re.compile(r"\.listen\(|\bhost\s*[:=]|\bbind\(|\bHOST\b|\.run\(|Server\(")
_SWITCH_RE = re.compile(r"MASK|ALLOW|ENABLE|DISABLE", re.IGNORECASE)
SAFETY_FLAG_RE = re.compile(r"READ_?ONLY|NON_?DESTRUCTIVE|SAFE_?MODE|DRY_?RUN", re.IGNORECASE)


def is_secret_env(name: str) -> bool:
    """A variable whose name says it holds a credential (not a switch like MASK_SECRETS)."""
    return bool(SECRET_ENV_RE.search(name)) and not _SWITCH_RE.search(name)


def trim(line: str, width: int = 160) -> str:
    text = " ".join(line.strip().split())
    return text if len(text) <= width else text[: width - 1] + "…"


def url_host(match: re.Match[str]) -> str:
    host = match.group(1).lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# patterns shared by the JavaScript, Python and shell scanners
# PowerShell told to hide its window or to run a base64 command
HIDDEN_SHELL_RE = re.compile(
    r"-(?:e|ec|enc|encodedcommand)\s+[A-Za-z0-9+/=]{20,}|-w(?:indowstyle)?\s+hidden", re.IGNORECASE
)
# a DNS look-up of a name built from data: `nslookup $(whoami).x.example`, `dig ${TOKEN}.x`
DNS_SHELL_RE = re.compile(r"(?<![\w-])(nslookup|dig|host)\s[^|;&]*(\$\(|`|\$\{?\w)")


def without_hosts(text: str) -> str:
    """The text with every URL's scheme and host cut out (a host is not a path)."""
    return URL_RE.sub("", text)


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")
