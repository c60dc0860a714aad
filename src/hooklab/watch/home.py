"""A fake home with fake credentials: the only home a fixture is ever run with."""

from __future__ import annotations

import hashlib
import hmac
import os
import pwd
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hooklab.errors import HooklabError, UnsafeHomeError
from hooklab.lang import LANGS, Catalogue, both, in_both, say
from hooklab.paths import work_dir
from hooklab.safefile import read_regular
from hooklab.safetext import shown

# Why a HOME is refused for a fixture run: notebook 00 shows one to the reader.
REFUSALS: Catalogue = {
    "real-home": {
        "en": "refusing to run a fixture with HOME={home}: that is (or contains) the real home;"
        " hooklab runs fixtures only with a fake home it created",
        "ko": "HOME={home}로는 픽스처를 실행하지 않습니다: 진짜 홈이거나 진짜 홈을 품은 폴더입니다."
        " hooklab은 자기가 만든 가짜 홈에서만 픽스처를 실행합니다",
    },
    "no-marker": {
        "en": "refusing to run a fixture with HOME={home}: not a fake home made by hooklab"
        " (no {marker}); leave --home out and hooklab makes one",
        "ko": "HOME={home}로는 픽스처를 실행하지 않습니다: hooklab이 만든 가짜 홈이 아닙니다"
        " ({marker} 없음). --home을 빼면 hooklab이 하나 만듭니다",
    },
    "no-token": {
        "en": "refusing to run a fixture with HOME={home}: not a fake home made by hooklab"
        " (its {marker} lacks the kit's token); leave --home out and hooklab makes one",
        "ko": "HOME={home}로는 픽스처를 실행하지 않습니다: hooklab이 만든 가짜 홈이 아닙니다"
        " ({marker}에 키트의 토큰이 없음). --home을 빼면 hooklab이 하나 만듭니다",
    },
    # a fake home that leads out of itself: "unsafe", with one of the reasons below as {why}
    "unsafe": both(
        "HOME={home}로는 실행하지 않습니다: {why}", "refusing to run with HOME={home}: {why}"
    ),
    "cannot-read": both("{folder}을(를) 읽을 수 없습니다: {why}", "cannot read {folder}: {why}"),
    "too-many": both(
        "링크인지 확인할 항목이 {count}개보다 많습니다",
        "more than {count} entries to check for links",
    ),
    "symlink": both(
        "{path}은(는) 가짜 홈 밖의 {target}을(를) 가리키는 링크입니다",
        "{path} is a link to {target}, outside the fake home",
    ),
    "hard-link": both(
        "{path}은(는) 하드 링크입니다. 다른 이름이 가짜 홈 밖에 있을 수 있습니다",
        "{path} is a hard link; its other name may be outside the fake home",
    ),
    "damaged-key": both(
        "키트의 가짜 홈 키 {path}이(가) 손상되었습니다. 지우고 다시 실행하세요 (그 키로 만든"
        " 가짜 홈은 그 뒤로 거부됩니다)",
        "the kit's fake-home key {path} is damaged; delete it (fake homes made with "
        "it will then be refused) and run again",
    ),
}

MARKER = ".hooklab-fake-home"
MARKER_TEXT = "This folder is a fake home made by hooklab. Every secret in it is fake.\n"
TOKEN_PREFIX = "hooklab-token: "
# The secret behind every marker's token, one per work folder; a package that can write into a
# folder cannot compute a token for it without this file.
KEY_FILE = "fake-home.key"
_KEY_BYTES = 32
_MARKER_MAX = 4096
# A fake home the kit made holds a dozen files; a larger walk is refused, not cut short.
MAX_HOME_ENTRIES = 10_000

# Every value is made up and shaped like the real thing so a reader (and a scanner) recognises it.
FAKE_SECRETS = {
    "aws_access_key_id": "AKIAHOOKLABFAKE00001",
    "aws_secret_access_key": "hooklabFAKEsecretKEYdoNOTuse0000000000000",
    "npm_token": "npm_HOOKLABFAKEtoken000000000000000000000",
    "ssh_private_key": "hooklab-FAKE-ed25519-private-key-material",
    "github_token": "ghp_HOOKLABFAKEgithubTOKEN00000000000000",
    "openai_api_key": "sk-hooklab-FAKE-0000000000000000000000000000",
}

FAKE_ENV = {
    "GITHUB_TOKEN": FAKE_SECRETS["github_token"],
    "OPENAI_API_KEY": FAKE_SECRETS["openai_api_key"],
    "AWS_ACCESS_KEY_ID": FAKE_SECRETS["aws_access_key_id"],
}

_FILES = {
    ".aws/credentials": (
        "[default]\n"
        f"aws_access_key_id = {FAKE_SECRETS['aws_access_key_id']}\n"
        f"aws_secret_access_key = {FAKE_SECRETS['aws_secret_access_key']}\n"
    ),
    ".npmrc": f"//127.0.0.1:4873/:_authToken={FAKE_SECRETS['npm_token']}\n",
    ".ssh/id_ed25519": (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        f"{FAKE_SECRETS['ssh_private_key']}\n"
        "-----END OPENSSH PRIVATE KEY-----\n"
    ),
    ".config/gh/hosts.yml": f"github.com:\n    oauth_token: {FAKE_SECRETS['github_token']}\n",
}

