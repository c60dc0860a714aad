"""The one exception type the CLI turns into a one-line message and a non-zero exit."""

import errno


class HooklabError(Exception):
    """A problem the user can fix; its message is one line and says what to do."""

    exit_code = 2


class UnsafeHomeError(HooklabError):
    """Refused to run a fixture without a fake home."""

    exit_code = 3


class ToolMissingError(HooklabError):
    """A command the step needs is not installed."""

    exit_code = 3


def listen_error(exc: OSError, port: int, in_use: str) -> HooklabError:
    """One line for a failed bind on 127.0.0.1: `in_use` when the port is taken, else the reason."""
    if exc.errno == errno.EADDRINUSE:
        return HooklabError(in_use)
    return HooklabError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}")
