"""The one exception type the CLI turns into a one-line message and a non-zero exit."""

import errno
from collections.abc import Mapping
from typing import Any


class HooklabError(Exception):
    """A problem the user can fix; its message is one line and says what to do.

    The message is a plain string, or the same line in each language (`hooklab.lang.both`),
    shown in the reader's language when the error is printed."""

    exit_code = 2

    def __init__(self, message: "str | Mapping[Any, str]" = "") -> None:
        super().__init__(message)

    def text(self, lang: str | None = None) -> str:
        """The message in `lang`, by default the kit's current language."""
        message = self.args[0] if self.args else ""
        if not isinstance(message, Mapping):
            return str(message)
        from hooklab.lang import shown_lang  # lang imports this module

        return str(message[lang or shown_lang()])

    def __str__(self) -> str:
        return self.text()


class UnsafeHomeError(HooklabError):
    """Refused to run a fixture without a fake home."""

    exit_code = 3


class ToolMissingError(HooklabError):
    """A command the step needs is not installed."""

    exit_code = 3


def listen_error(exc: OSError, port: int, in_use: "str | Mapping[Any, str]") -> HooklabError:
    """One line for a failed bind on 127.0.0.1: `in_use` when the port is taken, else the reason."""
    if exc.errno == errno.EADDRINUSE:
        return HooklabError(in_use)
    return HooklabError(
        {
            "ko": f"127.0.0.1:{port}에서 연결을 받을 수 없습니다: {exc.strerror}",
            "en": f"cannot listen on 127.0.0.1:{port}: {exc.strerror}",
        }
    )
