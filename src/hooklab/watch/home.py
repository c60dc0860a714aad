"""A fake home with fake credentials: the only home a fixture is ever run with."""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hooklab.errors import UnsafeHomeError

MARKER = ".hooklab-fake-home"

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
    MARKER: "This folder is a fake home made by hooklab. Every secret in it is fake.\n",
}

SECRET_FILES = tuple(p for p in _FILES if p != MARKER)


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
        return cls(path)

    @classmethod
    def verify(cls, path: Path | str) -> FakeHome:
        """Accept `path` only if the kit made it; refuse the real home in any disguise."""
        resolved = Path(path).expanduser().resolve()
        real = real_home()
        if resolved == real or real.is_relative_to(resolved):
            raise UnsafeHomeError(
                f"refusing to run a fixture with HOME={resolved}: that is (or contains) the real "
                "home; hooklab runs fixtures only with a fake home it created"
            )
        if not (resolved / MARKER).is_file():
            raise UnsafeHomeError(
                f"refusing to run a fixture with HOME={resolved}: not a fake home made by hooklab "
                f"(no {MARKER}); leave --home out and hooklab makes one"
            )
        return cls(resolved)

    def remove(self) -> None:
        """Delete this fake home; only ever one the kit made (it must still carry the marker)."""
        shutil.rmtree(FakeHome.verify(self.path).path)

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


def find_secrets(text: str) -> tuple[str, ...]:
    """Names of the fake secrets that appear in `text`."""
    return tuple(name for name, value in FAKE_SECRETS.items() if value in text)
