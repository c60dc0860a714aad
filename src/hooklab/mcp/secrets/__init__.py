"""The kit's secret detector: rules as data (`rules.py`) and the search over a text (`scan.py`)."""

from hooklab.mcp.secrets.rules import ASSIGNMENT, PEM, RULES, Rule
from hooklab.mcp.secrets.scan import (
    HOME_KIND,
    MARKED_KIND,
    entropy,
    find_spans,
    is_secret_name,
    looks_random,
    split_spans,
)

ALL_RULES: tuple[Rule, ...] = (PEM, *RULES, ASSIGNMENT)

__all__ = [
    "ALL_RULES",
    "HOME_KIND",
    "MARKED_KIND",
    "Rule",
    "entropy",
    "find_spans",
    "is_secret_name",
    "looks_random",
    "split_spans",
]
