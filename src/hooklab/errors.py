"""The one exception type the CLI turns into a one-line message and a non-zero exit."""


class HooklabError(Exception):
    """A problem the user can fix; its message is one line and says what to do."""

    exit_code = 2


class UnsafeHomeError(HooklabError):
    """Refused to run a fixture without a fake home."""

    exit_code = 3


class ToolMissingError(HooklabError):
    """A command the step needs is not installed."""