SECRET_FILES = tuple(_FILES)


def real_home() -> Path:
    """The account's real home, from the password database (not from $HOME, which we replace)."""
    return Path(pwd.getpwuid(os.getuid()).pw_dir).resolve()


@dataclass(frozen=True)
class FakeHome:
    path: Path

    @classmethod
    def create(cls, parent: Path | None = None) -> FakeHome:
        """A new fake home under `parent` (a temp folder by default), filled with fake secrets."""
        if parent is not None:
            parent.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix="fakehome-", dir=parent)).resolve()
        for rel, text in _FILES.items():
            target = path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        (path / ".ssh").chmod(0o700)
        (path / ".ssh" / "id_ed25519").chmod(0o600)
        (path / MARKER).write_text(f"{MARKER_TEXT}{TOKEN_PREFIX}{_token(path)}\n")
        return cls(path)

    @classmethod
    def verify(cls, path: FakeHome | Path | str) -> FakeHome:
        """Accept `path` only if the kit made it and nothing in it leads out of it; refuse the
        real home in any disguise. A `FakeHome` is checked again like any path."""
        if isinstance(path, FakeHome):
            path = path.path
        home = cls._made_by_kit(path)
        _check_links(home.path)
        return home

    @classmethod
    def _made_by_kit(cls, path: Path | str) -> FakeHome:
        """`path` resolved, if it is not the real home and its marker carries the kit's token."""
        resolved = Path(path).expanduser().resolve()
        real = real_home()
        home = shown(resolved)
        if resolved == real or real.is_relative_to(resolved):
            raise UnsafeHomeError(in_both(REFUSALS, "real-home", home=home))
        token = _marker_token(resolved / MARKER)
        if token is None or not hmac.compare_digest(token.encode(), _token(resolved).encode()):
            key = "no-marker" if token is None else "no-token"
            raise UnsafeHomeError(in_both(REFUSALS, key, home=home, marker=MARKER))
        return cls(resolved)

    def remove(self) -> None:
        """Delete this fake home; only ever one the kit made (its marker must still carry the
        kit's token). Links inside are removed, never followed."""
        shutil.rmtree(FakeHome._made_by_kit(self.path).path)

    def secret_paths(self) -> list[Path]:
        return [self.path / rel for rel in SECRET_FILES]

    def env(self) -> dict[str, str]:
        """HOME, XDG folders and fake token variables, all pointing into the fake home."""
        p = self.path
        return {
            "HOME": str(p),
            "USERPROFILE": str(p),
            "XDG_CONFIG_HOME": str(p / ".config"),
            "XDG_CACHE_HOME": str(p / ".cache"),
            "XDG_DATA_HOME": str(p / ".local" / "share"),
            "NPM_CONFIG_USERCONFIG": str(p / ".npmrc"),
            **FAKE_ENV,
        }


def _kit_key() -> bytes:
    """This work folder's fake-home key, made on first use (the first of racing writers wins)."""
    path = work_dir() / KEY_FILE
    if not path.exists():
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, secrets.token_bytes(_KEY_BYTES))
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = read_regular(path, _KEY_BYTES)
    if key is None or len(key) != _KEY_BYTES:
        raise HooklabError(in_both(REFUSALS, "damaged-key", path=shown(path)))
    return key


def _token(home: Path) -> str:
    """The marker token for the fake home at `home` (a resolved path)."""
    message = b"hooklab fake home\0" + os.fsencode(home)
    return hmac.new(_kit_key(), message, hashlib.sha256).hexdigest()


def _marker_token(marker: Path) -> str | None:
    """The token in the marker file: None without a marker, "" for a marker without a token."""
    data = read_regular(marker, _MARKER_MAX)
    if data is None:
        return None
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith(TOKEN_PREFIX):
            return line[len(TOKEN_PREFIX) :].strip()
    return ""


def _check_links(home: Path) -> None:
    """Refuse a fake home holding a symlink that resolves outside it or a hard-linked file (its
    other name may be anywhere); the walk never follows a link and stops at MAX_HOME_ENTRIES."""

    def refuse(key: str, **fields: object) -> UnsafeHomeError:
        return UnsafeHomeError(
            {
                lang: say(
                    REFUSALS,
                    "unsafe",
                    lang,
                    home=shown(home),
                    why=say(REFUSALS, key, lang, **fields),
                )
                for lang in LANGS
            }
        )

    todo = [home]
    seen = 0
    while todo:
        folder = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            raise refuse("cannot-read", folder=shown(folder), why=exc.strerror) from None
        for entry in entries:
            seen += 1
            if seen > MAX_HOME_ENTRIES:
                raise refuse("too-many", count=MAX_HOME_ENTRIES)
            path = Path(entry.path)
            if entry.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(home):
                    raise refuse(
                        "symlink", path=shown(path.relative_to(home)), target=shown(target)
                    )
            elif entry.is_dir(follow_symlinks=False):
                todo.append(path)
            elif _links(entry) > 1:
                raise refuse("hard-link", path=shown(path.relative_to(home)))


def _links(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_nlink
    except OSError:  # gone since the scan: nothing left to follow
        return 1


def find_secrets(text: str) -> tuple[str, ...]:
    """Names of the fake secrets that appear in `text`."""
    return tuple(name for name, value in FAKE_SECRETS.items() if value in text)
